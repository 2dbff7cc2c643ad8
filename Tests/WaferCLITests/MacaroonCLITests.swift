import Foundation
import Testing
import WaferCrypto

@Suite("wafer macaroon")
struct MacaroonCLITests {
    /// The libmacaroons README macaroon, as pymacaroons serializes it (V1).
    static let readmeToken =
        "MDAxY2xvY2F0aW9uIGh0dHA6Ly9teWJhbmsvCjAwMjZpZGVudGlmaWVyIHdlIHVzZWQgb3VyIHNlY3JldCBrZXkKMDAxZGNpZCBhY2NvdW50ID0gMzczNTkyODU1OQowMDIwY2lkIHRpbWUgPCAyMDIwLTAxLTAxVDAwOjAwCjAwMjJjaWQgZW1haWwgPSBhbGljZUBleGFtcGxlLm9yZwowMDJmc2lnbmF0dXJlIN31U-Rgg-VbjXGrgivj2PzyHWvxnEDWF7uftDiTRHS2Cg"

    func writeKey(_ text: String, in directory: URL, name: String = "root.key") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try writeKeyFile(Hex.encode(Array(text.utf8)) + "\n", to: URL(fileURLWithPath: path))
        return path
    }

    func output(_ result: ProcessResult) -> String {
        result.standardOutput.trimmingCharacters(in: .newlines)
    }

    @Test("help lists the subcommands and the verify exit codes")
    func help() throws {
        let help = try wafer("macaroon", "--help")
        #expect(help.status == 0)
        for command in ["keygen", "mint", "attenuate", "add-third-party", "discharge", "bind", "inspect", "verify"] {
            #expect(help.standardOutput.contains(command), "\(command)")
        }
        let verify = try wafer("macaroon", "verify", "--help")
        #expect(verify.standardOutput.contains("0 authorized"))
        #expect(try wafer("--help").standardOutput.contains("macaroon"))
    }

    @Test("keygen writes 32 bytes of hex with mode 0600 and refuses to overwrite")
    func keygen() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("root.key").path
        let result = try wafer("macaroon", "keygen", "--output", path)
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(try Hex.decode(text).count == 32)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try wafer("macaroon", "keygen", "--output", path).status == 3)
        #expect(try wafer("macaroon", "keygen", "--output", path, "--force").status == 0)
    }

    @Test("mint and attenuate reproduce the libmacaroons README macaroon byte for byte")
    func mintReadme() throws {
        let directory = try temporaryDirectory()
        let key = try writeKey("this is our super secret key; only we should know it", in: directory)
        let minted = try wafer(
            "macaroon", "mint", "--key-file", key, "--id", "we used our secret key", "--location", "http://mybank/",
            "--caveat", "account = 3735928559")
        #expect(minted.status == 0, "\(minted.standardError)")
        let attenuated = try wafer(
            "macaroon", "attenuate", output(minted), "--caveat", "time < 2020-01-01T00:00", "--caveat", "email = alice@example.org")
        #expect(output(attenuated) == Self.readmeToken)
        let viaStdin = try wafer("macaroon", "attenuate", "-", "--caveat", "x", "--format", "v2json", input: Self.readmeToken)
        #expect(viaStdin.standardOutput.hasPrefix("{\"v\":2,\"l\":\"http://mybank/\",\"i\":\"we used our secret key\",\"c\":["))
        let inspect = try wafer("macaroon", "inspect", Self.readmeToken)
        #expect(inspect.standardOutput.hasSuffix("signature ddf553e46083e55b8d71ab822be3d8fcf21d6bf19c40d617bb9fb438934474b6\n"))
        let json = try wafer("macaroon", "inspect", Self.readmeToken, "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "v1")
        #expect((object["caveats"] as? [Any])?.count == 3)
    }

    @Test("third-party caveat, discharge, bind and verify, with exit codes 0, 1, 2 and 3", arguments: ["v1", "v2", "v2json"])
    func thirdPartyFlow(format: String) throws {
        let directory = try temporaryDirectory()
        let key = try writeKey("root", in: directory)
        let tpKey = try writeKey("third party", in: directory, name: "tp.key")
        let token = output(try wafer(
            "macaroon", "mint", "--key-file", key, "--id", "id-1", "--caveat", "account = 1",
            "--caveat", "check if time($t), $t < 2030-01-01T00:00:00Z", "--format", format))
        let withThirdParty = try wafer(
            "macaroon", "add-third-party", token, "--location", "https://auth.example/", "--caveat-key-file", tpKey, "--id", "alice")
        #expect(withThirdParty.status == 0, "\(withThirdParty.standardError)")
        let discharge = output(try wafer(
            "macaroon", "discharge", "--key-file", tpKey, "--id", "alice", "--caveat", "check if user(\"alice\")", "--format", format))
        let bound = output(try wafer("macaroon", "bind", output(withThirdParty), discharge))
        let common = ["macaroon", "verify", output(withThirdParty), "--key-file", key, "--satisfy", "account = 1", "--fact", "user(\"alice\")"]
        let ok = try run(waferBinary, common + ["--time", "2029-06-01T00:00:00Z", "--discharge", bound])
        #expect(ok.status == 0, "\(ok.standardOutput) \(ok.standardError)")
        #expect(ok.standardOutput == "authorized\n")
        let late = try run(waferBinary, common + ["--time", "2031-01-01T00:00:00Z", "--discharge", bound])
        #expect(late.status == 1)
        #expect(late.standardOutput.contains("caveat 1"))
        let unbound = try run(waferBinary, common + ["--time", "now", "--discharge", discharge])
        #expect(unbound.status == 1)
        let missing = try run(waferBinary, common + ["--time", "now"])
        #expect(missing.status == 1)
        #expect(missing.standardOutput.contains("missingDischarge"))
        #expect(try run(waferBinary, common + ["--time", "yesterday"]).status == 2)
        #expect(try run(waferBinary, common + ["--fact", "broken(", "--discharge", bound]).status == 2)
        #expect(try wafer("macaroon", "verify", "not a token!", "--key-file", key).status == 2)
        #expect(try wafer("macaroon", "verify", token, "--key-file", directory.appendingPathComponent("none").path).status == 3)
        let badKey = directory.appendingPathComponent("bad.key").path
        try writeKeyFile("not hex\n", to: URL(fileURLWithPath: badKey))
        #expect(try wafer("macaroon", "verify", token, "--key-file", badKey).status == 2)
        #expect(try wafer("macaroon", "verify", token, "--key-file", key, "--bogus").status == 64)
        let tooMany = try run(waferBinary, common + Array(repeating: ["--discharge", bound], count: 65).flatMap { $0 })
        #expect(tooMany.status == 5, "\(tooMany.standardError)")
    }
}
