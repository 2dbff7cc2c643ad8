import Testing
import WaferDatalog

/// Evaluates Datalog expression text.
func evaluate(_ text: String, bindings: [String: Term] = [:], externs: ExternFunctions = ExternFunctions()) throws -> Term {
    try Expression(parsing: text).evaluate(bindings: bindings, externs: externs)
}

/// The error code an expression's evaluation fails with, or `nil` when it succeeds.
func evaluationErrorCode(_ text: String, bindings: [String: Term] = [:], externs: ExternFunctions = ExternFunctions()) throws -> DatalogError.Code? {
    let expression = try Expression(parsing: text)
    do {
        _ = try expression.evaluate(bindings: bindings, externs: externs)
        return nil
    } catch {
        return error.code
    }
}

@Suite("Operators: every opcode and its type rules (NOTES §6)")
struct OperatorTests {
    /// (expression, expected value as Datalog text)
    static let values: [(String, String)] = [
        // Unary: negate, parens, length (UTF-8 bytes), type.
        ("!true", "false"), ("!false", "true"), ("(1)", "1"), ("(\"a\")", "\"a\""),
        ("\"é\".length()", "2"), ("\"abc\".length()", "3"), ("\"\".length()", "0"), ("\"😁\".length()", "4"),
        ("hex:0102ff.length()", "3"), ("{1, 2, 3}.length()", "3"), ("{,}.length()", "0"),
        ("[1, \"a\"].length()", "2"), ("{\"a\": 1, \"b\": true}.length()", "2"),
        ("1.type()", "\"integer\""), ("\"a\".type()", "\"string\""), ("(2020-01-01T00:00:00Z).type()", "\"date\""),
        ("hex:01.type()", "\"bytes\""), ("true.type()", "\"bool\""), ("{1}.type()", "\"set\""),
        ("null.type()", "\"null\""), ("[1].type()", "\"array\""), ("{\"a\": 1}.type()", "\"map\""),
        // Order comparisons on integers and dates.
        ("1 < 2", "true"), ("2 < 1", "false"), ("2 > 1", "true"), ("1 > 1", "false"), ("1 <= 1", "true"),
        ("2 <= 1", "false"), ("1 >= 1", "true"), ("0 >= 1", "false"),
        ("2020-01-01T00:00:00Z < 2021-01-01T00:00:00Z", "true"), ("2020-01-01T00:00:00Z > 2021-01-01T00:00:00Z", "false"),
        ("2020-01-01T00:00:00Z <= 2020-01-01T00:00:00Z", "true"), ("2021-01-01T00:00:00Z >= 2020-01-01T00:00:00Z", "true"),
        // Strict equality on every type.
        ("1 === 1", "true"), ("1 === 2", "false"), ("\"a\" === \"a\"", "true"), ("\"a\" === \"b\"", "false"),
        ("2020-01-01T00:00:00Z === 2020-01-01T00:00:00Z", "true"), ("hex:01 === hex:01", "true"),
        ("hex:01 === hex:02", "false"), ("true === true", "true"), ("true === false", "false"),
        ("{1, 2} === {2, 1}", "true"), ("{1} === {2}", "false"), ("null === null", "true"),
        ("[1, \"a\"] === [1, \"a\"]", "true"), ("[1] === [1, 2]", "false"),
        ("{\"a\": 1} === {\"a\": 1}", "true"), ("{\"a\": 1} === {\"a\": 2}", "false"),
        ("1 !== 2", "true"), ("1 !== 1", "false"), ("\"a\" !== \"b\"", "true"), ("{1} !== {1}", "false"),
        ("null !== null", "false"), ("[1] !== [2]", "true"),
        // Lenient equality: across types unequal, never an error.
        ("1 == 1", "true"), ("1 == \"1\"", "false"), ("1 != \"1\"", "true"), ("null == null", "true"),
        ("null == 1", "false"), ("1 != null", "true"), ("null != null", "false"), ("true == 1", "false"),
        ("{1} == [1]", "false"), ("[1] != {\"a\": 1}", "true"), ("\"a\" != \"a\"", "false"),
        // Contains.
        ("\"abc\".contains(\"b\")", "true"), ("\"abc\".contains(\"d\")", "false"), ("\"abc\".contains(\"\")", "true"),
        ("\"é\".contains(\"e\")", "false"),
        ("{1, 2}.contains(1)", "true"), ("{1, 2}.contains(3)", "false"), ("{\"a\"}.contains(1)", "false"),
        ("{1, 2}.contains({1})", "true"), ("{1, 2}.contains({1, 3})", "false"), ("{1}.contains({,})", "true"),
        ("{hex:01, hex:02}.contains(hex:01)", "true"), ("{true, true}.contains(false)", "false"),
        ("{2020-01-01T00:00:00Z}.contains(2020-01-01T00:00:00Z)", "true"),
        ("[1, \"a\", null].contains(\"a\")", "true"), ("[1, [2]].contains([2])", "true"), ("[1].contains(2)", "false"),
        ("[null].contains(null)", "true"),
        ("{\"a\": 1, \"b\": 3}.contains(\"a\")", "true"),
        ("{\"a\": 1}.contains(1)", "false"), ("{\"a\": 1}.contains(true)", "false"),
        // Prefix and suffix.
        ("\"abc\".starts_with(\"ab\")", "true"), ("\"abc\".starts_with(\"bc\")", "false"),
        ("\"abc\".ends_with(\"bc\")", "true"), ("\"abc\".ends_with(\"ab\")", "false"),
        ("[1, 2, 3].starts_with([1, 2])", "true"), ("[1, 2, 3].starts_with([2])", "false"),
        ("[1, 2, 3].ends_with([2, 3])", "true"), ("[1].ends_with([1, 1])", "false"), ("[1].starts_with([])", "true"),
        // Arithmetic (checked, truncating division), concatenation, bitwise.
        ("1 + 2", "3"), ("5 - 7", "-2"), ("3 * 4", "12"), ("7 / 2", "3"), ("-7 / 2", "-3"), ("7 / -2", "-3"),
        ("9223372036854775807 + 0", "9223372036854775807"), ("\"a\" + \"b\"", "\"ab\""), ("\"\" + \"é\"", "\"é\""),
        ("5 & 3", "1"), ("5 | 3", "7"), ("5 ^ 3", "6"), ("1 | 2 ^ 3", "0"),
        // Sets.
        ("{1, 2}.intersection({2, 3})", "{2}"), ("{1}.intersection({2})", "{,}"),
        ("{1, 2}.union({2, 3})", "{1, 2, 3}"), ("{,}.union({\"a\"})", "{\"a\"}"),
        // Regular expressions: unanchored search; an invalid pattern never matches.
        ("\"file123.txt\".matches(\"file[0-9]+.txt\")", "true"), ("\"file1\".matches(\"file[0-9]+.txt\")", "false"),
        ("\"xx-abc-yy\".matches(\"abc\")", "true"), ("\"abc\".matches(\"^b\")", "false"),
        ("\"aaabde\".matches(\"a*c?.e\")", "true"), ("\"abc\".matches(\"(\")", "false"), ("\"\".matches(\"\")", "true"),
        ("\"é\".matches(\"^.$\")", "true"), ("\"abc\".matches(\"a\" + \"b\")", "true"),
        ("\"abc\".matches(\"(\" + \"\")", "false"),
        // Get.
        ("[1, 2].get(0)", "1"), ("[1, 2].get(1)", "2"), ("[1, 2].get(2)", "null"), ("[1, 2].get(-1)", "null"),
        ("{\"a\": 1, \"b\": true}.get(\"a\")", "1"), ("{\"a\": 1, \"b\": true}.get(\"b\")", "true"),
        ("{\"a\": 1}.get(\"b\")", "null"), ("{\"a\": 1}.get(1)", "null"), ("[[1, 2]].get(0).get(1)", "2"),
    ]

