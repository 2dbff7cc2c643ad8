import Foundation
import Testing

/// Graphviz's `dot`, which CI installs with scripts/ensure-deps.sh.
let dotExecutable: URL? = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))

/// Renders DOT text to SVG with Graphviz; fails the test when `dot` rejects it.
func renderSVG(_ dot: String) throws -> ProcessResult {
    let executable = try #require(dotExecutable, "Graphviz's dot is missing: apt-get install graphviz (scripts/ensure-deps.sh does)")
    return try run(executable, ["-Tsvg"], input: dot)
}

@Suite("wafer inspect --graph: the block chain as Graphviz DOT")
struct GraphCLITests {
    static let unusedKey = "ed25519/" + String(repeating: "aa", count: 32)

    private func output(_ result: ProcessResult) -> String {
        result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("authority, attenuation, third-party block and seal: dot renders it, and it names every part")
    func fullChain() throws {
        let directory = try temporaryDirectory()
        let root = output(try wafer("keygen", "-o", "root.key", in: directory))
        let third = output(try wafer("keygen", "-o", "third.key", in: directory))
        let minted = output(try wafer(
            "mint", "--key", "root.key", "--code", "user(\"alice\"); check if group(\"admin\") trusting \(third);", in: directory))
        // Quotes, backslashes and braces in the Datalog must not break the DOT string.
        let attenuated = output(try wafer(
            "attenuate", minted, "--code", #"check if operation("read") trusting authority; check if resource($r), $r.starts_with("C:\\{x}");"#,
            in: directory))
        let request = output(try wafer("third-party", "request", attenuated, "--public-key", root, in: directory))
        let block = output(try wafer(
            "third-party", "create", request, "--key", "third.key", "--code", "group(\"admin\"); check if true trusting previous;",
            in: directory))
        let appended = output(try wafer("third-party", "append", attenuated, block, "--public-key", root, in: directory))
        let sealed = output(try wafer("seal", appended, in: directory))

        let graph = try wafer("inspect", sealed, "--public-key", root, "--graph", in: directory)
        #expect(graph.status == 0, "\(graph.standardError)")
        let dot = graph.standardOutput
        let rendered = try renderSVG(dot)
        #expect(rendered.status == 0, "dot rejected:\n\(rendered.standardError)\n\(dot)")
        #expect(rendered.standardOutput.contains("<svg"))

        #expect(dot.hasPrefix("digraph token {\n"))
        for node in ["root [", "block_0 [", "block_1 [", "block_2 [", "next_key_0 [", "next_key_2 [", "seal [", "third_party_0 ["] {
            #expect(dot.contains("  \(node)"), "\(node)")
        }
        #expect(!dot.contains("block_3"))
        #expect(dot.contains("block 0 (authority)"))
        #expect(dot.contains("block 2 (third party)"))
        let thirdPrefix = String(third.prefix("ed25519/".count + 8))
        #expect(dot.contains("label=\"third party\\n\(thirdPrefix)…\""))
        #expect(dot.contains("third_party_0 -> block_2 [label=\"signs (external)\""))
        #expect(dot.contains("block_0 -> third_party_0 [label=\"trusts \(thirdPrefix)…\""))
        #expect(dot.contains("block_1 -> block_0 [label=\"trusts authority\""))
        #expect(dot.contains("block_2 -> block_1 [label=\"trusts previous\""))
        #expect(dot.contains("root key\\n\(root.prefix("ed25519/".count + 8))…\\n(verified)"))
        // The printed check is `$r.starts_with("C:\{x}")`: DOT needs its quotes and its backslash escaped.
        #expect(dot.contains(#"$r.starts_with(\"C:\\{x}\")"#), "escaped Datalog: \(dot)")
        for revocationId in try #require(try JSONSerialization.jsonObject(
            with: Data(try wafer("seal", appended, "--json", in: directory).standardOutput.utf8)) as? [String: Any])["revocationIds"] as? [String] ?? [] {
            #expect(dot.contains("revocation id \(revocationId.prefix(16))…"))
        }
    }

    @Test("an unsealed, unverified token ends in its proof and says the root key was not given")
    func unverified() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("keygen", "-o", "root.key", in: directory).status == 0)
        let token = output(try wafer("mint", "--key", "root.key", "--code", "user(\"alice\");", in: directory))
        let graph = try wafer("inspect", token, "--graph", in: directory)
        #expect(graph.status == 0)
        #expect(graph.standardOutput.contains("root key\\n(not given: the chain is unverified)"))
        #expect(graph.standardOutput.contains("next_key_0 -> proof"))
        // A trusted key that signed no block of this token is drawn as such.
        let trusting = output(try wafer("attenuate", token, "--code", "check if group(\"admin\") trusting \(Self.unusedKey);", in: directory))
        let trustingGraph = try wafer("inspect", trusting, "--graph", in: directory).standardOutput
        #expect(trustingGraph.contains("third_party_0 [shape=hexagon, style=dashed"))
        #expect(trustingGraph.contains("label=\"trusted key\\n(signed no block here)\\ned25519/aaaaaaaa…\""), "\(trustingGraph)")
        #expect(trustingGraph.contains("block_1 -> third_party_0 [label=\"trusts ed25519/aaaaaaaa…\""))
        #expect(try renderSVG(trustingGraph).status == 0)
        #expect(!graph.standardOutput.contains("seal ["))
        #expect(try renderSVG(graph.standardOutput).status == 0)
        #expect(try wafer("inspect", token, "--graph", "--json", in: directory).status == 64)
    }

    @Test("the committed docs/images/token-chain.dot is valid DOT naming blocks 0 to 2, and its SVG is there")
    func committedPicture() throws {
        let dot = try String(contentsOf: packageRoot.appendingPathComponent("docs/images/token-chain.dot"), encoding: .utf8)
        #expect(try renderSVG(dot).status == 0)
        for index in 0...2 { #expect(dot.contains("  block_\(index) ["), "block \(index)") }
        #expect(dot.contains("block 0 (authority)") && dot.contains("(third party)") && dot.contains("seal ["))
        let svg = try String(contentsOf: packageRoot.appendingPathComponent("docs/images/token-chain.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("block 0 (authority)"))
    }
}
