import Foundation
import Testing
import WaferCrypto

@Suite("wafer bench: latency percentiles of the user's own verification and authorization")
struct BenchCLITests {
    /// A folder with `root.key`, `root.pub`, and a two-block token; returns the folder and the token.
    static func fixture() throws -> (URL, String) {
        let directory = try temporaryDirectory()
        let keygen = try wafer("keygen", "-o", "root.key", in: directory)
        try keygen.standardOutput.write(to: directory.appendingPathComponent("root.pub"), atomically: true, encoding: .utf8)
        let token = try wafer(
            "mint", "--key", "root.key", "--code", "user(\"alice\"); right(\"file1\", \"read\"); parent(1, 2); parent(2, 3);",
            in: directory
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let attenuated = try wafer("attenuate", token, "--code", "check if operation(\"read\");", in: directory)
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        try "operation(\"read\");\nancestor($a, $b) <- parent($a, $b);\nancestor($a, $c) <- parent($a, $b), ancestor($b, $c);\nallow if user(\"alice\");\n"
            .write(to: directory.appendingPathComponent("authorizer.dl"), atomically: true, encoding: .utf8)
        return (directory, attenuated)
    }

    @Test("the text report has the world's size, the outcome and a row of percentiles per measure")
    func text() throws {
        let (directory, token) = try Self.fixture()
        let result = try wafer("bench", token, "--public-key-file", "root.pub", "authorizer.dl", "--iterations", "20", in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "no progress bar when standard error is not a terminal")
        let lines = result.standardOutput.components(separatedBy: "\n")
        #expect(lines.first == "token: 2 blocks, \(try #require(Data(base64URL: token)).count) bytes")
        #expect(lines.contains("world: 9 facts, 2 rules, 1 check, 1 policy, 2 iterations"), "\(lines)")
        #expect(lines.contains("outcome: allow (policy 0)"))
        #expect(lines.contains("20 timed iterations after 2 warm-up; latency in microseconds:"))
        #expect(lines.contains { $0.split(separator: " ") == ["p50", "p90", "p99", "max"] })
        for measure in ["verify", "authorize", "total"] {
            let row = try #require(lines.first { $0.hasPrefix(measure + " ") }, "\(measure)")
            let numbers = row.split(separator: " ").dropFirst().compactMap { Double($0) }
            #expect(numbers.count == 4, "\(row)")
            #expect(numbers == numbers.sorted(), "\(row): p50 ≤ p90 ≤ p99 ≤ max")
        }
    }

    @Test("the JSON report parses, with ordered percentiles; a denied authorization is measured and reported")
    func json() throws {
        let (directory, token) = try Self.fixture()
        for (code, outcome) in [("operation(\"read\"); allow if user(\"alice\");", "allow"), ("operation(\"write\"); allow if user(\"alice\");", "deny")] {
            let result = try wafer(
                "bench", token, "--public-key-file", "root.pub", "--code", code, "--iterations", "15", "--json",
                "--time", "2030-01-01T00:00:00Z", in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["outcome"] as? String == outcome)
            #expect(object["iterations"] as? Int == 15)
            #expect(object["warmup"] as? Int == 1)
            #expect(object["unit"] as? String == "microseconds")
            #expect((object["token"] as? [String: Any])?["blocks"] as? Int == 2)
            let world = try #require(object["world"] as? [String: Any])
            #expect(Set(world.keys) == ["facts", "rules", "checks", "policies", "iterations"])
            for measure in ["verify", "authorize", "total"] {
                let p = try #require(object[measure] as? [String: Double], "\(measure)")
                let ordered = try ["min", "p50", "p90", "p99", "max"].map { try #require(p[$0], "\(measure).\($0)") }
                #expect(ordered == ordered.sorted(), "\(measure): \(p)")
                #expect(ordered[0] > 0)
            }
            if outcome == "deny" { #expect(object["failedChecks"] as? Int == 1) }
        }
    }

    @Test("the progress bar is drawn on standard error when it is a terminal, and erased at the end")
    func progressBar() throws {
        let (directory, token) = try Self.fixture()
        // script(1) (util-linux, in every Debian) runs the command on a pseudo-terminal; standard output goes
        // to a file, so what comes back through the terminal is standard error alone.
        let command = "'\(waferBinary.path)' bench \(token) --public-key-file root.pub --code 'allow if true;' --iterations 400 > report.txt"
        let result = try run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: directory)
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("\r[" + String(repeating: "#", count: 40) + "] 440/440"), "\(result.standardOutput.debugDescription)")
        #expect(result.standardOutput.hasSuffix("\r\u{1B}[K"))
        let report = try String(contentsOf: directory.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(report.hasPrefix("token: 2 blocks"))
    }

    @Test("bad input exits with the documented codes before anything is timed")
    func badInput() throws {
        let (directory, token) = try Self.fixture()
        let other = SigningKey(algorithm: .ed25519).publicKey.description
        let cases: [([String], Int32, String)] = [
            (["bench", token, "--code", "allow if true;"], 64, "--public-key"),
            (["bench", token, "--public-key-file", "root.pub"], 64, "--code"),
            (["bench", token, "--public-key-file", "root.pub", "--code", "allow if true;", "--iterations", "0"], 64, "--iterations"),
            (["bench", "garbage", "--public-key-file", "root.pub", "--code", "allow if true;"], 2, "the token cannot be read"),
            (["bench", token, "--public-key", other, "--code", "allow if true;"], 2, "[invalidSignature]"),
            (["bench", token, "--public-key-file", "root.pub", "--code", "allow if"], 2, "line 1, column 9"),
            (["bench", token, "--public-key-file", "root.pub", "missing.dl"], 3, "no such file"),
            (["bench", token, "--public-key-file", "root.pub", "authorizer.dl", "--max-facts", "3"], 5, "[runLimit]"),
            (["bench", token, "--public-key-file", "root.pub", "authorizer.dl", "--time", "soon"], 2, "--time 'soon'"),
        ]
        for (arguments, status, message) in cases {
            let result = try wafer(arguments: arguments, in: directory)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
    }
}

extension Data {
    /// Decodes URL-safe base64 without padding.
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