    @Test("Operator values", arguments: values)
    func value(_ expression: String, _ expected: String) throws {
        let result = try evaluate(expression)
        #expect(result == (try Term(parsing: expected)), "\(expression)")
    }

    /// (expression, error code)
    static let errors: [(String, DatalogError.Code)] = [
        ("!1", .invalidType), ("!\"a\"", .invalidType), ("1.length()", .invalidType), ("true.length()", .invalidType),
        ("null.length()", .invalidType),
        ("1 < \"a\"", .invalidType), ("\"a\" < \"b\"", .invalidType), ("2020-01-01T00:00:00Z < 1", .invalidType),
        ("true > false", .invalidType), ("1 >= null", .invalidType), ("hex:01 <= hex:02", .invalidType),
        ("1 === \"1\"", .invalidType), ("null === 1", .invalidType), ("1 === null", .invalidType),
        ("{1} === [1]", .invalidType), ("1 !== true", .invalidType), ("null !== 1", .invalidType),
        ("1.contains(1)", .invalidType), ("\"a\".contains(1)", .invalidType), ("{1}.contains(null)", .invalidType),
        ("{1}.contains([1])", .invalidType), ("{1}.contains({\"a\": 1})", .invalidType), ("null.contains(null)", .invalidType),
        ("\"a\".starts_with(1)", .invalidType), ("[1].starts_with(1)", .invalidType), ("1.ends_with(1)", .invalidType),
        ("{1}.starts_with({1})", .invalidType), ("1.matches(\"a\")", .invalidType), ("\"a\".matches(1)", .invalidType),
        ("1 + \"a\"", .invalidType), ("\"a\" - \"b\"", .invalidType), ("true * 2", .invalidType), ("\"4\" / 2", .invalidType),
        ("2020-01-01T00:00:00Z + 1", .invalidType),
        ("9223372036854775807 + 1", .overflow), ("-9223372036854775807 - 2", .overflow),
        ("10000000000 * 10000000000", .overflow), ("-9223372036854775807 * 2", .overflow),
        ("1 / 0", .divideByZero), ("0 / 0", .divideByZero),
        ("{1}.intersection([1])", .invalidType), ("[1].union([2])", .invalidType), ("1.union(1)", .invalidType),
        ("true & 1", .invalidType), ("1 | \"a\"", .invalidType), ("{1} ^ {2}", .invalidType),
        ("[1].get(\"a\")", .invalidType), ("{\"a\": 1}.get(true)", .invalidType), ("{1}.get(0)", .invalidType),
        ("\"abc\".get(0)", .invalidType),
        ("1 && true", .invalidType), ("\"a\" || false", .invalidType), ("null && true", .invalidType),
        ("1.any($x -> true)", .invalidType), ("\"ab\".all($x -> true)", .invalidType),
        ("{1, 2}.any($x -> $x)", .invalidType), ("[1].all($x -> 1)", .invalidType),
    ]

