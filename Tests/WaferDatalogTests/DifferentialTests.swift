import Testing
import WaferDatalog

/// A deterministic generator (SplitMix64), so every random program can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A deliberately simple reference evaluator: Term-level facts, nested loops, and every rule re-applied to
/// every fact in every round until nothing changes. It shares nothing with the engine but the expression
/// evaluator (`Expression.evaluate(bindings:)`).
struct NaiveEvaluator {
    struct Entry: Hashable {
        var origin: UInt64
        var name: String
        var terms: [Term]
    }

    struct LoadedRule {
        var rule: Rule
        var blockBit: UInt64
        var trusted: UInt64
    }

    static let authorizerBit: UInt64 = 1 << 63

    static func bit(_ block: Int?) -> UInt64 { block.map { 1 << UInt64($0) } ?? authorizerBit }

    static func trusted(_ ruleScopes: [Scope], _ blockScopes: [Scope], block: Int?) -> UInt64 {
        let scopes = ruleScopes.isEmpty ? blockScopes : ruleScopes
        if scopes.isEmpty { return bit(block) | 1 | authorizerBit }
        var result = bit(block) | authorizerBit
        for scope in scopes {
            switch scope {
            case .authority: result |= 1
            case .previous:
                if let block { for earlier in 0...block { result |= 1 << UInt64(earlier) } }
            case .publicKey: break
            }
        }
        return result
    }

    var facts = Set<Entry>()
    var rules: [LoadedRule] = []

    init(blocks: [Program], authorizer: Program) {
        let programs = blocks.enumerated().map { (Optional($0.offset), $0.element) } + [(nil, authorizer)]
        for (block, program) in programs {
            for fact in program.facts {
                facts.insert(Entry(origin: Self.bit(block), name: fact.predicate.name, terms: fact.predicate.terms))
            }
            for rule in program.rules {
                rules.append(LoadedRule(rule: rule, blockBit: Self.bit(block),
                                        trusted: Self.trusted(rule.scopes, program.scopes, block: block)))
            }
        }
    }

    mutating func run() throws {
        while true {
            var derived = Set<Entry>()
            for loaded in rules {
                let visible = facts.filter { $0.origin & ~loaded.trusted == 0 }
                try Self.match(loaded.rule.body[...], visible, [:], loaded.blockBit) { bindings, origin in
                    for expression in loaded.rule.expressions {
                        guard try expression.evaluate(bindings: bindings) == .bool(true) else { return }
                    }
                    let terms = loaded.rule.head.terms.map { term -> Term in
                        if case .variable(let name) = term { return bindings[name]! }
                        return term
                    }
                    derived.insert(Entry(origin: origin, name: loaded.rule.head.name, terms: terms))
                }
            }
            let before = facts.count
            facts.formUnion(derived)
            if facts.count == before { return }
        }
    }

    static func match(
        _ body: ArraySlice<Predicate>, _ visible: Set<Entry>, _ bindings: [String: Term], _ origin: UInt64,
        _ found: ([String: Term], UInt64) throws -> Void
    ) throws {
        guard let atom = body.first else { return try found(bindings, origin) }
        for fact in visible where fact.name == atom.name && fact.terms.count == atom.terms.count {
            var extended = bindings
            var unifies = true
            for (pattern, value) in zip(atom.terms, fact.terms) {
                if case .variable(let name) = pattern {
                    if let bound = extended[name] {
                        if bound != value { unifies = false }
                    } else {
                        extended[name] = value
                    }
                } else if pattern != value {
                    unifies = false
                }
                if !unifies { break }
            }
            if unifies { try match(body.dropFirst(), visible, extended, origin | fact.origin, found) }
        }
    }
}

/// Random programs: recursive rules, joins with constants and repeated variables, integer comparisons,
/// `trusting authority` / `trusting previous` scopes, across blocks and the authorizer.
struct RandomProgram {
    var blocks: [Program]
    var authorizer: Program

    static let predicates: [(String, Int)] = [("e", 2), ("f", 1), ("p", 2), ("q", 1)]
    static let variables = ["x", "y", "z"]

    /// Creates a program; `large` uses more facts over a wider domain, so that relations outgrow the
    /// engine's scan limit and joins go through its hash indexes.
    init(seed: UInt64, large: Bool = false) {
        var random = SeededGenerator(state: seed)
        let blockCount = Int.random(in: 1...3, using: &random)
        let domain: ClosedRange<Int64> = large ? 0...7 : 0...2
        let facts = large ? 10...30 : 2...8
        blocks = (0..<blockCount).map { block in
            Self.program(block: block, domain: domain, facts: facts, using: &random)
        }
        authorizer = Self.program(block: nil, domain: domain, facts: facts, using: &random)
    }

    static func program(
        block: Int?, domain: ClosedRange<Int64>, facts: ClosedRange<Int>, using random: inout SeededGenerator
    ) -> Program {
        var program = Program()
        for _ in 0..<Int.random(in: facts, using: &random) {
            let (name, arity) = [("e", 2), ("f", 1)].randomElement(using: &random)!
            program.facts.append(Fact(name, (0..<arity).map { _ in .integer(Int64.random(in: domain, using: &random)) }))
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            program.rules.append(rule(block: block, using: &random))
        }
        if block != nil && Int.random(in: 0..<8, using: &random) == 0 { program.scopes = [.authority] }
        return program
    }

