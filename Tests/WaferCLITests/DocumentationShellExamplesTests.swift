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
    // CI tests run.
    @Test("each ```sh block runs with the built wafer on PATH and exits 0", arguments: ["docs/cli.md", "docs/macaroons.md"])
    func runs(file: String) throws {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let blocks = shellBlocks(in: markdown)
        #expect(!blocks.isEmpty, "\(file) has no shell example")
        for block in blocks {
            let directory = try temporaryDirectory()
            let path = productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let result = try run(
                URL(fileURLWithPath: "/bin/bash"), ["-euo", "pipefail", "-c", block],
                environment: ["PATH": path], in: directory)
            #expect(result.status == 0, "\(file):\n\(block)\n--- stderr:\n\(result.standardError)")
        }
    }
}
