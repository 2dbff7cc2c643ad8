import Foundation
import Testing
import WaferCrypto

/// Runs `wafer` and parses its standard output as one JSON object.
func waferJSON(_ arguments: [String], input: String? = nil, in directory: URL, status: Int32 = 0) throws -> [String: Any] {
    let result = try wafer(arguments: arguments, input: input, in: directory)
    #expect(result.status == status, "\(arguments): \(result.standardError)")
    #expect(result.standardOutput.filter { $0 == "\n" }.count == 1, "\(arguments): one line of JSON")
    return try #require(
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(arguments)")
}

@Suite("wafer --json: one object per command, for scripts, never a secret")
struct JSONOutputCLITests {
    @Test("keygen and pubkey: public key, algorithm, PEM, file; never the private key")
    func keys() throws {
        let directory = try temporaryDirectory()
        let keygen = try waferJSON(["keygen", "-o", "root.key", "--algorithm", "secp256r1", "--json"], in: directory)
        #expect(keygen["algorithm"] as? String == "secp256r1")
        #expect(keygen["file"] as? String == "root.key")
        #expect(keygen["format"] as? String == "text")
        let publicKey = try #require(keygen["publicKey"] as? String)
        #expect(publicKey.hasPrefix("secp256r1/"))
        #expect((keygen["pem"] as? String)?.hasPrefix("-----BEGIN PUBLIC KEY-----") == true)
        let privateText = try String(contentsOf: directory.appendingPathComponent("root.key"), encoding: .utf8)
        let privateHex = try #require(privateText.split(separator: "/").last).trimmingCharacters(in: .whitespacesAndNewlines)
        let keygenOutput = try JSONSerialization.data(withJSONObject: keygen)
        #expect(!String(decoding: keygenOutput, as: UTF8.self).contains(privateHex))

        let pubkey = try waferJSON(["pubkey", "--key", "root.key", "--json"], in: directory)
        #expect(pubkey["publicKey"] as? String == publicKey)
        #expect(pubkey["algorithm"] as? String == "secp256r1")
    }

