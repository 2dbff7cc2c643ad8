import Testing
@testable import WaferDatalog

@Suite("Printer")
struct PrinterTests {
    @Test func terms() {
        #expect(Term.variable("x").description == "$x")
        #expect(Term.integer(-9_223_372_036_854_775_808).description == "-9223372036854775808")
        #expect(Term.string("hello é\t😁").description == "\"hello é\t😁\"")
        // Raw, as biscuit-rust prints strings: quotes and backslashes are not escaped.
        #expect(Term.string(#"a"b\c"#).description == #""a"b\c""#)
        #expect(Term.date(0).description == "1970-01-01T00:00:00Z")
        #expect(Term.date(1_575_452_801).description == "2019-12-04T09:46:41Z")
        #expect(Term.date(951_782_400).description == "2000-02-29T00:00:00Z")
        #expect(Term.date(253_402_300_799).description == "9999-12-31T23:59:59Z")
        #expect(Term.date(253_402_300_800).description == "<invalid date>")
        #expect(Term.date(.max).description == "<invalid date>")
        #expect(Term.bytes([0x12, 0xAB, 0x00]).description == "hex:12ab00")
        #expect(Term.bytes([]).description == "hex:")
        #expect(Term.bool(true).description == "true")
        #expect(Term.null.description == "null")
        #expect(Term.set(TermSet([.integer(2), .integer(1)])).description == "{1, 2}")
        #expect(Term.set(TermSet([])).description == "{,}")
        #expect(Term.array([.integer(1), .string("a"), .array([])]).description == #"[1, "a", []]"#)
        #expect(Term.map(TermMap([(.string("a"), .integer(1)), (.integer(1), .string("A"))])).description == #"{1: "A", "a": 1}"#)
        #expect(Term.map(TermMap([])).description == "{}")
    }

    @Test func datesRoundTripThroughTheCalendar() throws {
        // Every day from 1970 to 2100 and a few distant ones: print, then parse back.
        var seconds: UInt64 = 0
        while seconds < 4_102_444_800 {
            let text = Term.date(seconds).description
            #expect(try Term(parsing: text) == .date(seconds), "\(text)")
            seconds += 86_400 + 3_661
        }
        for sample: UInt64 in [951_868_799, 4_107_542_400, 253_402_300_799] {
            #expect(try Term(parsing: Term.date(sample).description) == .date(sample))
        }
    }

