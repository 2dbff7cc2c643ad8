import Foundation
import Testing
import WaferCrypto

@Suite("wafer mint / attenuate / inspect / authorize, end to end")
struct BiscuitCLITests {
    /// A folder with a root key file; returns the folder and the root public key text.
    func rootKey() throws -> (URL, String) {
        let directory = try temporaryDirectory()
        let keygen = try wafer("keygen", "--output", "root.key", in: directory)
        #expect(keygen.status == 0)
        let pubkey = try wafer("pubkey", "--key", "root.key", in: directory)
        return (directory, pubkey.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("mint, attenuate, authorize: allow (0), deny (1), and the failed check is printed")
    func lifecycle() throws {
        let (directory, publicKey) = try rootKey()
        let mint = try wafer(
            "mint", "--key", "root.key", "--param", "who=alice",
            "--code", #"user({who}); right("file1", "read"); check if time($t), $t < 2030-01-01T00:00:00Z;"#,
            in: directory)
        #expect(mint.status == 0, "\(mint.standardError)")
        let token = mint.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let attenuate = try wafer("attenuate", token, "--code", #"check if operation("read");"#, in: directory)
        #expect(attenuate.status == 0, "\(attenuate.standardError)")
        let attenuated = attenuate.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        let allow = try wafer(
            "authorize", attenuated, "--public-key", publicKey, "--code",
            #"operation("read"); allow if user("alice");"#, "--time", "2025-06-01T00:00:00Z", in: directory)
        #expect(allow.status == 0, "\(allow.standardError)")
        #expect(allow.standardOutput == "allow: policy 0\n")

        let deny = try wafer(
            "authorize", attenuated, "--public-key", publicKey, "--code",
            #"operation("write"); allow if user("alice");"#, "--time", "now", in: directory)
        #expect(deny.status == 1)
        #expect(deny.standardOutput == "deny: allow policy 0 matched\nfailed block 1 check 0: check if operation(\"read\")\n")
    }

    @Test("a wrong root key, a garbage token, bad Datalog exit 2; a missing file exits 3")
    func failures() throws {
        let (directory, _) = try rootKey()
        let token = try wafer("mint", "--key", "root.key", "--code", #"user("alice");"#, in: directory)
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let other = SigningKey(algorithm: .ed25519).publicKey.description
        let wrongKey = try wafer("authorize", token, "--public-key", other, "--code", "allow if true;", in: directory)
        #expect(wrongKey.status == 2)
        #expect(wrongKey.standardError.contains("invalidSignature"))
        let garbage = try wafer("inspect", "not*a*token", in: directory)
        #expect(garbage.status == 2)
        let badCode = try wafer("mint", "--key", "root.key", "--code", "user(", in: directory)
        #expect(badCode.status == 2)
        let missing = try wafer("mint", "--key", "root.key", "missing.dl", in: directory)
        #expect(missing.status == 3)
    }

    @Test("inspect prints blocks and verifies with --public-key; --json is one object")
    func inspect() throws {
        let (directory, publicKey) = try rootKey()
        let token = try wafer("mint", "--key", "root.key", "--root-key-id", "3", "--code", #"user("alice");"#, in: directory)
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try wafer("inspect", token, "--public-key", publicKey, in: directory)
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("root key id: 3\nsealed: false\nverified: yes\n"))
        #expect(text.standardOutput.contains("block 0 (version 3, signature version 0)"))
        #expect(text.standardOutput.hasSuffix("user(\"alice\");\n"))
        let json = try wafer("inspect", token, "--json", in: directory)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["rootKeyId"] as? Int == 3)
        #expect(object["verified"] as? Bool == false)
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.first?["code"] as? String == "user(\"alice\");\n")
    }

    @Test("tokens come from a file or standard input; a sealed token refuses attenuation; a bad --time exits 2")
    func inputsAndSealing() throws {
        let (directory, publicKey) = try rootKey()
        let token = try wafer("mint", "--key", "root.key", "--code", #"user("alice");"#, in: directory)
            .standardOutput
        try token.write(to: directory.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
        let fromFile = try wafer("inspect", "token.txt", in: directory)
        #expect(fromFile.status == 0)
        let fromStdin = try wafer("inspect", "-", input: token, in: directory)
        #expect(fromStdin.standardOutput == fromFile.standardOutput)

        let sealed = try wafer("attenuate", "-", "--code", "check if true;", "--seal", input: token, in: directory)
        #expect(sealed.status == 0)
        let again = try wafer("attenuate", "-", "--code", "check if true;", input: sealed.standardOutput, in: directory)
        #expect(again.status == 2)
        #expect(again.standardError.contains("sealed"))
        let allowed = try wafer(
            "authorize", "-", "--public-key", publicKey, "--code", "allow if true;", input: sealed.standardOutput,
            in: directory)
        #expect(allowed.status == 0)

        let badTime = try wafer(
            "authorize", "token.txt", "--public-key", publicKey, "--code", "allow if true;", "--time", "yesterday",
            in: directory)
        #expect(badTime.status == 2)
    }
}
