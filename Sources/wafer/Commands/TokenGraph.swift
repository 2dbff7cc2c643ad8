import Foundation
import Wafer

/// A token's block chain as a Graphviz DOT digraph, for `wafer inspect --graph`.
///
/// Nodes: the root key, one box per block (index, revocation id prefix, a summary of its Datalog), the
/// next key each block names (which signs the following block, or the seal), each third party that signed
/// a block, and the end of the chain (the seal, or the secret that lets the holder append). Edges: signing
/// (solid), a third party's external signature (dashed), and what a block's statements trust (dotted).
struct TokenGraph {
    var rootKey: PublicKey?
    var isVerified: Bool
    var isSealed: Bool
    var blocks: [BiscuitBlock]
    var nextKeys: [PublicKey]

    /// The DOT text.
    var dot: String {
        var lines = [
            "digraph token {",
            "  rankdir=TB;",
            "  node [fontname=\"Helvetica\", fontsize=10];",
            "  edge [fontname=\"Helvetica\", fontsize=9];",
        ]
        let rootLabel = rootKey.map { "root key\\n\(Self.escape(Self.short($0.description)))\(isVerified ? "\\n(verified)" : "")" }
            ?? "root key\\n(not given: the chain is unverified)"
        lines.append("  root [shape=ellipse, style=filled, fillcolor=\"#fde2a7\", label=\"\(rootLabel)\"];")

        // Third parties: every key that signed a block, and every key a `trusting` clause names.
        var thirdParties: [String: String] = [:]  // key text -> node id
        // A key that signed no block but is trusted is drawn apart: nothing in this token carries its signature.
        func thirdPartyNode(_ key: String, isSigner: Bool = true) -> String {
            if let id = thirdParties[key] { return id }
            let id = "third_party_\(thirdParties.count)"
            thirdParties[key] = id
            let title = isSigner ? "third party" : "trusted key\\n(signed no block here)"
            let style = isSigner ? "filled" : "dashed"
            lines.append(
                "  \(id) [shape=hexagon, style=\(style), fillcolor=\"#d7e8fb\", label=\"\(title)\\n\(Self.escape(Self.short(key)))\"];")
            return id
        }

        for block in blocks {
            let id = "block_\(block.index)"
            lines.append("  \(id) [shape=box, style=\"rounded,filled\", fillcolor=\"#eeeeee\", label=\"\(Self.blockLabel(block))\"];")
            if block.index == 0 {
                lines.append("  root -> \(id) [label=\"signs\"];")
            } else if block.index - 1 < nextKeys.count {
                lines.append("  next_key_\(block.index - 1) -> \(id) [label=\"signs\"];")
            }
            if block.index < nextKeys.count {
                lines.append(
                    "  next_key_\(block.index) [shape=ellipse, label=\"next key \(block.index)\\n\(Self.escape(Self.short(nextKeys[block.index].description)))\"];")
                lines.append("  \(id) -> next_key_\(block.index) [label=\"names\", style=dashed, arrowhead=open];")
            }
            if let external = block.externalKey {
                lines.append("  \(thirdPartyNode(external.description)) -> \(id) [label=\"signs (external)\", style=dashed];")
            }
        }
        // Trust edges, after every block node exists.
        for block in blocks {
            for scope in Self.scopes(of: block.program) {
                let target: String
                switch scope {
                case .authority: target = "block_0"
                case .previous: target = block.index > 0 ? "block_\(block.index - 1)" : "block_0"
                case .publicKey(let key): target = thirdPartyNode("\(key.algorithm.rawValue)/\(Hex.encode(key.bytes))", isSigner: false)
                }
                let label = Self.scopeText(scope)
                lines.append("  block_\(block.index) -> \(target) [label=\"\(Self.escape(label))\", style=dotted, constraint=false];")
            }
        }
        if let last = blocks.last, last.index < nextKeys.count {
            if isSealed {
                lines.append("  seal [shape=octagon, style=filled, fillcolor=\"#f4c7c3\", label=\"sealed\\nfinal signature\"];")
                lines.append("  next_key_\(last.index) -> seal [label=\"signs\"];")
            } else {
                lines.append("  proof [shape=note, label=\"proof: the next key's secret\\n(the holder can append a block)\"];")
                lines.append("  next_key_\(last.index) -> proof [label=\"secret half\", style=dashed, arrowhead=open];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The distinct scopes a program's statements name, in order of appearance: the block's own `trusting`
    /// clause, then the rules', the checks' queries'.
    static func scopes(of program: Program) -> [Scope] {
        var seen: [Scope] = []
        let all = program.scopes + program.rules.flatMap(\.scopes) + program.checks.flatMap { $0.queries.flatMap(\.scopes) }
            + program.policies.flatMap { $0.queries.flatMap(\.scopes) }
        for scope in all where !seen.contains(scope) { seen.append(scope) }
        return seen
    }

    /// An edge label for a scope: `trusts authority`, `trusts previous`, `trusts ed25519/1a2b3c4d…`.
    static func scopeText(_ scope: Scope) -> String {
        switch scope {
        case .authority: return "trusts authority"
        case .previous: return "trusts previous"
        case .publicKey(let key): return "trusts \(short("\(key.algorithm.rawValue)/\(Hex.encode(key.bytes))"))"
        }
    }

    /// A block's label: title, revocation id prefix, statement counts, then the first statements.
    static func blockLabel(_ block: BiscuitBlock) -> String {
        let program = block.program
        var title = block.index == 0 ? "block 0 (authority)" : "block \(block.index)"
        if block.externalKey != nil { title += " (third party)" }
        let revocation = Hex.encode(block.revocationIdentifier).prefix(16)
        func count(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }
        let counts = [
            count(program.facts.count, "fact", "facts"), count(program.rules.count, "rule", "rules"),
            count(program.checks.count, "check", "checks"),
        ].joined(separator: ", ")
        let statements = block.code.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var summary = statements.prefix(4).map { $0.count > 60 ? String($0.prefix(59)) + "…" : $0 }
        if statements.count > 4 { summary.append("… (\(statements.count - 4) more)") }
        return "\(escape(title))\\nrevocation id \(revocation)…\\n\(counts)\\n"
            + summary.map { escape($0) + "\\l" }.joined()
    }

    /// `ed25519/1a2b3c4d…`: a key's algorithm and the first 8 hex digits.
    static func short(_ key: String) -> String {
        guard let slash = key.firstIndex(of: "/") else { return key }
        let hex = key[key.index(after: slash)...]
        return hex.count > 8 ? "\(key[..<slash])/\(hex.prefix(8))…" : key
    }

    /// Escapes text for a double-quoted DOT string: backslashes, quotes, line breaks and control characters.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\l"
            case "\r", "\t": escaped += " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += "?"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
