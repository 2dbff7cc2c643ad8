import Foundation
import Testing

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The fenced code blocks of a Markdown file with the given info string (`swift`, `sh`).
func codeBlocks(in markdown: String, language: String) -> [[String]] {
    var blocks: [[String]] = []
    var current: [String]?
    for line in markdown.components(separatedBy: "\n") {
        if current == nil, line.trimmingCharacters(in: .whitespaces) == "```\(language)" {
            current = []
        } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
            blocks.append(current!)
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}

/// Lines without surrounding white space, blank lines dropped: what must match between docs and tests.
func significantLines(_ lines: [String]) -> [String] {
    lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

let documentationFiles: [String] = {
    let docs = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("docs").path)) ?? []
    return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
}()

@Suite("Documentation stays true")
struct DocumentationSyncTests {
    @Test("every Swift example in README.md and docs/ is compiled and run by DocumentationExamples", arguments: documentationFiles)
    func swiftExamplesAreTested(file: String) throws {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let examples = try String(
            contentsOf: packageRoot.appendingPathComponent("Tests/WaferDocumentationTests/DocumentationExamples.swift"),
            encoding: .utf8)
        let exampleLines = significantLines(examples.components(separatedBy: "\n"))
        for block in codeBlocks(in: markdown, language: "swift") {
            let wanted = significantLines(block).filter { $0 != "import Wafer" }
            let found = (0...max(0, exampleLines.count - wanted.count)).contains { start in
                Array(exampleLines[start..<min(exampleLines.count, start + wanted.count)]) == wanted
            }
            #expect(found, "a Swift example in \(file) is not in DocumentationExamples.swift:\n\(wanted.joined(separator: "\n"))")
        }
    }

    @Test("the README's two commands are the scripts that exist")
    func readmeCommands() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = codeBlocks(in: readme, language: "sh").map { significantLines($0) }
        #expect(commands == [["bash scripts/walkthrough.sh"], ["bash scripts/test.sh"]])
        for script in ["scripts/walkthrough.sh", "scripts/test.sh", "scripts/ensure-deps.sh", "scripts/install-peers.sh"] {
            #expect(FileManager.default.isExecutableFile(atPath: packageRoot.appendingPathComponent(script).path), "\(script)")
        }
        let ci = try String(contentsOf: packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("bash scripts/test.sh"))
        #expect(ci.contains("bash scripts/install-peers.sh"))
    }
}
