import Foundation
import Testing
import WaferCrypto

/// The result of running a process.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// The folder holding the built products (`wafer` among them).
let productsDirectory: URL = {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
}()

let waferBinary = productsDirectory.appendingPathComponent("wafer")
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs an executable with arguments, optional standard input and extra environment, and waits for it.
func run(
    _ executable: URL, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
    in directory: URL? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let error = Pipe()
    let inputPipe = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inputPipe.fileHandleForWriting.close()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self))
}

func wafer(_ arguments: String..., input: String? = nil, in directory: URL? = nil) throws -> ProcessResult {
    try run(waferBinary, arguments, input: input, in: directory)
}

/// Runs `wafer` with an argument array and extra environment (help texts are wrapped at `COLUMNS`).
func wafer(arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL? = nil) throws -> ProcessResult {
    try run(waferBinary, arguments, input: input, environment: environment, in: directory)
}

/// What a user must never see: a crash report, a Swift runtime message, a raw Foundation error dump.
let crashMarkers = ["Fatal error", "Swift/", "Stack dump", "fatalError", "Error Domain=", "NSCocoaErrorDomain", "Backtrace", "Illegal instruction"]

/// A new empty folder for one test.
func temporaryDirectory() throws -> URL {
    // Under the package's .build folder, not /tmp: thousands of test runs leave nothing behind outside it.
    let url = packageRoot.appendingPathComponent(".build/test-tmp/wafer-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a key file as `wafer keygen` does, readable by its owner only: wafer refuses a secret key file that
/// others may read.
func writeKeyFile(_ text: String, to url: URL) throws {
    try text.write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
}

@Suite("wafer CLI, end to end")
struct CLITests {
    @Test("--version prints the version; --help lists the commands and the exit codes")
    func versionAndHelp() throws {
        let version = try wafer("--version")
        #expect(version.status == 0)
        #expect(version.standardOutput == "0.1.0\n")
        let help = try wafer("--help")
        #expect(help.status == 0)
        #expect(help.standardOutput.hasPrefix("OVERVIEW: Mint, attenuate, inspect, verify and authorize capability tokens"))
        for fragment in ["USAGE: wafer <subcommand>", "keygen", "pubkey", "datalog", "Exit codes: 0 success; 1 denied; 2 invalid input"] {
            #expect(help.standardOutput.contains(fragment), "\(fragment)")
        }
        for command in ["keygen", "pubkey"] {
            let commandHelp = try wafer(command, "--help")
            #expect(commandHelp.status == 0)
            #expect(commandHelp.standardOutput.contains("Example: wafer \(command)"))
        }
    }

    @Test("keygen writes a 0600 key file and prints its public key; pubkey prints it again", arguments: SignatureAlgorithm.allCases)
    func keygenAndPubkey(algorithm: SignatureAlgorithm) throws {
        let directory = try temporaryDirectory()
        let keygen = try wafer("keygen", "--algorithm", algorithm.rawValue, "--output", "root.key", in: directory)
        #expect(keygen.status == 0, "\(keygen.standardError)")
        let printed = keygen.standardOutput.trimmingCharacters(in: .newlines)
        #expect(printed.hasPrefix("\(algorithm)/"))

        let path = directory.appendingPathComponent("root.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let keyText = try String(contentsOfFile: path, encoding: .utf8)
        let key = try SigningKey(text: keyText)
        #expect(key.publicKey.description == printed)

        let pubkey = try wafer("pubkey", "--key", "root.key", in: directory)
        #expect(pubkey.status == 0)
        #expect(pubkey.standardOutput == printed + "\n")
        let fromStandardInput = try wafer("pubkey", "--key", "-", input: keyText)
        #expect(fromStandardInput.standardOutput == printed + "\n")
        let pem = try wafer("pubkey", "--key", "root.key", "--format", "pem", in: directory)
        #expect(try PublicKey(pem: pem.standardOutput) == key.publicKey)
    }

    @Test("keygen never replaces a key file without --force, and replaces it atomically with it")
    func keygenKeepsExistingKeys() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("keygen", "-o", "k", in: directory).status == 0)
        let original = try String(contentsOf: directory.appendingPathComponent("k"), encoding: .utf8)
        let refused = try wafer("keygen", "-o", "k", in: directory)
        #expect(refused.status == 3)
        #expect(refused.standardError == "wafer: error: 'k' already exists; refusing to overwrite a key file (pass --force to replace it)\n")
        #expect(try String(contentsOf: directory.appendingPathComponent("k"), encoding: .utf8) == original)

        let forced = try wafer("keygen", "-o", "k", "--force", "--format", "pem", in: directory)
        #expect(forced.status == 0)
        let replaced = try String(contentsOf: directory.appendingPathComponent("k"), encoding: .utf8)
        #expect(replaced.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["k"])
    }

    @Test("bad input gets a clear message and the documented exit code")
    func errors() throws {
        let directory = try temporaryDirectory()
        try writeKeyFile("garbage\n", to: directory.appendingPathComponent("bad.key"))
        try writeKeyFile(
            "ed25519/1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284\n",
            to: directory.appendingPathComponent("public.key"))
        let cases: [([String], Int32, String)] = [
            (["pubkey", "--key", "missing.key"], 3, "wafer: error: cannot read key file 'missing.key': no such file\n"),
            (["pubkey", "--key", "."], 3, "wafer: error: cannot read key file '.': it is a directory\n"),
            (["pubkey", "--key", "bad.key"], 2, "wafer: error: key file 'bad.key': the key text has no algorithm prefix; expected a form such as 'ed25519/<hex>' or 'secp256r1-private/<hex>', or PEM\n"),
            (["pubkey", "--key", "public.key"], 2, "wafer: error: key file 'public.key': this is a public key ('ed25519/…') where a private key was expected ('ed25519-private/…')\n"),
            (["keygen", "-o", "no/such/folder/k"], 3, "wafer: error: cannot create 'no/such/folder/k': No such file or directory\n"),
        ]
        for (arguments, status, message) in cases {
            let result = try run(waferBinary, arguments, in: directory)
            #expect(result.status == status, "\(arguments)")
            #expect(result.standardError == message, "\(arguments)")
            #expect(result.standardOutput.isEmpty)
        }
        let usage = try wafer("keygen", "--algorithm", "rsa", "-o", "x", in: directory)
        #expect(usage.status == 64)
        #expect(usage.standardError.contains("rsa"))
    }

    @Test("the README's walkthrough runs mint → attenuate → authorize to the end")
    func walkthrough() throws {
        let directory = try temporaryDirectory()
        let result = try run(
            URL(fileURLWithPath: "/bin/bash"), [packageRoot.appendingPathComponent("scripts/walkthrough.sh").path],
            environment: ["WAFER_BIN": waferBinary.path, "WAFER_WALKTHROUGH_DIR": directory.path])
        #expect(result.status == 0, "\(result.standardError)")
        let key = try SigningKey(text: try String(contentsOf: directory.appendingPathComponent("root.key"), encoding: .utf8))
        for line in [
            "root public key: \(key.publicKey.description)",
            "==> 4. the file service authorizes a read with the attenuated token: allowed\nallow: policy 0\n",
            "deny: allow policy 0 matched\nfailed block 1 check 0: check if operation(\"read\")\n",
            "==> done: the narrowed token reads but cannot write",
        ] {
            #expect(result.standardOutput.contains(line), "missing: \(line)\n--- output:\n\(result.standardOutput)")
        }
    }
}
