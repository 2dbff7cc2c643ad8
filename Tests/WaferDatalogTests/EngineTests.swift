import Testing
@testable import WaferDatalog

@Suite("Engine: joins, recursion, fixpoint, world contents")
struct EngineTests {
    /// The facts of predicate `name` in `world`, printed, regardless of origin.
    func facts(_ world: World, _ name: String) -> Set<String> {
        Set(world.facts.flatMap(\.facts).filter { $0.predicate.name == name }.map(\.description))
    }

    @Test("Transitive closure of a chain: n(n+1)/2 paths in n iterations")
    func transitiveClosure() throws {
        let world = try makeWorld([chainProgram(30)], limits: RunLimits(maxFacts: 10_000, maxIterations: 100))
        #expect(world.factCount == 30 + 30 * 31 / 2)
        #expect(world.iterations == 30)
        #expect(facts(world, "path").contains("path(0, 30)"))
    }

    @Test("Transitive closure of a cycle reaches its fixpoint")
    func cycle() throws {
        let world = try makeWorld(
            ["edge(1, 2); edge(2, 3); edge(3, 1); path($a, $b) <- edge($a, $b); path($a, $c) <- path($a, $b), path($b, $c);"])
        #expect(facts(world, "path").count == 9)
    }

    @Test("Constants, repeated variables and arity in body predicates")
    func joinShapes() throws {
        let world = try makeWorld([
            """
            p(1, 1); p(1, 2); p(2, 2, 3); q(2); q(3);
            same($x) <- p($x, $x);
            from_one($y) <- p(1, $y);
            ternary($z) <- p($x, $x, $z);
            joined($x, $y) <- p($x, $y), q($y);
            cross($a, $b) <- q($a), q($b), $a < $b;
            constant_head(true) <- q(3);
            no_match($x) <- p($x, 5);
            """,
        ])
        #expect(facts(world, "same") == ["same(1)"])
        #expect(facts(world, "from_one") == ["from_one(1)", "from_one(2)"])
        #expect(facts(world, "ternary") == ["ternary(3)"])
        #expect(facts(world, "joined") == ["joined(1, 2)"])
        #expect(facts(world, "cross") == ["cross(2, 3)"])
        #expect(facts(world, "constant_head") == ["constant_head(true)"])
        #expect(facts(world, "no_match").isEmpty)
    }

    @Test("Rules without body predicates fire once; their expressions decide")
    func bodylessRules() throws {
        let program = Program(rules: [
            Rule(head: Predicate(name: "yes", terms: [.integer(1)]), body: [],
                 expressions: [try Expression(parsing: "1 < 2")]),
            Rule(head: Predicate(name: "no", terms: [.integer(1)]), body: [],
                 expressions: [try Expression(parsing: "1 > 2")]),
        ])
        let world = try World(blocks: [World.Block(id: 0, program: program)])
        #expect(facts(world, "yes") == ["yes(1)"])
        #expect(facts(world, "no").isEmpty)
    }

    @Test("Terms of every type join by value; strings by their bytes")
    func termTypes() throws {
        let world = try makeWorld([
            """
            t("a"); t(hex:0102); t(2020-01-01T00:00:00Z); t(true); t({1, 2}); t(null); t([1, "x"]); t({"k": 1});
            u("a"); u(hex:0102); u(2020-01-01T00:00:00Z); u(true); u({2, 1}); u(null); u([1, "x"]); u({"k": 1});
            both($x) <- t($x), u($x);
            """,
        ])
        #expect(facts(world, "both").count == 8)
        let composed = Program(facts: [Fact("s", [.string("\u{E9}")]), Fact("r", [.string("e\u{301}")])],
                               rules: [try Rule(parsing: "both($x) <- s($x), r($x)")])
        let bytes = try World(blocks: [World.Block(id: 0, program: composed)])
        #expect(facts(bytes, "both").isEmpty)
        #expect(bytes.factCount == 2)
    }

    @Test("Predicates with the same name and different arities are different relations")
    func arity() throws {
        let world = try makeWorld(["f(1); f(1, 2); g($x) <- f($x); h($x) <- f($x, $y);"])
        #expect(facts(world, "g") == ["g(1)"])
        #expect(facts(world, "h") == ["h(1)"])
    }

