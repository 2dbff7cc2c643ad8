import Foundation
import Testing

@Suite("Documentation links resolve")
struct DocumentationLinksTests {
    /// Relative links `[text](path)` or `[text](path#anchor)` of a Markdown file (web links are left out).
    static func relativeLinks(in markdown: String) -> [String] {
        let pattern = /\]\(([^)\s]+)\)/
        return markdown.matches(of: pattern).map { String($0.1) }
            .filter { !$0.hasPrefix("http://") && !$0.hasPrefix("https://") && !$0.hasPrefix("#") && !$0.hasPrefix("mailto:") }
    }

    @Test("every relative link of README.md and docs/ names a file that exists", arguments: documentationFiles)
    func linksResolve(file: String) throws {
        let markdown = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let folder = packageRoot.appendingPathComponent(file).deletingLastPathComponent()
        for link in Self.relativeLinks(in: markdown) {
            let path = String(link.split(separator: "#", maxSplits: 1)[0])
            let target = folder.appendingPathComponent(path).standardizedFileURL.path
            #expect(FileManager.default.fileExists(atPath: target), "\(file) links to \(link), which does not exist")
        }
    }
}
