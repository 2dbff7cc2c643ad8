import Foundation
import Testing
import TinyTodo
import Wafer

/// docs/service.md stays true: its JSON answers are the service's, its shell session runs.
@Suite("docs/service.md")
struct DocumentationTests {
    /// The repository's docs/service.md.
    static let guide = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/service.md")

    /// The fenced blocks of the guide with an info string, in order; `after` keeps only those below a heading.
    static func blocks(_ language: String, after heading: String? = nil) throws -> [String] {
        var text = try String(contentsOf: guide, encoding: .utf8)
        if let heading {
            let range = try #require(text.range(of: "\n\(heading)\n"), "docs/service.md has no heading '\(heading)'")
            text = String(text[range.upperBound...])
        }
        var blocks: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```\(language)" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("The guide's JSON answers are what the service answers")
    func jsonAnswers() async throws {
        let json = try Self.blocks("json").map { Data($0.utf8) }
        try #require(json.count == 3, "docs/service.md should show 3 JSON answers")
        let service = try TestService()
        try await service.seedTeams()
        let andrew = try service.issuer.token(for: "andrew")
        let aaron = try service.issuer.token(for: "aaron")
        let readOnly = try UnverifiedBiscuit(base64URL: andrew)
            .attenuated(withCode: #"check if operation("read"); check if list(0);"#).base64URLEncoded

        try await service.run { client in
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#)
            _ = try await client.send(.post, "/lists/0/tasks", token: andrew, json: #"{"title":"milk"}"#)
            _ = try await client.send(.post, "/lists/0/shares", token: andrew, json: #"{"team":"interns","role":"reader"}"#)

            let missing = try await client.send(.get, "/lists/0")
            #expect(try missing.decode(Unauthorized.self) == JSONDecoder().decode(Unauthorized.self, from: json[0]))
            let toggle = try await client.send(.post, "/lists/0/tasks/1/toggle", token: aaron)
            #expect(try toggle.decode(Denial.self) == JSONDecoder().decode(Denial.self, from: json[1]))
            let write = try await client.send(.post, "/lists/0/tasks", token: readOnly, json: #"{"title":"cake"}"#)
            #expect(try write.decode(Denial.self) == JSONDecoder().decode(Denial.self, from: json[2]))
        }
    }

    @Test("The guide's shell session runs: keys, teams, the service, curl, the CLI's attenuation")
    func shellSession() throws {
        let wafer = try #require(
            ProcessInfo.processInfo.environment["WAFER_BIN"],
            "Set WAFER_BIN to the built wafer binary (scripts/test.sh does): WAFER_BIN=\"$(swift build --show-bin-path)/wafer\" at the repository's root")
        let tinytodo = productsDirectory.appendingPathComponent("tinytodo")
        try #require(
            FileManager.default.isExecutableFile(atPath: tinytodo.path),
            "\(tinytodo.path) is missing: `swift build` in Examples/TinyTodo builds it")
        let session = try Self.blocks("sh", after: "## Running it")
        try #require(session.count >= 4, "docs/service.md's 'Running it' should hold the shell session")
        // The attenuation shown earlier in the guide is one of the commands run here.
        for command in try Self.blocks("sh").prefix(while: { !session.contains($0) }) {
            #expect(session.joined(separator: "\n").contains(command), "not run: \(command)")
        }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinytodo-doc-\(UUID().uuidString)")
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestService.policyPath, toPath: directory.appendingPathComponent("policy.datalog").path)
        // `swift run tinytodo …` in the guide stands for the tinytodo this test run built.
        let shim = bin.appendingPathComponent("swift")
        try """
            #!/usr/bin/env bash
            [ "$1" = run ] && [ "$2" = tinytodo ] || { echo "unexpected: swift $*" >&2; exit 64; }
            shift 2
            exec "$TINYTODO_BIN" "$@"
            """.write(to: shim, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.path)
        let script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + session.joined(separator: "\n")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "120", "bash", "-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "\(bin.path):\(URL(fileURLWithPath: wafer).deletingLastPathComponent().path):\(environment["PATH"] ?? "/usr/bin:/bin")"
        environment["TINYTODO_BIN"] = tinytodo.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the guide's shell session failed (exit \(process.terminationStatus)):\n\(text)")
        #expect(text.lowercased().contains("server-timing: access;dur="))
    }
}

/// Where SwiftPM put the test bundle, and so the package's executables.
let productsDirectory: URL = {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
}()
