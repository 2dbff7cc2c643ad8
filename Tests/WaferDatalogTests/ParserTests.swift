import Testing
@testable import WaferDatalog

@Suite("Parser")
struct ParserTests {
    // MARK: Statements

    @Test func programWithEveryKindOfStatement() throws {
        let program = try Program(
            parsing: """
                // a comment
                trusting authority, previous;
                right("file1", "read");
                can_read($f) <- right($f, "read"), $f.starts_with("file") trusting authority;
                check if can_read("file1") or right("file1", "write");
                /* block
                   comment */ check all operation($op), allowed($ops), $ops.contains($op);
                reject if revoked(true);
                allow if true;
                deny if false
                """)
        #expect(program.scopes == [.authority, .previous])
        #expect(program.facts == [Fact("right", [.string("file1"), .string("read")])])
        #expect(
            program.rules == [
                Rule(
                    head: Predicate(name: "can_read", terms: [.variable("f")]),
                    body: [Predicate(name: "right", terms: [.variable("f"), .string("read")])],
                    expressions: [Expression(ops: [variable("f"), v("file"), b(.prefix)])],
                    scopes: [.authority])
            ])
        let query = Predicate(name: "query", terms: [])
        #expect(
            program.checks == [
                Check(
                    kind: .one,
                    queries: [
                        Rule(head: query, body: [Predicate(name: "can_read", terms: [.string("file1")])]),
                        Rule(head: query, body: [Predicate(name: "right", terms: [.string("file1"), .string("write")])]),
                    ]),
                Check(
                    kind: .all,
                    queries: [
                        Rule(
                            head: query,
                            body: [
                                Predicate(name: "operation", terms: [.variable("op")]),
                                Predicate(name: "allowed", terms: [.variable("ops")]),
                            ],
                            expressions: [Expression(ops: [variable("ops"), variable("op"), b(.contains)])])
                    ]),
                Check(kind: .reject, queries: [Rule(head: query, body: [Predicate(name: "revoked", terms: [.bool(true)])])]),
            ])
        #expect(
            program.policies == [
                Policy(kind: .allow, queries: [Rule(head: query, body: [], expressions: [Expression(ops: [v(true)])])]),
                Policy(kind: .deny, queries: [Rule(head: query, body: [], expressions: [Expression(ops: [v(false)])])]),
            ])
    }

    @Test func keywordsAreCaseInsensitive() throws {
        let program = try Program(parsing: "CHECK IF a(1) OR b(1); Check All a(1); REJECT if a(2); Allow If true; DENY IF false;")
        #expect(program.checks.map(\.kind) == [.one, .all, .reject])
        #expect(program.checks[0].queries.count == 2)
        #expect(program.policies.map(\.kind) == [.allow, .deny])
        #expect(try Program(parsing: "TRUSTING authority; check if a(1) Trusting previous").scopes == [.authority])
        // A predicate may be named like a keyword.
        #expect(try Program(parsing: "check(1); allow(true); or(1)").facts.count == 3)
        #expect(try Program(parsing: "trusting(1); check if trusting(1)").facts == [Fact("trusting", [.integer(1)])])
    }

    @Test func emptyAndCommentOnlyPrograms() throws {
        #expect(try Program(parsing: "") == Program())
        #expect(try Program(parsing: "  // nothing\n/* at all */\n") == Program())
    }

    @Test func rulesMayHaveAnEmptyHeadAndBodiesWithoutPredicates() throws {
        let rule = try Rule(parsing: "ok() <- 1 < 2;")
        #expect(rule.head == Predicate(name: "ok", terms: []))
        #expect(rule.body.isEmpty)
        #expect(rule.expressions == [Expression(ops: [v(1), v(2), b(.lessThan)])])
        #expect(try Rule(parsing: #"operation("read") <- operation($any)"#).body.count == 1)
    }

    @Test func trustingClausesWithKeys() throws {
        let ed = String(repeating: "ac", count: 32)
        let p256 = "02" + String(repeating: "5e", count: 32)
        let check = try Check(parsing: "check if group(\"admin\") trusting ed25519/\(ed), secp256r1/\(p256), previous")
        #expect(
            check.queries[0].scopes == [
                .publicKey(PublicKeyLiteral(algorithm: .ed25519, bytes: Array(repeating: 0xAC, count: 32))),
                .publicKey(PublicKeyLiteral(algorithm: .secp256r1, bytes: [0x02] + Array(repeating: 0x5E, count: 32))),
                .previous,
            ])
        expectParseError("trusting nobody;", .unexpectedToken, line: 1, column: 10,
            message: "expected 'authority', 'previous' or a public key such as 'ed25519/…' after 'trusting'")
        expectParseError("f(1);\ntrusting authority;", .unexpectedToken, line: 2, column: 1,
            message: "a block's 'trusting' clause must come before its first statement")
    }

    @Test func publicKeyLiterals() throws {
        let hex = "acdd6d5b53bfee478bf689f8e012fe7988bf755e3d7c5152947abc149bc20189"
        let key = try PublicKeyLiteral(parsing: " ed25519/\(hex.uppercased()) ")
        #expect(key.algorithm == .ed25519)
        #expect(key.description == "ed25519/" + hex)
        #expect(throws: DatalogError.self) { try PublicKeyLiteral(parsing: "ed25519/abcd") }
        #expect(throws: DatalogError.self) { try PublicKeyLiteral(parsing: "rsa/abcd") }
        #expect(throws: DatalogError.self) { try PublicKeyLiteral(parsing: "ed25519/\(hex) x") }
    }

    // MARK: Literals

    @Test func everyKindOfTerm() throws {
        let fact = try Fact(
            parsing: #"all(1, -2, "s", 2023-12-28T02:00:00+02:00, hex:00ff, true, false, null, {2, 1, 2}, {,}, {}, [1, "a", [null]], {"b": 1, 2: [true], "a": {"x": null}}, -9223372036854775808, 9223372036854775807)"#)
        #expect(
            fact.predicate.terms == [
                .integer(1), .integer(-2), .string("s"), .date(1_703_721_600), .bytes([0x00, 0xFF]), .bool(true),
                .bool(false), .null, .set(TermSet([.integer(1), .integer(2)])), .set(TermSet([])), .map(TermMap([])),
                .array([.integer(1), .string("a"), .array([.null])]),
                .map(TermMap([
                    (.string("b"), .integer(1)), (.integer(2), .array([.bool(true)])),
                    (.string("a"), .map(TermMap([(.string("x"), .null)]))),
                ])),
                .integer(.min), .integer(.max),
            ])
        #expect(try Term(parsing: "$x") == .variable("x"))
        #expect(try Term(parsing: #""tab\there""#) == .string("tab\there"))
        #expect(try Term(parsing: "{null, null}") == .set(TermSet([.null])))
        #expect(try Term(parsing: "{{\"a\": 1}}") == .set(TermSet([.map(TermMap([(.string("a"), .integer(1))]))])))
        #expect(try Term(parsing: "{true}") == .set(TermSet([.bool(true)])))
        #expect(try Term(parsing: "{-1: 1}") == .map(TermMap([(.integer(-1), .integer(1))])))
    }

    @Test func integerOverflowIsReportedWithItsPosition() {
        expectParseError("f(9223372036854775808)", .integerOverflow, line: 1, column: 3)
        expectParseError("f(-9223372036854775809)", .integerOverflow, line: 1, column: 4)
        expectParseError("check if 1 +\n   99999999999999999999 > 0", .integerOverflow, line: 2, column: 4)
    }

    @Test func invalidSets() {
        expectParseError("f({1, \"a\"})", .invalidSet, line: 1, column: 7, message: "set elements must all have the same type")
        expectParseError("r($x) <- f($x), {$x}.contains(1)", .invalidSet, line: 1, column: 18,
            message: "variables are not allowed in sets")
        expectParseError("f({{1}})", .invalidSet, line: 1, column: 4, message: "sets cannot contain other sets")
        expectParseError("f({[1]})", .invalidSet, line: 1, column: 4, message: "arrays are not allowed in sets")
        expectParseError("f({{,}})", .invalidSet, line: 1, column: 4)
    }

    @Test func invalidMapsAndArrays() {
        expectParseError("f({hex:aa : 1})", .unexpectedToken, line: 1, column: 4, message: "map keys must be integers or strings")
        expectParseError("f({\"a\" 1})", .unexpectedToken, line: 1, column: 8, message: "',' or '}' after a set element".expected)
        expectParseError("f({\"a\": 1 \"b\": 2})", .unexpectedToken, line: 1, column: 11, message: "',' or '}' after a map entry".expected)
        expectParseError("r($x) <- f($x), [$x].length() > 0", .unexpectedToken, line: 1, column: 18,
            message: "variables are not allowed in arrays and maps")
        expectParseError("f([1 2])", .unexpectedToken, line: 1, column: 6, message: "',' or ']' after an array element".expected)
    }

    // MARK: Facts and rule safety

    @Test func factsMustBeGroundAndNotEmpty() {
        expectParseError("f(1, $x);", .invalidFact, line: 1, column: 6,
            message: "variables are not allowed in facts: $x makes this a rule without a body")
        expectParseError("f();", .invalidFact, line: 1, column: 1, message: "a fact needs at least one term")
        expectParseError("f() g(1)", .unexpectedToken, line: 1, column: 5, message: "'<-' after the head of a rule".expected)
    }

    @Test func unsafeRulesAreRejectedWithTheVariable() {
        expectParseError("r($x) <- f($y)", .unsafeRule, line: 1, column: 3,
            message: "the variable $x is not bound by any predicate of the rule's body: every variable of the head and of the expressions must appear in a body predicate")
        expectParseError("r(1) <- f($y),\n  $z > 1", .unsafeRule, line: 2, column: 3)
        expectParseError("check if f($y), [1].any($p -> $p == $w)", .unsafeRule, line: 1, column: 37)
        expectParseError("allow if $x", .unsafeRule, line: 1, column: 10)
        // Closure parameters are bound inside their closure only.
        expectParseError("check if f($y), [1].any($p -> true), $p", .unsafeRule, line: 1, column: 38)
    }

    @Test func safeRulesAreAccepted() throws {
        _ = try Rule(parsing: "r($x) <- f($x), [1].any($p -> $p > $x)")
        _ = try Check(parsing: "check if f($x), $x > 0 or g($y), $y.all($p -> $p.any($q -> $q == $p))")
    }

    @Test func shadowedClosureParametersAreRejected() {
        expectParseError(#"allow if {"true"}.any($p -> {"true"}.all($p -> $p))"#, .shadowedVariable, line: 1, column: 42,
            message: "the closure parameter $p shadows a variable that is already bound: rename the parameter")
        // A parameter named like a variable of the body's predicates shadows it too (biscuit-rust: the
        // variable is bound when the closure is applied), even when the predicate comes later.
        expectParseError("check if [1].any($x -> $x > 0), f($x)", .shadowedVariable, line: 1, column: 18)
    }

    @Test func validationOfRulesBuiltByHand() throws {
        let unsafe = Rule(
            head: Predicate(name: "r", terms: [.variable("x")]), body: [Predicate(name: "f", terms: [.integer(1)])])
        #expect(throws: DatalogError.self) { try unsafe.validateVariables() }
        let safe = Rule(head: Predicate(name: "r", terms: [.variable("x")]), body: [Predicate(name: "f", terms: [.variable("x")])])
        try safe.validateVariables()
        try safe.validateClosureParameters()
        let shadowing = Rule(
            head: Predicate(name: "r", terms: [.variable("x")]), body: [Predicate(name: "f", terms: [.variable("x")])],
            expressions: [Expression(ops: [.value(.array([])), .closure(parameters: ["x"], ops: [v(true)]), .binary(.any)])])
        try shadowing.validateVariables()
        do {
            try shadowing.validateClosureParameters()
            Issue.record("shadowing accepted")
        } catch {
            #expect(error.code == .shadowedVariable)
            #expect(error.location == nil)
        }
        try Check(kind: .one, queries: [safe]).validateVariables()
        #expect(throws: DatalogError.self) { try Policy(kind: .allow, queries: [shadowing]).validateVariables() }
    }

    // MARK: Error positions and messages

    @Test func errorMessagesSayWhatWasExpectedAndWhere() {
        expectParseError("right(\"a\")\n;f(1, \"b\" 2)", .unexpectedToken, line: 2, column: 11,
            message: "expected ',' or ')' after a term")
        do {
            _ = try Program(parsing: "a(1);\nright(\"file1\", \"read\"  \"x\")")
        } catch {
            #expect(error.description == "line 2, column 24: expected ',' or ')' after a term")
        }
        expectParseError("check if", .unexpectedEndOfInput, line: 1, column: 9, message: "expected a term, a variable, '(' or '!'")
        expectParseError("f(1) g(2)", .unexpectedToken, line: 1, column: 6, message: "expected ';' or '<-' after the predicate")
        expectParseError("r($x) <- f($x) x", .unexpectedToken, line: 1, column: 16, message: "expected ';' after the statement")
        expectParseError("check if (1 < 2", .unexpectedEndOfInput, line: 1, column: 16, message: "expected ')' to close the parenthesis")
        expectParseError("check if \"a\".foo(1)", .unexpectedToken, line: 1, column: 14)
        expectParseError("check if \"a\".length(1)", .unexpectedToken, line: 1, column: 21,
            message: "expected ')': '.length()' takes no argument")
        expectParseError("check if [1].any(p -> true)", .unexpectedToken, line: 1, column: 18,
            message: "expected a closure parameter such as '$p' in '.any($p -> …)'")
        expectParseError("check if (2023-12-28T00:00:00Z).type() == \"date\"; check if 2023-12-28T00:00:00Z.type() == \"date\"",
            .invalidDate, line: 1, column: 60)
        expectParseError("f(1);;", .unexpectedToken, line: 1, column: 6, message: "expected a fact, a rule, a check or a policy")
        expectParseError("1(2)", .unexpectedToken, line: 1, column: 1)
        expectParseError("check if f()", .unexpectedToken, line: 1, column: 12,
            message: "expected a term: a predicate of a rule body needs at least one")
    }

    @Test func singleStatementInitializersCheckTheKind() throws {
        #expect(throws: DatalogError.self) { try Fact(parsing: "r($x) <- f($x)") }
        #expect(throws: DatalogError.self) { try Rule(parsing: "f(1)") }
        #expect(throws: DatalogError.self) { try Check(parsing: "allow if true") }
        #expect(throws: DatalogError.self) { try Policy(parsing: "check if true") }
        #expect(throws: DatalogError.self) { try Fact(parsing: "f(1); g(2)") }
        #expect(try Fact(parsing: " f(1) ; ") == Fact("f", [.integer(1)]))
        #expect(try Expression(parsing: "$a + 2 < 4").ops == [variable("a"), v(2), b(.add), v(4), b(.lessThan)])
        #expect(throws: DatalogError.self) { try Expression(parsing: "[1].any($p -> [2].any($p -> true))") }
        #expect(throws: DatalogError.self) { try Term(parsing: "1 2") }
    }

    // MARK: Parameters

    @Test func parametersStandForTermsAndKeys() throws {
        let key = PublicKeyLiteral(algorithm: .ed25519, bytes: Array(repeating: 7, count: 32))
        let parameters: DatalogParameters = [
            "user": .term(.string("alice")), "limit": .term(.integer(3)), "key": .publicKey(key),
            "set": .term(.set(TermSet([.integer(1)]))),
        ]
        let program = try Program(
            parsing: "user({user}); check if count($n), $n < {limit}, {set}.contains($n) trusting {key}; f({{k1}: 1})",
            parameters: parameters.merging(["k1": .term(.integer(9))]))
        #expect(program.facts == [Fact("user", [.string("alice")]), Fact("f", [.map(TermMap([(.integer(9), .integer(1))]))])])
        expectParseError("f({{k1}: 1})", .unexpectedToken, line: 1, column: 4, message: "map keys must be integers or strings",
            parameters: ["k1": .term(.bool(true))])
        #expect(program.checks[0].queries[0].scopes == [.publicKey(key)])
        #expect(
            program.checks[0].queries[0].expressions == [
                Expression(ops: [variable("n"), v(3), b(.lessThan)]),
                Expression(ops: [.value(.set(TermSet([.integer(1)]))), variable("n"), b(.contains)]),
            ])
        expectParseError("f(1);\ncheck if g({missing})", .missingParameter, line: 2, column: 12,
            message: "no value was supplied for the parameter {missing}")
        expectParseError("check if g(1) trusting {key}", .invalidParameter, line: 1, column: 24, parameters: ["key": .term(.integer(1))])
        expectParseError("f({key})", .invalidParameter, line: 1, column: 3, parameters: ["key": .publicKey(key)])
        expectParseError("f({v})", .invalidParameter, line: 1, column: 3, parameters: ["v": .term(.variable("x"))])
        expectParseError("f({1, {v}})", .invalidSet, line: 1, column: 7, parameters: ["v": .term(.string("x"))])
        expectParseError("check if g(1) trusting {nokey}", .missingParameter, line: 1, column: 24)
    }

    // MARK: Limits

    @Test func inputSizeLimit() throws {
        let limits = ParserLimits(maxInputBytes: 10)
        _ = try Program(parsing: "f(1234567)", limits: limits)
        expectParseError("f(12345678)", .inputTooLarge, line: 1, column: 1, limits: limits)
    }

    @Test func nestingDepthLimit() throws {
        let limits = ParserLimits(maxNestingDepth: 8)
        // The expression itself is one level; seven parentheses fit.
        _ = try Check(parsing: "check if " + String(repeating: "(", count: 7) + "true" + String(repeating: ")", count: 7), limits: limits)
        expectParseError("check if " + String(repeating: "(", count: 8) + "true" + String(repeating: ")", count: 8),
            .nestingTooDeep, line: 1, column: 17, message: "nesting deeper than the limit of 8 levels", limits: limits)
        expectParseError("f(" + String(repeating: "[", count: 9) + String(repeating: "]", count: 9) + ")",
            .nestingTooDeep, line: 1, column: 11, limits: limits)
        expectParseError("check if " + String(repeating: "!", count: 8) + "true", .nestingTooDeep, line: 1, column: 17, limits: limits)
        // Each closure body is one more level: inside the seventh body, the eighth receiver `[1]` is the ninth.
        let closures = (1...8).map { "[1].any($p\($0) -> " }.joined()
        let eighthBody = "check if ".count + (1...7).map { "[1].any($p\($0) -> ".count }.reduce(0, +) + 1
        expectParseError("check if " + closures + "true" + String(repeating: ")", count: 8),
            .nestingTooDeep, line: 1, column: eighthBody, limits: limits)
        // A chain of `.try_or` nests closures, so it counts like parentheses (the argument is one more level):
        // six fit, the seventh argument is the ninth level.
        _ = try Check(parsing: "check if 1" + String(repeating: ".try_or(1)", count: 6) + " == 1", limits: limits)
        expectParseError("check if 1" + String(repeating: ".try_or(1)", count: 7), .nestingTooDeep, line: 1, column: 79, limits: limits)
        #expect(throws: DatalogError.self) {
            try Program(parsing: "check if 1" + String(repeating: ".try_or(1)", count: 100_000))
        }
        // Many variables in one rule are checked in linear time.
        let variables = (0..<50_000).map { "$v\($0)" }.joined(separator: ", ")
        #expect(try Rule(parsing: "r(\(variables)) <- f(\(variables))").head.terms.count == 50_000)
        // Hostile input at the default limits fails cleanly instead of exhausting the stack.
        for opener in ["(", "!", "[", "{\"a\": ", "-", "$x.try_or("] {
            let hostile = "check if " + String(repeating: opener, count: 100_000)
            #expect(throws: DatalogError.self) { try Program(parsing: hostile) }
        }
    }
}

