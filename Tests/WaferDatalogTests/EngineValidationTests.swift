import Testing
@testable import WaferDatalog

/// World checks most statements for unbound variables while compiling them and runs the full validation only
/// on suspicion; these tests pin that the errors are the full validation's, in its order.
@Suite("Engine validation: hand-built programs are rejected with the first fault in block order")
struct EngineValidationTests {
    private static func unsafeRule(_ name: String) -> Rule {
        Rule(head: Predicate(name: name, terms: [.variable("unbound")]),
             body: [Predicate(name: "n", terms: [.variable("x")])])
    }

    private static func unsafeCheck() -> Check {
        Check(kind: .one, queries: [
            Rule(head: Predicate(name: "query", terms: []), body: [Predicate(name: "n", terms: [.variable("x")])],
                 expressions: [Expression(ops: [.value(.variable("y")), .value(.integer(1)), .binary(.equal)])]),
        ])
    }

    @Test("A block's unsafe check is reported before the authorizer's unsafe rule, though rules compile first")
    func blockOrderWins() {
        let block = Program(checks: [Self.unsafeCheck()])
        let authorizer = Program(rules: [Self.unsafeRule("a")])
        let message = errorMessage { try World(blocks: [World.Block(id: 0, program: block)], authorizer: authorizer) }
        #expect(message?.hasPrefix("block 0, check 0:") == true)
        #expect(message?.contains("$y") == true)
    }

    @Test("Within a block, an unsafe rule is reported before an unsafe check, and a fact with a variable first of all")
    func statementOrderWins() {
        let program = Program(facts: [Fact("n", [.integer(1)])], rules: [Self.unsafeRule("r")], checks: [Self.unsafeCheck()])
        let message = errorMessage { try World(blocks: [World.Block(id: 1, program: program)]) }
        #expect(message?.hasPrefix("block 1, rule 0:") == true)
        let withFact = Program(facts: [Fact("f", [.variable("v")])], checks: [Self.unsafeCheck()])
        #expect(errorCode { try World(blocks: [], authorizer: withFact) } == .invalidFact)
    }

    @Test("An expression variable bound only by a closure parameter is safe; one bound nowhere is not")
    func closures() {
        func program(_ inner: String) -> Program {
            Program(rules: [
                Rule(head: Predicate(name: "h", terms: [.variable("s")]),
                     body: [Predicate(name: "n", terms: [.variable("s")])],
                     expressions: [Expression(ops: [
                        .value(.variable("s")),
                        .closure(parameters: ["p"], ops: [.value(.variable(inner)), .value(.integer(0)), .binary(.greaterThan)]),
                        .binary(.any),
                     ])]),
            ])
        }
        #expect(errorCode { try World(blocks: [], authorizer: program("p")) } == nil)
        #expect(errorCode { try World(blocks: [], authorizer: program("q")) } == .unsafeRule)
    }

    @Test("A safe hand-built program loads and derives")
    func safeProgramLoads() throws {
        let program = Program(facts: [Fact("n", [.integer(1)])], rules: [
            Rule(head: Predicate(name: "m", terms: [.variable("x"), .string("k")]),
                 body: [Predicate(name: "n", terms: [.variable("x")])],
                 expressions: [Expression(ops: [.value(.variable("x")), .value(.integer(0)), .binary(.greaterThan)])]),
        ])
        let world = try World(blocks: [], authorizer: program)
        #expect(world.factCount == 2)
    }
}
