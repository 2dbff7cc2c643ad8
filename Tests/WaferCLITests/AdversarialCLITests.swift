import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile Datalog and hostile tokens, each run by the real `wafer` in a child process: each ends with the
/// right error and exit code, and the child's peak resident memory (`ru_maxrss`, read with `wait4`) stays far
/// below what an unbounded evaluation would take. Speed is measured in Benchmarks/, never here.
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

    /// Runs `wafer` with `arguments` (each `@name` becomes the path of `name` in `directory`), standard output
    /// discarded, and returns its exit status, standard error and peak resident memory.
    func measure(_ arguments: [String], in directory: URL) throws -> Measured {
        let errorFile = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let paths = arguments.map { $0.hasPrefix("@") ? directory.appendingPathComponent(String($0.dropFirst())).path : $0 }
        let argv = ([waferBinary.path] + paths).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Under AddressSanitizer (CI's run), freed memory waits in a 256 MB quarantine that would count as
        // resident; a small one keeps the measure about the evaluation. Other builds ignore the variable.
        var variables = ProcessInfo.processInfo.environment
        variables["ASAN_OPTIONS"] = [variables["ASAN_OPTIONS"], "quarantine_size_mb=16"].compactMap { $0 }.joined(separator: ":")
        let environment = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, waferBinary.path, &actions, nil, argv, environment)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return Measured(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            standardError: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "",
            peakResidentBytes: usage.ru_maxrss * 1024)
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