    @Test("mint, attenuate, seal, third-party request/create/append: token, revocation ids, block count, sealed")
    func tokens() throws {
        let directory = try temporaryDirectory()
        let root = try #require(try waferJSON(["keygen", "-o", "root.key", "--json"], in: directory)["publicKey"] as? String)
        try (root + "\n").write(to: directory.appendingPathComponent("root.pub"), atomically: true, encoding: .utf8)
        let third = try #require(try waferJSON(["keygen", "-o", "third.key", "--json"], in: directory)["publicKey"] as? String)
        let minted = try waferJSON(["mint", "--key", "root.key", "--code", "user(\"alice\");", "--json"], in: directory)
        #expect(minted["blockCount"] as? Int == 1)
        #expect(minted["sealed"] as? Bool == false)
        #expect((minted["revocationIds"] as? [String])?.first?.count == 128)
        let token = try #require(minted["token"] as? String)

        let attenuated = try waferJSON(["attenuate", token, "--code", "check if true;", "--json"], in: directory)
        #expect(attenuated["blockCount"] as? Int == 2)
        #expect((attenuated["revocationIds"] as? [String])?.first == (minted["revocationIds"] as? [String])?.first)

        let sealed = try waferJSON(["seal", try #require(attenuated["token"] as? String), "--json"], in: directory)
        #expect(sealed["sealed"] as? Bool == true)
        #expect(sealed["blockCount"] as? Int == 2)

        let request = try waferJSON(["third-party", "request", token, "--public-key", root, "--json"], in: directory)
        let requestText = try #require(request["request"] as? String)
        let block = try waferJSON(["third-party", "create", requestText, "--key", "third.key", "--code", "group(\"admin\");", "--json"], in: directory)
        #expect(block["externalKey"] as? String == third)
        let appended = try waferJSON(
            ["third-party", "append", token, try #require(block["block"] as? String), "--public-key-file", "root.pub", "--json"], in: directory)
        #expect(appended["blockCount"] as? Int == 2)

        // inspect --json names the third party that signed block 1.
        let inspected = try waferJSON(["inspect", try #require(appended["token"] as? String), "--public-key", root, "--json"], in: directory)
        let blocks = try #require(inspected["blocks"] as? [[String: Any]])
        #expect(blocks.last?["externalKey"] as? String == third)
        #expect(inspected["verified"] as? Bool == true)
    }

    @Test("authorize --json: allow, deny (exit 1), and an error object (exit 2)")
    func authorize() throws {
        let directory = try temporaryDirectory()
        let root = try #require(try waferJSON(["keygen", "-o", "root.key", "--json"], in: directory)["publicKey"] as? String)
        let token = try #require(try waferJSON(["mint", "--key", "root.key", "--code", "user(\"alice\");", "--json"], in: directory)["token"] as? String)
        let allowed = try waferJSON(["authorize", token, "--public-key", root, "--code", "allow if user(\"alice\");", "--json"], in: directory)
        #expect(allowed["outcome"] as? String == "allow")
        let denied = try waferJSON(["authorize", token, "--public-key", root, "--code", "allow if user(\"bob\");", "--json"], in: directory, status: 1)
        #expect(denied["outcome"] as? String == "deny")
        let error = try waferJSON(["authorize", token, "--public-key", root, "--code", "allow if", "--json"], in: directory, status: 2)
        #expect(error["outcome"] as? String == "error")
        #expect((error["error"] as? [String: Any])?["line"] as? Int == 1)
    }

    @Test("macaroon keygen, mint, attenuate, add-third-party, discharge, bind, verify; never the root key")
    func macaroons() throws {
        let directory = try temporaryDirectory()
        let keygen = try waferJSON(["macaroon", "keygen", "-o", "root.key", "--json"], in: directory)
        #expect(keygen["file"] as? String == "root.key")
        #expect(keygen["bytes"] as? Int == 32)
        #expect(try wafer("macaroon", "keygen", "-o", "tp.key", in: directory).status == 0)
        let rootHex = try String(contentsOf: directory.appendingPathComponent("root.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tpHex = try String(contentsOf: directory.appendingPathComponent("tp.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        var outputs: [String] = []
        func json(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
            let result = try wafer(arguments: arguments, in: directory)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            outputs.append(result.standardOutput)
            return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        }
        let minted = try json(["macaroon", "mint", "--key-file", "root.key", "--id", "key-1", "--location", "https://svc.example/", "--caveat", "account = 1", "--json"])
        #expect(minted["identifier"] as? String == "key-1")
        #expect(minted["location"] as? String == "https://svc.example/")
        #expect(minted["caveatCount"] as? Int == 1)
        #expect(minted["format"] as? String == "v1")
        let token = try #require(minted["token"] as? String)
        let attenuated = try json(["macaroon", "attenuate", token, "--caveat", "action = read", "--json"])
        #expect(attenuated["caveatCount"] as? Int == 2)
        let withThirdParty = try json([
            "macaroon", "add-third-party", try #require(attenuated["token"] as? String), "--location", "https://auth.example/",
            "--caveat-key-file", "tp.key", "--id", "user-is-alice", "--format", "v2", "--json",
        ])
        #expect(withThirdParty["format"] as? String == "v2")
        #expect(withThirdParty["caveatCount"] as? Int == 3)
        let top = try #require(withThirdParty["token"] as? String)
        let discharge = try json(["macaroon", "discharge", "--key-file", "tp.key", "--id", "user-is-alice", "--json"])
        let bound = try json(["macaroon", "bind", top, try #require(discharge["token"] as? String), "--json"])
        let boundDischarge = try #require((bound["discharges"] as? [String])?.first)
        let verified = try json([
            "macaroon", "verify", top, "--key-file", "root.key", "--satisfy", "account = 1", "--satisfy", "action = read",
            "--discharge", boundDischarge, "--json",
        ])
        #expect(verified["outcome"] as? String == "authorized")
        let refused = try json(["macaroon", "verify", top, "--key-file", "root.key", "--satisfy", "account = 1", "--discharge", boundDischarge, "--json"], status: 1)
        #expect(refused["outcome"] as? String == "unauthorized")
        #expect((refused["reason"] as? String)?.isEmpty == false)
        for output in outputs {
            #expect(!output.contains(rootHex) && !output.contains(tpHex), "a key in \(output)")
        }
    }
}