    @Test("The world lists its statements by block and prints as Datalog")
    func contents() throws {
        let world = try makeWorld(
            ["a(1); b($x) <- a($x); check if a(1);", "check if b(1);"],
            authorizer: "c(2); check if c(2); allow if true; deny if false;")
        #expect(world.rules.map(\.blockID) == [0])
        #expect(world.checks.map(\.blockID) == [0, 1, nil])
        #expect(world.policies.count == 2)
        #expect(world.facts.map(\.origin) == [.authorizer, OriginSet(blockIDs: [0])])
        let text = world.description
        #expect(text.contains("// origin: {0}\na(1);\nb(1);\n"))
        #expect(text.contains("// Rules:\n// origin: 0\nb($x) <- a($x);\n"))
        #expect(text.contains("// origin: authorizer\ncheck if c(2);\n"))
        #expect(text.hasSuffix("// Policies:\nallow if true;\ndeny if false;\n"))
        // It parses back (origins are comments).
        let reparsed = try Program(parsing: text)
        #expect(reparsed.facts.count == 3)
        #expect(reparsed.policies.count == 2)
    }

    @Test("Each distinct .matches pattern is compiled once")
    func regexCache() {
        var cache = RegexCache()
        let results = [
            cache.isMatch(pattern: "a+", text: "caab"), cache.isMatch(pattern: "a+", text: "bcd"),
            cache.isMatch(pattern: "(", text: "("), cache.isMatch(pattern: "(", text: "x"),
        ]
        #expect(results == [true, false, false, false])
        #expect(cache.count == 2)
    }

    @Test("Constant .matches patterns are compiled at load time into one instruction, inside closures too")
    func constantPatterns() throws {
        var slots = VariableSlots()
        var regexes = RegexCache()
        let expression = try Expression(parsing: "$s.matches(\"a+\") && [\"x\"].any($p -> $p.matches(\"x|y\")) && $s.matches($s)")
        let compiled = CompiledExpression(expression, slots: &slots, regexes: &regexes)
        #expect(regexes.count == 2)
        var fused = 0
        var unfused = 0
        var pending = [compiled.instructions]
        while let instructions = pending.popLast() {
            for instruction in instructions {
                switch instruction {
                case .matchesPattern: fused += 1
                case .binary(.regex): unfused += 1
                case .closure(let closure): pending.append(closure.body)
                default: break
                }
            }
        }
        #expect(fused == 2)
        #expect(unfused == 1)  // `$s.matches($s)`: the pattern is only known at run time
    }

    @Test("The semi-naive plan reads the delta predicate first and binds the next one's columns")
    func joinPlan() {
        var relations = [Relation(name: "edge", arity: 2), Relation(name: "path", arity: 2)]
        // path($a, $c) <- edge($a, $b), path($b, $c): slots a = 0, b = 1, c = 2.
        var indexes: [ColumnIndex] = []
        var code = CompiledProgram()
        code.sources = [0, 1, 1, 2]
        code.atoms = [
            CompiledAtom(relation: 0, sourceStart: 0, sourceEnd: 2), CompiledAtom(relation: 1, sourceStart: 2, sourceEnd: 4),
        ]
        let variant = code.makePlan(atomStart: 0, atomEnd: 2, deltaAtom: 1, slotCount: 3, relations: &relations, indexes: &indexes)
        let steps = code.steps[code.plans[variant].stepStart..<code.plans[variant].stepEnd]
        #expect(steps.map(\.relation) == [1, 0])
        #expect(steps.map(\.range) == [.delta, .old])
        #expect(steps.first?.indexPosition == -1)
        #expect(indexes.map(\.relation) == [0])
        #expect(indexes.map(\.columns) == [[1]])
        #expect(relations.map(\.firstIndex) == [0, -1])
        // The second step looks up edge's column 1 with $b, then binds $a from column 0.
        let second = steps.last!
        #expect(code.entries[second.keyStart..<second.keyEnd].map(\.column) == [1])
        #expect(code.entries[second.checkEnd..<second.bindEnd].map(\.source) == [0])
        let full = code.makePlan(atomStart: 0, atomEnd: 2, deltaAtom: nil, slotCount: 3, relations: &relations, indexes: &indexes)
        #expect(code.steps[code.plans[full].stepStart..<code.plans[full].stepEnd].map(\.range) == [.all, .all])
    }
}
