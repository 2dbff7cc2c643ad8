import Foundation
import Testing

/// The fenced ```sh blocks of a Markdown file.
private func shellBlocks(in markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [String]?
    for line in markdown.components(separatedBy: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if current == nil, trimmed == "```sh" {
            current = []
        } else if current != nil, trimmed == "```" {
            blocks.append(current!.joined(separator: "\n"))
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}

@Suite("Shell examples in docs/ run as written")
struct DocumentationShellExamplesTests {
    // docs/benchmarks.md's commands are left out: they run the release benchmark suites (minutes), which
    // `bash Benchmarks/run.sh` itself exercises; README's two commands are the scripts the walkthrough and
    // CI tests run. docs/service.md's session is checked by the TinyTodo tests, against the running service.
    @Test("each ```sh block runs, in a folder of its own, with the built wafer on PATH and exits 0", arguments: ["docs/cli.md", "docs/macaroons.md"])
    func runs(file: String) throws {
        let blocks = try blocks(of: file)
        for block in blocks {
            try expectSuccess(block, of: file, in: try temporaryDirectory())
        }
    }

    @Test("docs/getting-started.md: its ```sh blocks run in order, in one folder, as a tutorial's steps do")
    func tutorial() throws {
        let file = "docs/getting-started.md"
        let directory = try temporaryDirectory()
        for block in try blocks(of: file) {
            try expectSuccess(block, of: file, in: directory)
        }
        // What the steps left behind: the key (0600), the tokens, and the denial's explanation.
        for name in ["root.key", "root.pub", "alice.token", "reader.token", "error.txt"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let error = try String(contentsOf: directory.appendingPathComponent("error.txt"), encoding: .utf8)
        #expect(error.contains("does not verify"))
        let revoked = try String(contentsOf: directory.appendingPathComponent("revoked-error.txt"), encoding: .utf8)
        #expect(revoked.contains("the token is revoked: block 1's revocation id"))
    }

    private func blocks(of file: String) throws -> [String] {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let blocks = shellBlocks(in: markdown)
        #expect(!blocks.isEmpty, "\(file) has no shell example")
        return blocks
    }

    private func expectSuccess(_ block: String, of file: String, in directory: URL) throws {
        let path = productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try run(
            URL(fileURLWithPath: "/bin/bash"), ["-euo", "pipefail", "-c", block],
            environment: ["PATH": path], in: directory)
        #expect(result.status == 0, "\(file):\n\(block)\n--- stderr:\n\(result.standardError)")
    }
}
