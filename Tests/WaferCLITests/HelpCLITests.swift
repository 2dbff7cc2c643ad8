import Foundation
import Testing

/// The first word of each entry of a help text's SUBCOMMANDS section.
func subcommandNames(inHelp help: String) -> [String] {
    var names: [String] = []
    var inSection = false
    for line in help.components(separatedBy: "\n") {
        if line == "SUBCOMMANDS:" {
            inSection = true
            continue
        }
        guard inSection else { continue }
        if !line.isEmpty && !line.hasPrefix("  ") {
            inSection = false  // the next section's header
            continue
        }
        // An entry starts two spaces in; its wrapped abstract is indented further.
        guard line.hasPrefix("  "), !line.hasPrefix("   "), !line.hasPrefix("  See "),
            let name = line.split(separator: " ").first
        else { continue }
        names.append(String(name))
    }
    return names
}

/// Every command path of `wafer`, walking the SUBCOMMANDS sections of the help texts from the root.
func allCommandPaths() throws -> [[String]] {
    var paths: [[String]] = []
    var pending: [[String]] = [[]]
    while !pending.isEmpty {
        let path = pending.removeFirst()
        let help = try wafer(arguments: path + ["--help"], environment: ["COLUMNS": "100"])
        for name in subcommandNames(inHelp: help.standardOutput) where name != "help" {
            paths.append(path + [name])
            pending.append(path + [name])
        }
    }
    return paths
}

@Suite("wafer help: every command explains itself")
struct HelpCLITests {
    /// The commands the CLI must have; the walk of the help texts must find exactly these.
    static let expectedPaths: [[String]] = [
        ["keygen"], ["pubkey"], ["mint"], ["attenuate"], ["inspect"], ["authorize"], ["seal"], ["third-party"],
        ["bench"], ["datalog"], ["macaroon"],
        ["third-party", "request"], ["third-party", "create"], ["third-party", "append"],
        ["datalog", "run"],
        ["macaroon", "keygen"], ["macaroon", "mint"], ["macaroon", "attenuate"], ["macaroon", "add-third-party"],
        ["macaroon", "discharge"], ["macaroon", "bind"], ["macaroon", "inspect"], ["macaroon", "verify"],
    ]

    @Test("the SUBCOMMANDS sections name exactly the expected commands")
    func commandList() throws {
        let found = try allCommandPaths().map { $0.joined(separator: " ") }.sorted()
        #expect(found == Self.expectedPaths.map { $0.joined(separator: " ") }.sorted())
    }

    @Test("each command's --help exits 0 with a one-line abstract and an example", arguments: [[]] + expectedPaths)
    func help(path: [String]) throws {
        let result = try wafer(arguments: path + ["--help"], environment: ["COLUMNS": "100"])
        #expect(result.status == 0, "\(path): \(result.standardError)")
        #expect(result.standardError.isEmpty)
        // The abstract is the OVERVIEW paragraph, wrapped at COLUMNS.
        let paragraphs = result.standardOutput.components(separatedBy: "\n\n")
        let overview = try #require(paragraphs.first { $0.hasPrefix("OVERVIEW: ") }, "\(path) has no abstract")
            .replacingOccurrences(of: "\n", with: " ")
        #expect(overview.count > "OVERVIEW: ".count + 10, "\(path): \(overview)")
        #expect(overview.hasSuffix("."), "\(path)'s abstract is not a sentence: \(overview)")
        #expect(result.standardOutput.contains("Example: wafer \((path.first.map { [$0] } ?? []).joined())"), "\(path) has no example")
        #expect(result.standardOutput.contains("USAGE: wafer \(path.joined(separator: " "))"), "\(path)")

        // `wafer help PATH` prints the same text.
        let viaHelp = try wafer(arguments: ["help"] + path, environment: ["COLUMNS": "100"])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.standardOutput == result.standardOutput, "\(path)")
    }
}
