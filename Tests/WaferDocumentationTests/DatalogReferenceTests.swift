import Foundation
import Testing
import Wafer

@Suite("docs/datalog-reference.md: every example is allowed")
struct DatalogReferenceTests {
    static let examples: [String] = {
        let url = packageRoot.appendingPathComponent("docs/datalog-reference.md")
        let markdown = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return codeBlocks(in: markdown, language: "datalog").map { $0.joined(separator: "\n") }
    }()

    @Test("the reference has its examples")
    func hasExamples() {
        #expect(Self.examples.count >= 10)
    }

    @Test("each ```datalog block parses, evaluates and is allowed", arguments: examples)
    func allowed(example: String) throws {
        let program = try Program(parsing: example)
        let result = try World(blocks: [], authorizer: program).authorize()
        guard case .allowed = result else {
            Issue.record("not allowed: \(result)\n\(example)")
            return
        }
    }
}
