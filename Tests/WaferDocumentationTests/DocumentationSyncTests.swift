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

/// The guide to TinyTodo, the example service.
let serviceGuide = "docs/service.md"

/// The Swift sources where the Swift examples of a documentation file may appear: DocumentationExamples.swift,
/// and for docs/service.md also the TinyTodo example's sources, which the TinyTodo tests build and run.
func exampleSources(for file: String) throws -> [String] {
    var sources = [try String(
        contentsOf: packageRoot.appendingPathComponent("Tests/WaferDocumentationTests/DocumentationExamples.swift"),
        encoding: .utf8)]
    if file == serviceGuide {
        let directory = packageRoot.appendingPathComponent("Examples/TinyTodo/Sources")
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(!files.isEmpty, "no Swift source under \(directory.path)")
        sources += try files.map { try String(contentsOf: $0, encoding: .utf8) }
    }
    return sources
}

@Suite("Documentation stays true")
struct DocumentationSyncTests {
    @Test("every Swift example in README.md and docs/ is compiled and run by DocumentationExamples", arguments: documentationFiles)
    func swiftExamplesAreTested(file: String) throws {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let sources = try exampleSources(for: file).map { significantLines($0.components(separatedBy: "\n")) }
        for block in codeBlocks(in: markdown, language: "swift") {
            let wanted = significantLines(block).filter { $0 != "import Wafer" }
            let found = sources.contains { exampleLines in
                (0...max(0, exampleLines.count - wanted.count)).contains { start in
                    Array(exampleLines[start..<min(exampleLines.count, start + wanted.count)]) == wanted
                }
            }
            #expect(found, "a Swift example in \(file) is not in DocumentationExamples.swift\(file == serviceGuide ? " nor in Examples/TinyTodo/Sources" : ""):\n\(wanted.joined(separator: "\n"))")
        }
    }

    @Test("docs/service.md shows TinyTodo's policy.datalog, byte for byte")
    func servicePolicy() throws {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(serviceGuide), encoding: .utf8)
        let policy = try String(
            contentsOf: packageRoot.appendingPathComponent("Examples/TinyTodo/policy.datalog"), encoding: .utf8)
        let blocks = codeBlocks(in: markdown, language: "datalog")
        #expect(blocks.count == 1)
        #expect(blocks.first.map { $0.joined(separator: "\n") + "\n" } == policy)
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