    static func rule(block: Int?, using random: inout SeededGenerator) -> Rule {
        let length = [1, 1, 2, 2, 2, 3].randomElement(using: &random)!
        var body: [Predicate] = []
        var bound: [String] = []
        for _ in 0..<length {
            let (name, arity) = predicates.randomElement(using: &random)!
            let terms = (0..<arity).map { _ -> Term in
                if Int.random(in: 0..<10, using: &random) < 7 {
                    let variable = variables.randomElement(using: &random)!
                    if !bound.contains(variable) { bound.append(variable) }
                    return .variable(variable)
                }
                return .integer(Int64.random(in: 0...2, using: &random))
            }
            body.append(Predicate(name: name, terms: terms))
        }
        let (headName, headArity) = [("p", 2), ("q", 1)].randomElement(using: &random)!
        let head = (0..<headArity).map { _ -> Term in
            if let variable = bound.randomElement(using: &random), Int.random(in: 0..<5, using: &random) > 0 {
                return .variable(variable)
            }
            return .integer(Int64.random(in: 0...2, using: &random))
        }
        var expressions: [Expression] = []
        if let variable = bound.randomElement(using: &random), Int.random(in: 0..<3, using: &random) == 0 {
            let other: Op = bound.randomElement(using: &random).map { .value(.variable($0)) }
                ?? .value(.integer(1))
            let comparison: [BinaryOperator] = [.lessThan, .lessOrEqual, .heterogeneousNotEqual, .greaterThan]
            expressions.append(Expression(ops: [
                .value(.variable(variable)), .value(.integer(Int64.random(in: 0...1, using: &random))), .binary(.add),
                other, .binary(comparison.randomElement(using: &random)!),
            ]))
        }
        var scopes: [Scope] = []
        switch Int.random(in: 0..<6, using: &random) {
        case 0: scopes = [.authority]
        case 1: scopes = [.previous]
        default: break
        }
        return Rule(head: Predicate(name: headName, terms: head), body: body, expressions: expressions, scopes: scopes)
    }
}

@Suite("Differential: the semi-naive engine against a naive evaluator on random programs")
struct DifferentialTests {
    @Test("Same (origin, fact) pairs", arguments: 0..<300)
    func sameFacts(seed: UInt64) throws {
        try compare(RandomProgram(seed: seed), seed: seed)
    }

    @Test("Same (origin, fact) pairs on larger relations (hash-indexed joins)", arguments: 1000..<1040)
    func sameFactsLarge(seed: UInt64) throws {
        try compare(RandomProgram(seed: seed, large: true), seed: seed)
    }

    func compare(_ program: RandomProgram, seed: UInt64) throws {
        var naive = NaiveEvaluator(blocks: program.blocks, authorizer: program.authorizer)
        try naive.run()
        let world = try World(
            blocks: program.blocks.enumerated().map { World.Block(id: $0.offset, program: $0.element) },
            authorizer: program.authorizer,
            limits: RunLimits(maxFacts: 1_000_000, maxIterations: 10_000, maxTime: .seconds(60)))
        let expected = Set(naive.facts.map { "\(OriginSetDescription($0.origin)) \(Fact($0.name, $0.terms))" })
        let actual = Set(world.facts.flatMap { group in group.facts.map { "\(group.origin) \($0)" } })
        #expect(actual == expected, "seed \(seed)")
    }

    @Test("The generator produces recursion, joins and scopes")
    func generatorCoverage() {
        var recursive = 0
        var joins = 0
        var scoped = 0
        for seed in 0..<300 as Range<UInt64> {
            let program = RandomProgram(seed: seed)
            for rule in (program.blocks + [program.authorizer]).flatMap(\.rules) {
                if rule.body.contains(where: { $0.name == rule.head.name }) { recursive += 1 }
                if rule.body.count > 1 { joins += 1 }
                if !rule.scopes.isEmpty { scoped += 1 }
            }
        }
        #expect(recursive > 50)
        #expect(joins > 100)
        #expect(scoped > 50)
    }
}

/// Prints an origin bit pattern the way ``OriginSet`` does.
func OriginSetDescription(_ bits: UInt64) -> String {
    OriginSet(blockIDs: (0..<63).filter { bits & (1 << UInt64($0)) != 0 }, containsAuthorizer: bits >> 63 == 1).description
}

@Suite("Differential: the random programs are not trivial")
struct DifferentialCoverageTests {
    @Test("They derive facts, many with multi-block origins")
    func derivations() throws {
        var derived = 0
        var mixedOrigins = 0
        for seed in 0..<100 as Range<UInt64> {
            let program = RandomProgram(seed: seed)
            let world = try World(
                blocks: program.blocks.enumerated().map { World.Block(id: $0.offset, program: $0.element) },
                authorizer: program.authorizer,
                limits: RunLimits(maxFacts: 1_000_000, maxIterations: 10_000, maxTime: .seconds(60)))
            let loaded = (program.blocks + [program.authorizer]).reduce(0) { $0 + Set($1.facts).count }
            derived += world.factCount - loaded
            mixedOrigins += world.facts.filter { $0.origin.blockIDs.count + ($0.origin.containsAuthorizer ? 1 : 0) > 1 }.count
        }
        #expect(derived > 500)
        #expect(mixedOrigins > 50)
    }
}