    @Test func expressions() {
        #expect(Expression(ops: [variable("a"), v(2), b(.add), v(4), b(.lessThan)]).description == "$a + 2 < 4")
        #expect(Expression(ops: [v(true), v(false), b(.and)]).description == "true &&! false")
        #expect(Expression(ops: [v(true), v(false), b(.or)]).description == "true ||! false")
        #expect(Expression(ops: [v(true), closure([v(false)]), b(.lazyOr)]).description == "true || false")
        #expect(Expression(ops: [v(1), v(2), b(.lessThan), u(.parens), u(.negate)]).description == "!(1 < 2)")
        #expect(Expression(ops: [closure([v(1)]), v(2), b(.tryOr)]).description == "1.try_or(2)")
        #expect(Expression(ops: [v("a"), u(.ffi("f"))]).description == #""a".extern::f()"#)
        #expect(Expression(ops: [v("a"), v("b"), b(.ffi("g"))]).description == #""a".extern::g("b")"#)
        #expect(Expression(ops: [v("a"), u(.typeOf), v("a"), u(.length), b(.heterogeneousNotEqual)]).description == #""a".type() != "a".length()"#)
        #expect(
            Expression(ops: [.value(.array([])), closure(["k", "v"], [variable("k"), variable("v"), b(.equal)]), b(.all)]).description
                == "[].all($k, $v -> $k === $v)")
        #expect(Expression(ops: [v(1), v(2), b(.get)]).description == "1.get(2)")
        // Operations that do not leave one value cannot be printed.
        #expect(Expression(ops: [v(1), v(2)]).description == "<invalid expression>")
        #expect(Expression(ops: [b(.add)]).description == "<invalid expression>")
        #expect(Expression(ops: []).description == "<invalid expression>")
    }

    @Test func statements() {
        let key = PublicKeyLiteral(algorithm: .secp256r1, bytes: [0x02] + Array(repeating: 0xFF, count: 32))
        let rule = Rule(
            head: Predicate(name: "head", terms: [.variable("a")]),
            body: [Predicate(name: "body", terms: [.variable("a")])],
            expressions: [Expression(ops: [variable("a"), v(1), b(.greaterThan)])],
            scopes: [.authority, .publicKey(key)])
        #expect(rule.description == "head($a) <- body($a), $a > 1 trusting authority, secp256r1/02" + String(repeating: "ff", count: 32))
        let query = Predicate(name: "query", terms: [])
        let queries = [
            Rule(head: query, body: [Predicate(name: "a", terms: [.integer(1)])]),
            Rule(head: query, body: [], expressions: [Expression(ops: [v(true)])], scopes: [.previous]),
        ]
        #expect(Check(kind: .one, queries: queries).description == "check if a(1) or true trusting previous")
        #expect(Check(kind: .all, queries: queries).description == "check all a(1) or true trusting previous")
        #expect(Check(kind: .reject, queries: queries).description == "reject if a(1) or true trusting previous")
        #expect(Policy(kind: .allow, queries: queries).description == "allow if a(1) or true trusting previous")
        #expect(Policy(kind: .deny, queries: queries).description == "deny if a(1) or true trusting previous")
        #expect(Fact("f", [.integer(1), .string("x")]).description == #"f(1, "x")"#)
        let program = Program(
            scopes: [.authority], facts: [Fact("f", [.integer(1)])], rules: [rule],
            checks: [Check(kind: .one, queries: queries)], policies: [Policy(kind: .allow, queries: queries)])
        #expect(
            program.description == """
                trusting authority;
                f(1);
                \(rule);
                check if a(1) or true trusting previous;
                allow if a(1) or true trusting previous;

                """)
    }

    @Test(arguments: [
        #"right("file1", "read")"#,
        "ns::fact_123(\"hello é\t😁\")",
        "r($a, $b) <- f($a), g($b), $a.contains($b) || !($a == $b && $b.length() > 2) trusting authority, previous",
        "check all operation($op), allowed_operations($allowed), $allowed.contains($op)",
        "check if {1, 2, 3}.any($p -> $p > 1 && {3, 4, 5}.any($q -> $p == $q))",
        "check if ((true === 12).try_or(true === 12)).try_or(true)",
        #"check if {"a": 1, "b": 2}.all($kv -> $kv.get(0) != "c" && $kv.get(1) < 3)"#,
        #"check if {"user": {"id": 1, "roles": ["admin"]}}.get("user").get("roles").contains("admin")"#,
        "check if 1 + 2 * 3 - 4 / 2 === 5 or 1 | 2 ^ 3 & 4 == 0, -9223372036854775808 < 0",
        "check if (2023-12-28T00:00:00Z).type() == \"date\", hex:aa.type() == \"bytes\", null.type() == \"null\"",
        #"check if true.extern::test(), "a".extern::test("a") == "equal strings""#,
        "deny if query(0) trusting ed25519/acdd6d5b53bfee478bf689f8e012fe7988bf755e3d7c5152947abc149bc20189",
        "allow if !1 + 2 == 3, !true && false, {,}.length() === 0, {} == {}, [] == []",
    ])
    func parsePrintParse(text: String) throws {
        let program = try Program(parsing: text)
        let printed = program.description
        #expect(printed == text + ";\n")
        #expect(try Program(parsing: printed) == program)
    }

    @Test func authorizerCodeGroupsStatements() throws {
        let program = try Program(parsing: "allow if true; f(1); check if f(1); r(1) <- f(1); g(2)")
        #expect(program.authorizerCode == "f(1);\ng(2);\n\nr(1) <- f(1);\n\ncheck if f(1);\n\nallow if true;\n")
        #expect(try Program(parsing: "allow if true").authorizerCode == "allow if true;\n")
        #expect(try Program(parsing: "f(1)").authorizerCode == "f(1);\n\n")
        #expect(try Program(parsing: program.authorizerCode) == program)
    }

    @Test func printingNormalizesSpacingAndKeywordCase() throws {
        let program = try Program(parsing: "CHECK IF f( $x ),$x>1 OR g(2)  trusting   authority ;allow IF true")
        #expect(program.description == "check if f($x), $x > 1 or g(2) trusting authority;\nallow if true;\n")
    }
}