extension String {
    /// The message of an error at a token that is not the wanted one.
    fileprivate var expected: String { "expected " + self }
}

extension DatalogParameters {
    fileprivate func merging(_ other: DatalogParameters) -> DatalogParameters {
        DatalogParameters(values.merging(other.values) { $1 })
    }
}

@Suite("Parser robustness")
struct ParserRobustnessTests {
    /// A small deterministic generator, so that failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Mutated sample sources never crash the parser; every error has a position; whatever parses prints
    /// back to text that parses to the same program (sources with backslashes are skipped: strings print raw).
    @Test func mutatedSamplesNeverCrashAndRoundTrip() throws {
        let corpus = SampleSource.all.map(\.code)
        try #require(!corpus.isEmpty)
        let alphabet: [UInt8] = Array("(){}[],;.:$\"!<>=-+*/&|^ \n0123456789abcxyzTZ_".utf8) + [0xC3, 0xA9, 0xFF]
        var random = SplitMix(state: 2026)
        var parsed = 0
        for _ in 0..<4000 {
            var bytes = Array(corpus[Int(random.next() % UInt64(corpus.count))].utf8)
            for _ in 0...(random.next() % 3) {
                let position = Int(random.next() % UInt64(bytes.count + 1))
                switch random.next() % 3 {
                case 0 where position < bytes.count: bytes.remove(at: position)
                case 1 where position < bytes.count: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                }
            }
            do {
                let program = try Program(parsingUTF8: bytes)
                parsed += 1
                if bytes.contains(UInt8(ascii: "\\")) { continue }
                #expect(try Program(parsing: program.description) == program)
            } catch {
                #expect(error.location != nil, "\(error)")
            }
        }
        #expect(parsed > 100)
    }

    @Test func documentationExampleOfParameters() throws {
        let fact = try Fact(parsing: "user({id})", parameters: ["id": .term(.string("alice"))])
        #expect(fact == Fact("user", [.string("alice")]))
    }
}
