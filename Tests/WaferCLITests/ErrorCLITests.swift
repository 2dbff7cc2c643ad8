import Foundation
import Testing
import WaferCrypto

/// One bad invocation: the arguments, standard input, the exit status and a fragment the message must hold.
struct BadInput: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var input: String? = nil
    var status: Int32
    var message: String

    var testDescription: String { arguments.joined(separator: " ") }
}

@Suite("wafer errors: what was wrong, how to fix it, the documented exit code, never a crash dump")
struct ErrorCLITests {
    /// A folder with `root.key`, `other.pub`, a token file, a bad Datalog file, a non-UTF-8 file and a folder.
    static func fixture() throws -> URL {
        let directory = try temporaryDirectory()
        let rootPublic = try wafer("keygen", "-o", "root.key", in: directory).standardOutput
        try rootPublic.write(to: directory.appendingPathComponent("root.pub"), atomically: true, encoding: .utf8)
        let token = try wafer("mint", "--key", "root.key", "--code", "user(\"alice\");", in: directory).standardOutput
        try token.write(to: directory.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
        try (SigningKey(algorithm: .ed25519).publicKey.description + "\n")
            .write(to: directory.appendingPathComponent("other.pub"), atomically: true, encoding: .utf8)
        try "user(\"alice\");\nright(\"file1\" \"read\");\n".write(to: directory.appendingPathComponent("bad.dl"), atomically: true, encoding: .utf8)
        try Data("user(\"alice\");\nright(\u{22}".utf8 + [0xFF, 0x22] + Data(");\n".utf8))
            .write(to: directory.appendingPathComponent("latin1.dl"))
        try "allow if true;\n".write(to: directory.appendingPathComponent("allow.dl"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder"), withIntermediateDirectories: false)
        try writeKeyFile("", to: directory.appendingPathComponent("empty.key"))
        return directory
    }

    static let cases: [BadInput] = [
        BadInput(arguments: ["mint", "--key", "root.key", "missing.dl"], status: 3, message: "cannot read Datalog file 'missing.dl': no such file"),
        BadInput(arguments: ["mint", "--key", "folder", "--code", "user(1);"], status: 3, message: "cannot read key file 'folder': it is a directory"),
        BadInput(arguments: ["datalog", "run", "folder"], status: 3, message: "cannot read program 'folder': it is a directory"),
        BadInput(arguments: ["inspect", "folder"], status: 3, message: "cannot read token file 'folder': it is a directory"),
        BadInput(arguments: ["inspect", "missing/token.txt"], status: 3, message: "cannot read token file 'missing/token.txt': no such file"),
        BadInput(arguments: ["inspect", "not-a-token"], status: 2, message: "the token cannot be read: "),
        BadInput(arguments: ["inspect", "AAAA"], status: 2, message: "give the token's base64 text, a file holding it, or '-'"),
        BadInput(arguments: ["authorize", "token.txt", "--public-key-file", "other.pub", "allow.dl"], status: 2, message: "[invalidSignature]"),
        BadInput(arguments: ["authorize", "token.txt", "--public-key-file", "root.key", "allow.dl"], status: 2, message: "public key file 'root.key': "),
        BadInput(arguments: ["pubkey", "--key", "empty.key"], status: 2, message: "key file 'empty.key': "),
        BadInput(arguments: ["mint", "--key", "root.key", "bad.dl"], status: 2, message: "line 2, column 15"),
        BadInput(arguments: ["datalog", "run", "bad.dl"], status: 2, message: "bad.dl, line 2, column 15: "),
        BadInput(arguments: ["third-party", "create", "x", "--key", "root.key", "bad.dl"], status: 2, message: "bad.dl, line 2, column 15: "),
        BadInput(arguments: ["datalog", "run", "latin1.dl"], status: 2, message: "program 'latin1.dl' is not UTF-8 text: invalid byte at line 2, column 8 (byte offset 22)"),
        BadInput(arguments: ["authorize", "token.txt", "--public-key-file", "root.pub", "latin1.dl"], status: 2, message: "Datalog file 'latin1.dl' is not UTF-8 text: invalid byte at line 2, column 8"),
        BadInput(arguments: ["authorize", "token.txt", "--public-key-file", "root.pub", "allow.dl", "--time", "yesterday"], status: 2, message: "--time 'yesterday' is not an RFC 3339 date"),
        BadInput(arguments: ["authorize", "token.txt", "--public-key-file", "root.pub", "allow.dl", "--time", "5"], status: 2, message: "--time '5' is not an RFC 3339 date"),
        BadInput(arguments: ["mint", "--key", "root.key", "--ttl", "forever", "--code", "user(1);"], status: 2, message: "--ttl 'forever' is neither a duration (90s, 30m, 12h, 7d) nor an RFC 3339 date"),
        BadInput(arguments: ["attenuate", "token.txt", "--ttl=-5m"], status: 2, message: "--ttl '-5m' is neither a duration"),
        BadInput(arguments: ["inspect", "/dev/zero"], status: 2, message: "token file '/dev/zero' is larger than 16 MiB, the most wafer reads"),
        BadInput(arguments: ["datalog", "run", "/dev/zero"], status: 2, message: "program '/dev/zero' is larger than 16 MiB"),
        BadInput(arguments: ["inspect", "-"], input: "", status: 2, message: "standard input is empty; expected the token there"),
        BadInput(arguments: ["datalog", "run", "-"], input: "", status: 2, message: "standard input is empty; expected the program there"),
        BadInput(arguments: ["pubkey", "--key", "-"], input: "", status: 2, message: "standard input is empty; expected the key file there"),
        BadInput(arguments: ["macaroon", "inspect", "-"], input: "", status: 2, message: "standard input is empty"),
        BadInput(arguments: ["macaroon", "verify", "garbage", "--key-file", "root.key"], status: 2, message: "token: "),
        BadInput(arguments: ["macaroon", "mint", "--key-file", "folder", "--id", "k"], status: 3, message: "it is a directory"),
        BadInput(arguments: ["third-party", "request", "token.txt", "--public-key", "other.pub"], status: 2, message: "[invalidSignature]"),
        BadInput(arguments: ["third-party", "append", "token.txt", "garbage", "--public-key", "missing.pub"], status: 3, message: "cannot read public key file 'missing.pub': no such file"),
    ]

    @Test("bad input exits with its documented code and a one-line message on standard error", arguments: cases)
    func badInput(_ bad: BadInput) throws {
        let directory = try Self.fixture()
        let result = try wafer(arguments: bad.arguments, input: bad.input, in: directory)
        #expect(result.status == bad.status, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("wafer: error: "), "\(result.standardError)")
        #expect(result.standardError.contains(bad.message), "\(result.standardError)")
        #expect(result.standardError.filter { $0 == "\n" }.count == 1, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        for marker in crashMarkers {
            #expect(!result.standardError.contains(marker), "\(marker) in \(result.standardError)")
        }
    }

    @Test("standard input that is a directory is a file problem (3), not a crash")
    func standardInputIsADirectory() throws {
        let result = try run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", "\"$WAFER\" inspect - < /"], environment: ["WAFER": waferBinary.path])
        #expect(result.status == 3, "\(result.standardError)")
        #expect(result.standardError == "wafer: error: cannot read the token from standard input: Is a directory\n")
    }

