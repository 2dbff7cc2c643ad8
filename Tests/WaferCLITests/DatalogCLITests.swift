import Foundation
import Testing

@Suite("wafer datalog run, end to end")
struct DatalogCLITests {
    private let transitiveClosure = """
        edge(1, 2); edge(2, 3); edge(3, 4); edge(4, 5); edge(5, 6); edge(6, 7);
        path($a, $b) <- edge($a, $b);
        path($a, $c) <- edge($a, $b), path($b, $c);
        allow if path(1, 7);
        """

    @Test("an allowed program prints the world and the policy, and exits 0")
    func allowed() throws {
        let result = try wafer("datalog", "run", "--code", """
            user("alice"); right("alice", "read");
            can($u, $r) <- user($u), right($u, $r);
            check if can("alice", "read");
            allow if user("alice");
            """)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == """
            // Facts:
            // origin: {authorizer}
            can("alice", "read");
            right("alice", "read");
            user("alice");

            // Rules:
            // origin: authorizer
            can($u, $r) <- user($u), right($u, $r);

            // Checks:
            // origin: authorizer
            check if can("alice", "read");

            // Policies:
            allow if user("alice");

            allow: policy 0: allow if user("alice")

            """)
    }

    @Test("a denied program exits 1 and lists the matched policy and every failed check, also as JSON")
    func denied() throws {
        let code = #"user("alice"); check if user("bob"); check if user("carol"); deny if user("alice"); allow if true;"#
        let text = try wafer("datalog", "run", "--code", code)
        #expect(text.status == 1)
        #expect(text.standardOutput.hasSuffix("""
            deny: policy 0: deny if user("alice")
            failed authorizer check 0: check if user("bob")
            failed authorizer check 1: check if user("carol")

            """))

        let json = try wafer("datalog", "run", "--code", code, "--json")
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "deny")
        #expect(object["facts"] as? [String] == [#"user("alice")"#])
        #expect((object["policy"] as? [String: Any])?["kind"] as? String == "deny")
        #expect((object["failedChecks"] as? [[String: Any]])?.compactMap { $0["check"] as? String }
            == [#"check if user("bob")"#, #"check if user("carol")"#])

        let none = try wafer("datalog", "run", "--code", "user(1); allow if user(2);")
        #expect(none.status == 1)
        #expect(none.standardOutput.hasSuffix("deny: no policy matched\n"))
    }

    @Test("the program comes from a file or standard input; facts are printed sorted in JSON")
    func fileAndStandardInput() throws {
        let directory = try temporaryDirectory()
        try transitiveClosure.write(to: directory.appendingPathComponent("tc.dl"), atomically: true, encoding: .utf8)
        let fromFile = try wafer("datalog", "run", "tc.dl", "--json", in: directory)
        #expect(fromFile.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "allow")
        let facts = try #require(object["facts"] as? [String])
        #expect(facts.count == 6 + 21)
        #expect(facts == facts.sorted())
        #expect(facts.contains("path(1, 7)"))
        let fromInput = try wafer("datalog", "run", "-", "--json", input: transitiveClosure)
        #expect(fromInput.standardOutput == fromFile.standardOutput)
    }

    @Test(
        "invalid programs, evaluation errors and limits have their own exit codes and messages",
        arguments: [
            (["--code", "user(\"alice\") allow if true;"], 2, "wafer: error: --code, line 1, column 15: expected ';' or '<-' after the predicate [unexpectedToken]\n"),
            (["--code", "check if 1 + \"a\" == 2; allow if true;"], 4, "[invalidType]\n"),
            (["--code", "check if 9223372036854775807 + 1 > 0; allow if true;"], 4, "[overflow]\n"),
            (["tc.dl", "--max-facts", "10"], 5, "wafer: error: tc.dl: the world reached the limit of 10 facts (maxFacts) [tooManyFacts]\n"),
            (["tc.dl", "--max-iterations", "2"], 5, "[tooManyIterations]\n"),
            (["missing.dl"], 3, "wafer: error: cannot read program 'missing.dl': no such file\n"),
        ] as [([String], Int32, String)])
    func failures(arguments: [String], status: Int32, message: String) throws {
        let directory = try temporaryDirectory()
        try transitiveClosure.write(to: directory.appendingPathComponent("tc.dl"), atomically: true, encoding: .utf8)
        let result = try run(waferBinary, ["datalog", "run"] + arguments, in: directory)
        #expect(result.status == status)
        #expect(result.standardError.hasSuffix(message), "\(result.standardError)")
        #expect(result.standardError.hasPrefix("wafer: error: "))
    }

    @Test("an error with --json prints an error object as well")
    func jsonError() throws {
        let result = try wafer("datalog", "run", "--json", "--code", "allow if")
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "error")
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == "unexpectedEndOfInput")
        #expect(error["line"] as? Int == 1)
    }

    @Test("usage errors: no program, two programs, a bad duration")
    func usage() throws {
        #expect(try wafer("datalog", "run").status == 64)
        #expect(try wafer("datalog", "run", "x.dl", "--code", "allow if true;").status == 64)
        #expect(try wafer("datalog", "run", "--code", "allow if true;", "--max-time", "5xs").status == 64)
        #expect(try wafer("datalog", "run", "--code", "allow if true;", "--max-time", "250ms").status == 0)
    }
}
