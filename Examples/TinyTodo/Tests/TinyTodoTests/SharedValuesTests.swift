import Foundation
import Testing
import Wafer

/// A service verifies and authorizes on many threads with values it parsed once: the root key, the policy
/// (with the regular expressions it compiled, whose match caches fill lazily) and the revocation list (which a
/// reload replaces). CI runs this suite under ThreadSanitizer, which reports any data race in that sharing.
@Suite("TinyTodo: Wafer values shared between concurrent requests")
struct SharedValuesTests {
    @Test("one policy with regular expressions, one key and one reloading revocation list, used from many tasks")
    func sharedAcrossTasks() async throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let policy = try Program(parsing: #"""
            allow if user($user), $user.matches("^[a-z]+(-[a-z]+)*$"), resource($r), $r.matches("^/lists/[0-9]+(/tasks/[0-9]+)?$");
            deny if true;
            """#)
        let names = ["andrew", "aaron", "kesha", "emina-b", "Mallory"]
        let tokens = try names.map { name in
            try Biscuit.make(rootKey: rootKey, code: "user({name});", parameters: ["name": .term(.string(name))])
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinytodo-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("revoked.txt")
        try "\n".write(to: file, atomically: true, encoding: .utf8)
        let revoked = try RevocationList(contentsOf: file.path)
        let kesha = tokens[2].revocationIdentifiers[0]

        let outcomes = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                // Revoke kesha's token and un-revoke it, over and over, while the others verify.
                for round in 0..<40 {
                    let text = round.isMultiple(of: 2) ? Hex.encode(kesha) + "\n" : "# none\n"
                    try text.write(to: file, atomically: true, encoding: .utf8)
                    try revoked.reload()
                }
                return []
            }
            for worker in 0..<6 {
                group.addTask {
                    var seen: [String] = []
                    for round in 0..<60 {
                        let index = (worker + round) % tokens.count
                        do throws(BiscuitError) {
                            let biscuit = try UnverifiedBiscuit(base64URL: tokens[index].base64URLEncoded)
                                .verify(rootKey: rootKey.publicKey, revocationList: revoked)
                            var authorizer = Authorizer(biscuit: biscuit, program: policy)
                            authorizer.add(Program(facts: [Fact("resource", [.string("/lists/\(round)/tasks/\(worker)")])]))
                            let allowed = try authorizer.authorize().isAllowed
                            seen.append("\(names[index]): \(allowed ? "allowed" : "denied")")
                        } catch {
                            seen.append("\(names[index]): \(error.code)")
                        }
                    }
                    return seen
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
        }
        #expect(outcomes.isSuperset(of: ["andrew: allowed", "aaron: allowed", "emina-b: allowed", "Mallory: denied"]))
        #expect(outcomes.isSubset(of: [
            "andrew: allowed", "aaron: allowed", "emina-b: allowed", "Mallory: denied", "kesha: allowed", "kesha: revoked",
        ]))
    }
}