    @Test("Operator type errors", arguments: errors)
    func error(_ expression: String, _ code: DatalogError.Code) throws {
        #expect(try evaluationErrorCode(expression) == code, "\(expression)")
    }

    @Test("Int64.min / -1 is divideByZero, as biscuit-rust's checked_div")
    func minDividedByMinusOne() {
        let expression = Expression(ops: [.value(.integer(.min)), .value(.integer(-1)), .binary(.div)])
        #expect(throws: DatalogError.self) { try expression.evaluate() }
        do {
            _ = try expression.evaluate()
        } catch {
            #expect(error.code == .divideByZero)
        }
    }

    @Test("Eager and/or (opcodes 13, 14) evaluate both sides and type-check them")
    func eagerBooleans() throws {
        func run(_ left: Term, _ right: Term, _ op: BinaryOperator) throws -> Term {
            try Expression(ops: [.value(left), .value(right), .binary(op)]).evaluate()
        }
        #expect(try run(.bool(true), .bool(false), .and) == .bool(false))
        #expect(try run(.bool(true), .bool(true), .and) == .bool(true))
        #expect(try run(.bool(false), .bool(true), .or) == .bool(true))
        #expect(try run(.bool(false), .bool(false), .or) == .bool(false))
        #expect(throws: DatalogError.self) { try run(.bool(false), .integer(1), .and) }
        #expect(throws: DatalogError.self) { try run(.bool(true), .null, .or) }
    }

    @Test("Every opcode is covered by the tables above")
    func opcodeCoverage() throws {
        var unary = Set<Int>()
        var binary = Set<Int>()
        func visit(_ ops: [Op]) {
            for op in ops {
                switch op {
                case .unary(let op): unary.insert(op.opcode)
                case .binary(let op): binary.insert(op.opcode)
                case .closure(_, let body): visit(body)
                case .value: break
                }
            }
        }
        for (text, _) in Self.values { visit(try Expression(parsing: text).ops) }
        for (text, _) in Self.errors { visit(try Expression(parsing: text).ops) }
        // Covered elsewhere: ffi (4, 28) and try_or (29) in ExpressionTests, eager and/or (13, 14) above.
        #expect(unary.union([4]) == Set(0...4))
        #expect(binary.union([13, 14, 28, 29]) == Set(0...29))
    }
}

@Suite("Operators on maps with integer keys")
struct IntegerKeyMapTests {
    static let map = Term.map(TermMap([(.integer(2), .bool(true)), (.string("a"), .integer(1))]))

    @Test("contains and get with integer keys")
    func integerKeys() throws {
        func run(_ op: BinaryOperator, _ right: Term) throws -> Term {
            try Expression(ops: [.value(Self.map), .value(right), .binary(op)]).evaluate()
        }
        #expect(try run(.contains, .integer(2)) == .bool(true))
        #expect(try run(.contains, .integer(3)) == .bool(false))
        #expect(try run(.contains, .string("a")) == .bool(true))
        #expect(try run(.get, .integer(2)) == .bool(true))
        #expect(try run(.get, .integer(1)) == .null)
        #expect(try run(.get, .string("a")) == .integer(1))
        let length = try Expression(ops: [.value(Self.map), .unary(.length)]).evaluate()
        #expect(length == .integer(2))
    }
}