    @Test("with --json, an error is also one JSON object on standard output, with the same exit code")
    func jsonErrors() throws {
        let directory = try Self.fixture()
        let cases: [([String], Int32, String)] = [
            (["authorize", "garbage", "--public-key-file", "other.pub", "allow.dl", "--json"], 2, "invalidBase64"),
            (["authorize", "token.txt", "--public-key-file", "other.pub", "allow.dl", "--json"], 2, "invalidSignature"),
            (["inspect", "missing.txt", "--json"], 3, "fileProblem"),
            (["datalog", "run", "bad.dl", "--json"], 2, "unexpectedToken"),
        ]
        for (arguments, status, code) in cases {
            let result = try wafer(arguments: arguments, in: directory)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["outcome"] as? String == "error")
            let error = try #require(object["error"] as? [String: Any])
            #expect(error["code"] as? String == code, "\(arguments): \(error)")
            #expect(error["exitCode"] as? Int == Int(status))
            #expect((error["message"] as? String).map { result.standardError == "wafer: error: \($0)\n" } == true)
        }
    }

    @Test("usage errors exit 64 and show the usage, not a stack trace")
    func usageErrors() throws {
        for arguments in [["mint"], ["inspect"], ["authorize", "x", "--code", "allow if true;"], ["nonsense"], ["keygen", "-o", "k", "--algorithm", "rsa"], ["third-party", "request", "x"],
            ["third-party", "append", "x", "y", "--public-key", "k", "--public-key-file", "k"], ["inspect", "x", "--json", "--graph"]] {
            let result = try wafer(arguments: arguments, in: try temporaryDirectory())
            #expect(result.status == 64, "\(arguments)")
            #expect(result.standardError.contains("Usage: wafer") || result.standardError.contains("Help:"), "\(arguments): \(result.standardError)")
            for marker in crashMarkers { #expect(!result.standardError.contains(marker)) }
        }
    }
}
