import Foundation
import Testing

/// Hostile Datalog and hostile tokens, each run by the real `wafer` in a child process: each ends with the
/// right error and exit code, and the child's peak resident memory (GNU time's `%M`) stays far below what an
/// unbounded evaluation would take. Speed is measured in Benchmarks/, never here.
@Suite("Adversarial input ends with the right error, in bounded memory")
struct AdversarialCLITests {
    /// The most resident memory a hostile run may take: the process starts at about 30 MB and peaks near 50 MB
    /// on the largest case here (more under a sanitizer); a join explosion left unbounded would need gigabytes.
    static let memoryCeiling = 400 * 1024 * 1024

    struct Measured {
        var status: Int32
        var standardError: String
        var peakResidentBytes: Int
    }

    /// Runs `wafer` with `arguments` (each `@name` becomes the path of `name` in `directory`) under GNU time,
    /// and returns its exit status, standard error and peak resident memory.
    ///
    /// The peak comes from `/usr/bin/time -f %M`, which forks the command from its own small process: a child
    /// spawned straight from this test process would inherit the test process's peak in `ru_maxrss`.
    func measure(_ arguments: [String], in directory: URL) throws -> Measured {
        let report = directory.appendingPathComponent("time-\(UUID().uuidString).txt")
        let paths = arguments.map { $0.hasPrefix("@") ? directory.appendingPathComponent(String($0.dropFirst())).path : $0 }
        // Under AddressSanitizer (CI's run), freed memory waits in a 256 MB quarantine that would count as
        // resident; a small one keeps the measure about the evaluation. Other builds ignore the variable.
        let asan = [ProcessInfo.processInfo.environment["ASAN_OPTIONS"], "quarantine_size_mb=16"].compactMap { $0 }
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/time"), ["-f", "%M", "-o", report.path, waferBinary.path] + paths,
            environment: ["ASAN_OPTIONS": asan.joined(separator: ":")], in: directory)
        // The report's last line is the peak in KiB; a line before it notes a non-zero exit.
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        let kibibytes = try #require(lines.last.flatMap { Int($0) }, "no peak memory in /usr/bin/time's report: \(lines)")
        return Measured(status: result.status, standardError: result.standardError, peakResidentBytes: kibibytes * 1024)
    }

    func expectBounded(_ run: Measured, status: Int32, error: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(run.status == status, "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(run.standardError.contains(error), "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(run.peakResidentBytes < Self.memoryCeiling, "peak \(run.peakResidentBytes / 1_048_576) MB", sourceLocation: sourceLocation)
        for marker in crashMarkers {
            #expect(!run.standardError.contains(marker), sourceLocation: sourceLocation)
        }
    }

    /// A folder with a root key; returns it and the public key.
    func keyFolder() throws -> (URL, String) {
        let directory = try temporaryDirectory()
        let publicKey = try wafer("keygen", "--output", "root.key", in: directory).standardOutput
        return (directory, publicKey.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Mints a token from `code` and authorizes it with `allow if true`, measured.
    func authorizeToken(_ code: String, extra: [String] = []) throws -> Measured {
        let (directory, publicKey) = try keyFolder()
        try code.write(to: directory.appendingPathComponent("block.dl"), atomically: true, encoding: .utf8)
        let minted = try wafer("mint", "--key", "root.key", "block.dl", in: directory)
        try #require(minted.status == 0, "\(minted.standardError)")
        // A file, not an argument: a large token is longer than one argument may be (MAX_ARG_STRLEN).
        try minted.standardOutput.write(to: directory.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
        return try measure(["authorize", "@token.txt", "--public-key", publicKey, "--code", "allow if true;"] + extra, in: directory)
    }

    @Test("a join explosion in a token, p($a,$b,$c) <- q($a), q($b), q($c) over 1,000 facts, stops at the fact limit")
    func joinExplosion() throws {
        var code = "p($a, $b, $c) <- q($a), q($b), q($c);\n"
        for index in 0..<1000 { code += "q(\(index));\n" }
        // A generous clock, so that the fact limit, enforced inside the join, is what stops it.
        expectBounded(try authorizeToken(code, extra: ["--max-time", "60s"]), status: 5, error: "[runLimit]")
        expectBounded(try authorizeToken(code, extra: ["--max-time", "60s"]), status: 5, error: "maxFacts")
    }

    @Test("deep recursion, a chain of 500 steps followed one step per iteration, stops at the iteration limit")
    func deepRecursion() throws {
        var code = "reach(0);\nreach($y) <- reach($x), next($x, $y);\n"
        for index in 0..<500 { code += "next(\(index), \(index + 1));\n" }
        expectBounded(try authorizeToken(code, extra: ["--max-facts", "100000"]), status: 5, error: "maxIterations")
    }

    @Test("a set too large for a Datalog text is refused; a set of 130,000 integers in a token evaluates")
    func hugeSets() throws {
        let (directory, _) = try keyFolder()
        let huge = "s({" + (0..<400_000).map(String.init).joined(separator: ", ") + "});"
        try huge.write(to: directory.appendingPathComponent("huge.dl"), atomically: true, encoding: .utf8)
        expectBounded(
            try measure(["mint", "--key", "@root.key", "@huge.dl"], in: directory), status: 2,
            error: "more than the limit of 1048576 [invalidDatalog]")
        let large = "s({" + (0..<130_000).map(String.init).joined(separator: ", ") + "});\ncheck if s($s), $s.contains(129999);"
        let run = try authorizeToken(large)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.peakResidentBytes < Self.memoryCeiling, "peak \(run.peakResidentBytes / 1_048_576) MB")
    }

    @Test("arrays nested 10,000 deep are refused at the nesting limit, without exhausting the stack")
    func nestedArrays() throws {
        let (directory, _) = try keyFolder()
        let nested = "a(" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + ");"
        try nested.write(to: directory.appendingPathComponent("nested.dl"), atomically: true, encoding: .utf8)
        expectBounded(try measure(["mint", "--key", "@root.key", "@nested.dl"], in: directory), status: 2, error: "nest")
        let deepExpression = "check if " + String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000) + ";"
        try deepExpression.write(to: directory.appendingPathComponent("deep.dl"), atomically: true, encoding: .utf8)
        expectBounded(try measure(["datalog", "run", "@deep.dl"], in: directory), status: 2, error: "nest")
    }

    @Test("a catastrophic regular expression over a long subject ends with an answer: matching is linear")
    func catastrophicRegex() throws {
        let subject = String(repeating: "a", count: 20_000) + "!"
        let code = "check if \"\(subject)\".matches(\"^(a+)+$\") == false;\ncheck if \"\(subject)\".matches(\"(a|aa)*b\") == false;"
        let run = try authorizeToken(code)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.peakResidentBytes < Self.memoryCeiling)
    }
}
