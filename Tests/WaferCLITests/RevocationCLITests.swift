import Foundation
import Testing

/// `--revoked FILE` on `authorize` and `macaroon verify`, and `--clock-skew`.
@Suite("Revocation lists and clock skew in the CLI")
struct RevocationCLITests {
    /// A folder with a root key, its public key, and a token attenuated once.
    private func setup() throws -> (directory: URL, publicKey: String, token: String, ids: [String]) {
        let directory = try temporaryDirectory()
        let publicKey = try wafer("keygen", "--output", "root.key", in: directory).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let minted = try wafer("mint", "--key", "root.key", "--code", #"right("read");"#, in: directory).standardOutput
        let token = try wafer("attenuate", minted.trimmingCharacters(in: .whitespacesAndNewlines), "--code", #"check if operation("read");"#, "--json", in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(token.standardOutput.utf8)) as? [String: Any])
        return (
            directory, publicKey, try #require(object["token"] as? String),
            try #require(object["revocationIds"] as? [String])
        )
    }

    @Test("authorize refuses a token whose block id is in the --revoked file (exit 1), naming the block and the id")
    func authorizeRevoked() throws {
        let (directory, publicKey, token, ids) = try setup()
        let authorize = ["authorize", token, "--public-key", publicKey, "--code", #"operation("read"); allow if true;"#]
        try "# revoked after the leak\n\(ids[1].uppercased())\n".write(
            to: directory.appendingPathComponent("revoked.txt"), atomically: true, encoding: .utf8)
        let refused = try wafer(arguments: authorize + ["--revoked", "revoked.txt"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("block 1's revocation id \(ids[1]) is in the revocation list [revoked]"))
        #expect(refused.standardOutput.isEmpty)

        let json = try wafer(arguments: authorize + ["--revoked", "revoked.txt", "--json"], in: directory)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "error")
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == "revoked")
        #expect(error["exitCode"] as? Int == 1)

        try "\n# nothing revoked yet\n".write(to: directory.appendingPathComponent("revoked.txt"), atomically: true, encoding: .utf8)
        #expect(try wafer(arguments: authorize + ["--revoked", "revoked.txt"], in: directory).status == 0)
    }

    @Test("a malformed --revoked file is invalid input naming the line; a missing one is a file problem")
    func badRevocationFile() throws {
        let (directory, publicKey, token, _) = try setup()
        let authorize = ["authorize", token, "--public-key", publicKey, "--code", "allow if true;"]
        try "00ff\nnot an id\n".write(to: directory.appendingPathComponent("bad.txt"), atomically: true, encoding: .utf8)
        let bad = try wafer(arguments: authorize + ["--revoked", "bad.txt"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("--revoked: bad.txt, line 2:"))
        let missing = try wafer(arguments: authorize + ["--revoked", "missing.txt"], in: directory)
        #expect(missing.status == 3)
        #expect(missing.standardError.contains("the revocation list missing.txt does not exist"))
    }

    @Test("macaroon verify refuses a macaroon whose identifier is revoked (hex, as inspect --json prints it)")
    func macaroonRevoked() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("macaroon", "keygen", "--output", "m.key", in: directory).status == 0)
        let token = try wafer("macaroon", "mint", "--key-file", "m.key", "--id", "key-1", in: directory).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let inspected = try wafer("macaroon", "inspect", token, "--json", in: directory).standardOutput
        let object = try #require(try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [String: Any])
        let id = try #require(object["revocationId"] as? String)
        #expect(id == "6b65792d31")
        try "\(id)\n".write(to: directory.appendingPathComponent("revoked.txt"), atomically: true, encoding: .utf8)
        #expect(try wafer("macaroon", "verify", token, "--key-file", "m.key", in: directory).status == 0)
        let refused = try wafer("macaroon", "verify", token, "--key-file", "m.key", "--revoked", "revoked.txt", in: directory)
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("revoked in macaroon \"key-1\""))
    }

    @Test("--clock-skew honours an expiry that many seconds longer, in authorize and macaroon verify")
    func clockSkew() throws {
        let (directory, publicKey, _, _) = try setup()
        let minted = try wafer(
            "mint", "--key", "root.key", "--code", "check if time($t), $t <= 2030-01-01T00:00:00Z;", in: directory
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let authorize = ["authorize", minted, "--public-key", publicKey, "--code", "allow if true;", "--time", "2030-01-01T00:00:20Z"]
        #expect(try wafer(arguments: authorize, in: directory).status == 1)
        #expect(try wafer(arguments: authorize + ["--clock-skew", "30"], in: directory).status == 0)
        let tooMuch = try wafer(arguments: authorize + ["--clock-skew", "100000"], in: directory)
        #expect(tooMuch.status == 64)

        #expect(try wafer("macaroon", "keygen", "--output", "m.key", in: directory).status == 0)
        let macaroon = try wafer(
            "macaroon", "mint", "--key-file", "m.key", "--id", "k", "--caveat", "check if time($t), $t <= 2030-01-01T00:00:00Z",
            in: directory
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let verify = ["macaroon", "verify", macaroon, "--key-file", "m.key", "--time", "2030-01-01T00:00:20Z"]
        #expect(try wafer(arguments: verify, in: directory).status == 1)
        #expect(try wafer(arguments: verify + ["--clock-skew", "30"], in: directory).status == 0)
    }
}
