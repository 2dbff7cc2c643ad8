import Testing
import WaferDatalog

@Suite("Authorization: order of checks and policies, check kinds, errors")
struct AuthorizationTests {
    @Test("Failed checks come in evaluation order: authorizer, authority, (policies), blocks 1…n")
    func order() throws {
        let world = try makeWorld(
            ["check if nope(0); check if true; check if nope(1);", "check if nope(2);", "check if nope(3);"],
            authorizer: "check if nope(4); check if nope(5); allow if true;")
        let result = try world.authorize()
        #expect(failedCheckIDs(result) == ["authorizer 0", "authorizer 1", "block 0/0", "block 0/2", "block 1/0", "block 2/0"])
        guard case .denied(let policy, let failed) = result else {
            Issue.record("expected a denial")
            return
        }
        #expect(policy == MatchedPolicy(kind: .allow, index: 0))
        #expect(failed.first?.check == (try Check(parsing: "check if nope(4)")))
    }

    @Test("The first matching policy wins; deny and no-match are denials")
    func policies() throws {
        let facts = "a(1);"
        #expect(try makeWorld([facts], authorizer: "deny if b(1); allow if a(1); deny if true;").authorize()
            == .allowed(policyIndex: 1))
        #expect(try makeWorld([facts], authorizer: "deny if a(1); allow if a(1);").authorize()
            == .denied(policy: MatchedPolicy(kind: .deny, index: 0), failedChecks: []))
        #expect(try makeWorld([facts], authorizer: "allow if b(1);").authorize()
            == .denied(policy: nil, failedChecks: []))
        #expect(try makeWorld([facts], authorizer: "").authorize() == .denied(policy: nil, failedChecks: []))
        #expect(try makeWorld([facts], authorizer: "allow if b(1) or a(1);").authorize() == .allowed(policyIndex: 0))
        let withFailure = try makeWorld([facts + "check if c(1);"], authorizer: "allow if true;").authorize()
        #expect(withFailure == .denied(
            policy: MatchedPolicy(kind: .allow, index: 0),
            failedChecks: [.block(blockID: 0, checkIndex: 0, check: try Check(parsing: "check if c(1)"))]))
        #expect(!withFailure.isAllowed)
        #expect(try makeWorld([facts], authorizer: "allow if true;").authorize().isAllowed)
    }

    @Test("check if / check all / reject if", arguments: [
        ("n(1); n(2);", "check if n($x), $x > 1", true),
        ("n(1); n(2);", "check if n($x), $x > 2", false),
        ("n(1); n(2);", "check all n($x), $x > 0", true),
        ("n(1); n(2);", "check all n($x), $x > 1", false),
        ("", "check all n($x), $x > 0", false),  // no match: fails (sample 025 "no matches")
        ("n(1);", "check all n($x), $x > 5 or n($x), $x > 0", true),
        ("n(1); n(2);", "reject if n($x), $x > 1", false),
        ("n(1); n(2);", "reject if n($x), $x > 2", true),
        ("", "reject if n($x)", true),
        ("n(1);", "check if n(2) or n(1)", true),
        ("n(1);", "check if true", true),
        ("n(1);", "check if false", false),
        // `reject if A or B` fails only when every query matches (biscuit-rust; NOTES §7 [UNCLEAR]).
        ("n(1);", "reject if n(1) or n(2)", true),
        ("n(1); n(2);", "reject if n(1) or n(2)", false),
    ])
    func checkKinds(_ facts: String, _ check: String, _ passes: Bool) throws {
        let world = try makeWorld([facts + check + ";"], authorizer: "allow if true;")
        #expect(try world.authorize().isAllowed == passes)
    }

    @Test("An evaluation error in a check or policy aborts the authorization")
    func errorsAbort() throws {
        let overflow = try makeWorld(["n(9223372036854775807); check if n($x), $x + 1 > 0;"], authorizer: "allow if true;")
        #expect(errorCode { try overflow.authorize() } == .overflow)
        let inPolicy = try makeWorld(["n(1);"], authorizer: "allow if n($x), $x / 0 == 1;")
        #expect(errorCode { try inPolicy.authorize() } == .divideByZero)
        // A later block's check errs even though an earlier check already failed.
        let late = try makeWorld(["check if false;", "check if 1 === \"a\";"], authorizer: "allow if true;")
        #expect(errorCode { try late.authorize() } == .invalidType)
        // try_or's right-hand side is not protected (sample 038).
        let tryOr = try makeWorld([], authorizer: "check if true.try_or(true === 12); allow if true;")
        #expect(errorCode { try tryOr.authorize() } == .invalidType)
    }

    @Test("A non-boolean expression is an invalidType error, not false")
    func nonBooleanExpression() throws {
        let check = try makeWorld([], authorizer: "check if 1 + 1; allow if true;")
        #expect(errorCode { try check.authorize() } == .invalidType)
        let lazyValue = try makeWorld([], authorizer: "check if true && 1; allow if true;")
        #expect(errorCode { try lazyValue.authorize() } == .invalidType)
        #expect(errorCode { try makeWorld(["n(1); m($x) <- n($x), $x + 1;"]) } == .invalidType)
    }

    @Test("An expression error in a rule aborts the run (sample 027)")
    func ruleErrorsAbort() throws {
        #expect(errorCode { try makeWorld(["n(10000000000); m($x) <- n($x), $x * $x !== 0;"]) } == .overflow)
        // No complete match: the expression is never evaluated.
        #expect(throws: Never.self) { try makeWorld(["n(10000000000); m($x) <- n($x), o($x), $x * $x !== 0;"]) }
    }

    @Test("Statements are validated when loaded: unsafe rules (sample 018) and non-ground facts")
    func validation() throws {
        let unsafe = Program(rules: [
            Rule(head: Predicate(name: "operation", terms: [.variable("unbound"), .string("read")]),
                 body: [Predicate(name: "operation", terms: [.variable("any1"), .variable("any2")])]),
        ])
        #expect(errorCode { try World(blocks: [World.Block(id: 0, program: Program()), World.Block(id: 1, program: unsafe)]) } == .unsafeRule)
        let message = errorMessage { try World(blocks: [World.Block(id: 1, program: unsafe)]) }
        #expect(message?.hasPrefix("block 1, rule 0:") == true)
        let unsafeCheck = Program(checks: [
            Check(kind: .one, queries: [Rule(head: Predicate(name: "query", terms: []), body: [],
                                             expressions: [Expression(ops: [.value(.variable("x"))])])]),
        ])
        #expect(errorCode { try World(blocks: [], authorizer: unsafeCheck) } == .unsafeRule)
        let nestedHeadVariable = Program(rules: [
            Rule(head: Predicate(name: "h", terms: [.array([.variable("x")])]),
                 body: [Predicate(name: "n", terms: [.variable("x")])]),
        ])
        #expect(errorCode { try World(blocks: [World.Block(id: 0, program: nestedHeadVariable)]) } == .unsafeRule)
        let nonGround = Program(facts: [Fact("f", [.variable("x")])])
        #expect(errorCode { try World(blocks: [World.Block(id: 0, program: nonGround)]) } == .invalidFact)
    }

    @Test("Statement size limits: body predicates and closure nesting")
    func sizeLimits() throws {
        let atom = Predicate(name: "n", terms: [.variable("x")])
        let head = Predicate(name: "m", terms: [.variable("x")])
        let largest = Program(facts: [Fact("n", [.integer(1)])],
                              rules: [Rule(head: head, body: Array(repeating: atom, count: World.maxBodyPredicates))])
        #expect(try World(blocks: [World.Block(id: 0, program: largest)]).factCount == 2)
        let tooLarge = Program(rules: [Rule(head: head, body: Array(repeating: atom, count: World.maxBodyPredicates + 1))])
        #expect(errorCode { try World(blocks: [World.Block(id: 0, program: tooLarge)]) } == .ruleTooLarge)

        func nested(_ depth: Int) -> Expression {
            var ops: [Op] = [.value(.bool(true))]
            for level in 0..<depth {
                ops = [.value(.array([.integer(1)])), .closure(parameters: ["p\(level)"], ops: ops), .binary(.all)]
            }
            return Expression(ops: ops)
        }
        #expect(try nested(64).evaluate() == .bool(true))
        #expect(errorCode { try nested(65).evaluate() } == .nestingTooDeep)
        let deepCheck = Program(checks: [Check(kind: .one, queries: [
            Rule(head: Predicate(name: "query", terms: []), body: [], expressions: [nested(65)]),
        ])])
        #expect(errorCode { try World(blocks: [], authorizer: deepCheck) } == .nestingTooDeep)
    }

    @Test("Extern functions are available to rules and checks (sample 035)")
    func externs() throws {
        var externs = ExternFunctions()
        externs.register("double", unary: { term in
            guard case .integer(let value) = term else { return .null }
            return .integer(value * 2)
        })
        let world = try makeWorld(
            ["n(2); m($y) <- n($x), $y == 1 || true, $x.extern::double() == 4, n($y);"],
            authorizer: "check if m(2); allow if true;", externs: externs)
        #expect(try world.authorize().isAllowed)
        #expect(errorCode { try makeWorld(["n(2); m($x) <- n($x), $x.extern::double() == 4;"]) } == .undefinedExtern)
    }

    @Test("A check's time budget is what the fixpoint left")
    func authorizationTimeout() throws {
        var program = "check if q($a), q($b), q($c), $a + $b + $c < 0;"
        for value in 0..<200 { program += "q(\(value));" }
        let world = try makeWorld([program], authorizer: "allow if true;", limits: RunLimits(maxTime: .milliseconds(20)))
        #expect(errorCode { try world.authorize() } == .timeout)
    }
}
