import Testing
@testable import WaferDatalog

/// The precedence table of NOTES §8, loosest first: `||`, `&&`, comparisons, `^`, `|`, `&`, `+ -`, `* /`,
/// prefix `!` (whose operand is parsed at the `+ -` level), method calls, terms and parentheses.
@Suite("Precedence")
struct PrecedenceTests {
    @Test func orIsLooserThanAnd() throws {
        #expect(
            try ops("true || false && true")
                == [v(true), closure([v(false), closure([v(true)]), b(.lazyAnd)]), b(.lazyOr)])
        #expect(
            try ops("true && false || true")
                == [v(true), closure([v(false)]), b(.lazyAnd), closure([v(true)]), b(.lazyOr)])
    }

    @Test func andIsLooserThanComparisons() throws {
        #expect(try ops("true && 1 < 2") == [v(true), closure([v(1), v(2), b(.lessThan)]), b(.lazyAnd)])
        #expect(try ops("1 < 2 && true") == [v(1), v(2), b(.lessThan), closure([v(true)]), b(.lazyAnd)])
    }

    @Test func comparisonsAreLooserThanXor() throws {
        #expect(try ops("1 < 2 ^ 3") == [v(1), v(2), v(3), b(.bitwiseXor), b(.lessThan)])
        #expect(try ops("1 ^ 2 === 3") == [v(1), v(2), b(.bitwiseXor), v(3), b(.equal)])
    }

    @Test func xorIsLooserThanOr() throws {
        #expect(try ops("1 ^ 2 | 3 == 0") == [v(1), v(2), v(3), b(.bitwiseOr), b(.bitwiseXor), v(0), b(.heterogeneousEqual)])
        // The sample `1 | 2 ^ 3 === 0` is `(1 | 2) ^ 3 === 0`.
        #expect(try ops("1 | 2 ^ 3 === 0") == [v(1), v(2), b(.bitwiseOr), v(3), b(.bitwiseXor), v(0), b(.equal)])
    }

    @Test func bitwiseOrIsLooserThanBitwiseAnd() throws {
        #expect(try ops("1 | 2 & 3 == 0") == [v(1), v(2), v(3), b(.bitwiseAnd), b(.bitwiseOr), v(0), b(.heterogeneousEqual)])
    }

    @Test func bitwiseAndIsLooserThanAddition() throws {
        #expect(try ops("1 & 2 + 3 == 0") == [v(1), v(2), v(3), b(.add), b(.bitwiseAnd), v(0), b(.heterogeneousEqual)])
    }

    @Test func additionIsLooserThanMultiplication() throws {
        #expect(
            try ops("1 + 2 * 3 - 4 / 2 === 5")
                == [v(1), v(2), v(3), b(.mul), b(.add), v(4), v(2), b(.div), b(.sub), v(5), b(.equal)])
    }

    @Test func multiplicationIsLooserThanMethods() throws {
        #expect(try ops("2 * \"ab\".length() == 4") == [v(2), v("ab"), u(.length), b(.mul), v(4), b(.heterogeneousEqual)])
    }

    @Test func negationQuirk() throws {
        // The operand of `!` is parsed at the `+ -` level …
        #expect(try ops("!1 + 2") == [v(1), v(2), b(.add), u(.negate)])
        #expect(try ops("!1 * 2") == [v(1), v(2), b(.mul), u(.negate)])
        // … so looser operators apply to the negation.
        #expect(try ops("!true && false") == [v(true), u(.negate), closure([v(false)]), b(.lazyAnd)])
        #expect(try ops("!1 < 2") == [v(1), u(.negate), v(2), b(.lessThan)])
        #expect(try ops("!1 & 2") == [v(1), u(.negate), v(2), b(.bitwiseAnd)])
        // Methods bind tighter than `!`.
        #expect(try ops("!{1}.contains(1)") == [.value(.set(TermSet([.integer(1)]))), v(1), b(.contains), u(.negate)])
        #expect(try ops("!!true") == [v(true), u(.negate), u(.negate)])
        #expect(try ops("2 * !1 + 3") == [v(2), v(1), v(3), b(.add), u(.negate), b(.mul)])
    }

    @Test func binaryLevelsAreLeftAssociative() throws {
        #expect(try ops("1 - 2 - 3 == 0") == [v(1), v(2), b(.sub), v(3), b(.sub), v(0), b(.heterogeneousEqual)])
        #expect(try ops("8 / 2 * 2 == 8") == [v(8), v(2), b(.div), v(2), b(.mul), v(8), b(.heterogeneousEqual)])
        #expect(
            try ops("true || false || true")
                == [v(true), closure([v(false)]), b(.lazyOr), closure([v(true)]), b(.lazyOr)])
        #expect(try ops("1 ^ 2 ^ 3 == 0") == [v(1), v(2), b(.bitwiseXor), v(3), b(.bitwiseXor), v(0), b(.heterogeneousEqual)])
    }

    @Test(arguments: [
        ("check if 1 < 2 < 3", 16), ("check if 1 == 2 == 3", 17), ("check if 1 === 1 !== false", 18),
        ("check if 1 <= 2 >= 0", 17),
    ])
    func comparisonsAreNotAssociative(text: String, column: Int) {
        expectParseError(
            text, .unexpectedToken, line: 1, column: column,
            message: "comparison operators cannot be chained: add parentheses, as in '(a < b) == c'")
    }

    @Test func parenthesesGroupAndArePreserved() throws {
        #expect(try ops("(1 < 2) == true") == [v(1), v(2), b(.lessThan), u(.parens), v(true), b(.heterogeneousEqual)])
        #expect(try ops("(1 + 2) * 3 == 9") == [v(1), v(2), b(.add), u(.parens), v(3), b(.mul), v(9), b(.heterogeneousEqual)])
        #expect(
            try ops("!(false && true)") == [v(false), closure([v(true)]), b(.lazyAnd), u(.parens), u(.negate)])
    }

    @Test func minusIsAnOperatorAfterAnOperandAndASignBeforeDigits() throws {
        #expect(try ops("1 -2 == -1") == [v(1), v(2), b(.sub), v(-1), b(.heterogeneousEqual)])
        #expect(try ops("1 - -2 == 3") == [v(1), v(-2), b(.sub), v(3), b(.heterogeneousEqual)])
        #expect(try ops("-9223372036854775808 - 1 !== 0") == [v(.min), v(1), b(.sub), v(0), b(.notEqual)])
        let rule = try Rule(parsing: "r($a) <- f($a), $a<-1")
        #expect(rule.expressions.first?.ops == [variable("a"), v(-1), b(.lessThan)])
    }

    @Test func methodsAndClosures() throws {
        #expect(try ops("(true === 12).try_or(true)") == [closure([v(true), v(12), b(.equal), u(.parens)]), v(true), b(.tryOr)])
        #expect(
            try ops("1.try_or(2).try_or(3) == 1")
                == [closure([closure([v(1)]), v(2), b(.tryOr)]), v(3), b(.tryOr), v(1), b(.heterogeneousEqual)])
        #expect(
            try ops("[1, 2].any($p -> $p > 1 && [3].all($q -> $p == $q))")
                == [
                    .value(.array([.integer(1), .integer(2)])),
                    closure(
                        ["p"],
                        [
                            variable("p"), v(1), b(.greaterThan),
                            closure([.value(.array([.integer(3)])), closure(["q"], [variable("p"), variable("q"), b(.heterogeneousEqual)]), b(.all)]),
                            b(.lazyAnd),
                        ]),
                    b(.any),
                ])
        #expect(try ops("true.extern::test()") == [v(true), u(.ffi("test"))])
        #expect(try ops("\"a\".extern::test(\"a\") == \"x\"") == [v("a"), v("a"), b(.ffi("test")), v("x"), b(.heterogeneousEqual)])
        #expect(
            try ops("{\"user\": {\"id\": 1}}.get(\"user\").get(\"id\") == 1")
                == [
                    .value(.map(TermMap([(.string("user"), .map(TermMap([(.string("id"), .integer(1))])))]))),
                    v("user"), b(.get), v("id"), b(.get), v(1), b(.heterogeneousEqual),
                ])
        for (method, op) in [
            ("contains", BinaryOperator.contains), ("starts_with", .prefix), ("ends_with", .suffix), ("matches", .regex),
            ("intersection", .intersection), ("union", .union),
        ] {
            #expect(try ops("\"a\".\(method)(\"b\")") == [v("a"), v("b"), b(op)])
        }
        #expect(try ops("\"a\".type() == \"string\"") == [v("a"), u(.typeOf), v("string"), b(.heterogeneousEqual)])
    }
}
