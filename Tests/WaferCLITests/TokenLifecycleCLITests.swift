import Foundation
import Testing
import WaferCrypto

/// `wafer mint --ttl`, `seal`, `third-party request/create/append`, and `authorize`'s key file, limits and JSON.
@Suite("wafer token lifecycle commands, end to end")
struct TokenLifecycleCLITests {
    private func output(_ result: ProcessResult) -> String {
        result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a third party's block, requested, created and appended, satisfies a check trusting its key")
    func thirdPartyFlow() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("keygen", "-o", "root.key", in: directory).status == 0)
        let thirdPartyKey = output(try wafer("keygen", "-o", "third.key", in: directory))
        let token = output(try wafer(
            "mint", "--key", "root.key", "--code", "user(\"alice\"); check if group(\"admin\") trusting \(thirdPartyKey);",
            in: directory))
        let rootPublic = output(try wafer("pubkey", "--key", "root.key", in: directory))

        let request = try wafer("third-party", "request", token, "--public-key", rootPublic, in: directory)
        #expect(request.status == 0, "\(request.standardError)")
        let block = try wafer("third-party", "create", output(request), "--key", "third.key", "--code", "group(\"admin\");", in: directory)
        #expect(block.status == 0, "\(block.standardError)")
        let appended = try wafer("third-party", "append", token, output(block), "--public-key", rootPublic, in: directory)
        #expect(appended.status == 0, "\(appended.standardError)")

        let allowed = try wafer("authorize", output(appended), "--public-key", rootPublic, "--code", "allow if user(\"alice\");", in: directory)
        #expect(allowed.status == 0)
        #expect(allowed.standardOutput == "allow: policy 0\n")
        let inspected = try wafer("inspect", output(appended), "--public-key", rootPublic, in: directory)
        #expect(inspected.standardOutput.contains("third-party block signed by \(thirdPartyKey)"))

        let without = try wafer("authorize", token, "--public-key", rootPublic, "--code", "allow if user(\"alice\");", in: directory)
        #expect(without.status == 1)
        #expect(without.standardOutput.contains("failed block 0 check 0: check if group(\"admin\") trusting \(thirdPartyKey)"))

        // A block signed by another key does not satisfy the check.
        #expect(try wafer("keygen", "-o", "other.key", in: directory).status == 0)
        let forged = try wafer("third-party", "create", output(request), "--key", "other.key", "--code", "group(\"admin\");", in: directory)
        let forgedToken = try wafer("third-party", "append", token, output(forged), "--public-key", rootPublic, in: directory)
        #expect(try wafer("authorize", output(forgedToken), "--public-key", rootPublic, "--code", "allow if true;", in: directory).status == 1)
    }

    @Test("--ttl adds an expiry check that holds now and fails after; authorize defaults time to now")
    func timeToLive() throws {
        let directory = try temporaryDirectory()
        let rootPublic = output(try wafer("keygen", "-o", "root.key", in: directory))
        let token = output(try wafer("mint", "--key", "root.key", "--ttl", "1h", "--code", "user(\"alice\");", in: directory))
        let now = try wafer("authorize", token, "--public-key", rootPublic, "--code", "allow if true;", in: directory)
        #expect(now.status == 0, "\(now.standardOutput)")
        let later = try wafer("authorize", token, "--public-key", rootPublic, "--time", "2099-01-01T00:00:00Z", "--code", "allow if true;", in: directory)
        #expect(later.status == 1)
        #expect(later.standardOutput.contains("check if time($time), $time <= "))

        let fixed = output(try wafer("attenuate", token, "--ttl", "2030-01-01T00:00:00Z", in: directory))
        let inspected = try wafer("inspect", fixed, in: directory)
        #expect(inspected.standardOutput.contains("check if time($time), $time <= 2030-01-01T00:00:00Z;"))
        let bad = try wafer("attenuate", token, "--ttl", "5x", in: directory)
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("--ttl '5x' is neither a duration"))
    }

    @Test("a sealed token verifies but takes no more blocks")
    func seal() throws {
        let directory = try temporaryDirectory()
        let rootPublic = output(try wafer("keygen", "-o", "root.key", in: directory))
        let token = output(try wafer("mint", "--key", "root.key", "--code", "user(\"alice\");", in: directory))
        let sealed = try wafer("seal", token, in: directory)
        #expect(sealed.status == 0)
        #expect(try wafer("authorize", output(sealed), "--public-key", rootPublic, "--code", "allow if true;", in: directory).status == 0)
        let refused = try wafer("attenuate", output(sealed), "--code", "check if false;", in: directory)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("[sealed]"))
    }

    @Test("authorize: --public-key-file, run limits (exit 5), JSON output, and exactly one key option")
    func authorizeOptions() throws {
        let directory = try temporaryDirectory()
        let rootPublic = output(try wafer("keygen", "-o", "root.key", in: directory))
        try (rootPublic + "\n").write(to: directory.appendingPathComponent("root.pub"), atomically: true, encoding: .utf8)
        let token = output(try wafer("mint", "--key", "root.key", "--code", "edge(1, 2); edge(2, 3); edge(3, 4);", in: directory))
        let closure = "path($a, $b) <- edge($a, $b); path($a, $c) <- edge($a, $b), path($b, $c); allow if path(1, 4);"

        let json = try wafer("authorize", token, "--public-key-file", "root.pub", "--code", closure, "--json", in: directory)
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "allow")
        #expect((object["revocationIds"] as? [String])?.count == 1)

        let limited = try wafer("authorize", token, "--public-key-file", "root.pub", "--code", closure, "--max-facts", "5", in: directory)
        #expect(limited.status == 5)
        #expect(limited.standardError.contains("5"))

        #expect(try wafer("authorize", token, "--code", "allow if true;", in: directory).status == 64)
        #expect(try wafer("authorize", token, "--public-key", rootPublic, "--public-key-file", "root.pub", "--code", "allow if true;", in: directory).status == 64)
        let otherKey = output(try wafer("keygen", "-o", "other.key", in: directory))
        let wrongKey = try wafer("authorize", token, "--public-key", otherKey, "--code", "allow if true;", in: directory)
        #expect(wrongKey.status == 2)
    }

    @Test("--param values are Datalog literals when they parse as one, strings otherwise")
    func parameters() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("keygen", "-o", "root.key", in: directory).status == 0)
        let token = try wafer(
            "mint", "--key", "root.key", "--param", "who=alice", "--param", "n=3", "--param", "b=hex:00ff",
            "--param", "exp=2030-01-01T00:00:00Z", "--param", "ok=true",
            "--code", "user({who}); n({n}); b({b}); flag({ok}); check if time($t), $t < {exp};", in: directory)
        #expect(token.status == 0, "\(token.standardError)")
        let inspected = try wafer("inspect", output(token), in: directory)
        for line in ["user(\"alice\");", "n(3);", "b(hex:00ff);", "flag(true);", "check if time($t), $t < 2030-01-01T00:00:00Z;"] {
            #expect(inspected.standardOutput.contains(line), "\(line)")
        }
        let missing = try wafer("mint", "--key", "root.key", "--code", "user({who});", in: directory)
        #expect(missing.status == 2)
        #expect(try wafer("mint", "--key", "root.key", "--param", "=x", "--code", "user(1);", in: directory).status == 2)
    }
}
