import Testing
import WaferDatalog

@Suite("Expressions: closures, laziness, try_or, variables, extern functions, stack shape")
struct ExpressionTests {
    @Test("Lazy && and || skip their right side (sample 032)", arguments: [
        ("false && \"x\".intersection(\"x\")", "false"),
        ("true || \"x\".intersection(\"x\")", "true"),
        ("true && 1 < 2", "true"), ("false || 1 > 2", "false"),
        ("true && 7", "7"),  // the right side's value is returned as is
        ("{1, 2}.any($x -> $x > 1) && {1, 2}.all($x -> $x > 0)", "true"),
    ])
    func lazy(_ expression: String, _ expected: String) throws {
        #expect(try evaluate(expression) == (try Term(parsing: expected)))
    }

    @Test("Lazy operators evaluate the right side when needed, errors included")
    func lazyEvaluatesWhenNeeded() throws {
        #expect(try evaluationErrorCode("true && \"x\".intersection(\"x\")") == .invalidType)
        #expect(try evaluationErrorCode("false || 1 / 0 == 1") == .divideByZero)
    }

    @Test("any / all over sets, arrays and maps, short-circuiting", arguments: [
        ("{1, 2}.any($x -> $x > 1)", "true"), ("{1, 2}.all($x -> $x > 1)", "false"),
        ("{1, 2}.all($x -> $x > 0)", "true"), ("{,}.any($x -> true)", "false"), ("{,}.all($x -> false)", "true"),
        ("[1, \"a\"].any($x -> $x == \"a\")", "true"), ("[].all($x -> false)", "true"),
        ("{\"a\": 1, \"b\": 2}.any($kv -> $kv.get(0) == \"b\" && $kv.get(1) == 2)", "true"),
        ("{\"a\": 1, \"b\": 2}.all($kv -> $kv.length() == 2)", "true"),
        ("{1, 2}.any($x -> {3, 4}.any($y -> $x + 2 == $y))", "true"),
        // Short-circuit: the failing element is never reached.
        ("[1, 0].any($x -> 1 / $x == 1)", "true"), ("[0, 1].all($x -> $x > 0 && 1 / $x == 1)", "false"),
    ])
    func quantifiers(_ expression: String, _ expected: String) throws {
        #expect(try evaluate(expression) == (try Term(parsing: expected)))
    }

    @Test("try_or: the fallback is evaluated first, the closure's errors are caught (sample 038)", arguments: [
        ("(true === 12).try_or(true)", "true"),
        ("(1 / 0).try_or(7)", "7"),
        ("(1 + 1).try_or(7)", "2"),
        ("((true === 12).try_or(1 / 0 == 1)).try_or(3)", "3"),
        ("(true == 12).try_or(true)", "false"),
        ("(9223372036854775807 + 1).try_or(\"overflow\")", "\"overflow\""),
    ])
    func tryOr(_ expression: String, _ expected: String) throws {
        #expect(try evaluate(expression) == (try Term(parsing: expected)))
    }

    @Test("try_or does not catch errors of its fallback (sample 038, 'right-hand side')")
    func tryOrFallbackErrors() throws {
        #expect(try evaluationErrorCode("true.try_or(true === 12)") == .invalidType)
        #expect(try evaluationErrorCode("(1 / 0).try_or(1 / 0)") == .divideByZero)
    }

    @Test("Variables: bound values are pushed, unbound ones are unknownVariable")
    func variables() throws {
        #expect(try evaluate("$a + $b", bindings: ["a": .integer(40), "b": .integer(2)]) == .integer(42))
        #expect(try evaluationErrorCode("$missing + 1") == .unknownVariable)
        #expect(try evaluationErrorCode("{1}.any($x -> $y)") == .unknownVariable)
    }

    @Test("A closure parameter that shadows a bound variable fails when applied (sample 032)")
    func shadowing() throws {
        // {"true"}.any($p -> {"true"}.all($p -> $p)), built by hand: the parser rejects it statically.
        let inner = Op.closure(parameters: ["p"], ops: [.value(.variable("p"))])
        let outerBody: [Op] = [.value(.set(TermSet([.string("true")]))), inner, .binary(.all)]
        let expression = Expression(ops: [
            .value(.set(TermSet([.string("true")]))), .closure(parameters: ["p"], ops: outerBody), .binary(.any),
        ])
        #expect(throws: DatalogError.self) { try expression.evaluate() }
        #expect(errorCode { try expression.evaluate() } == .shadowedVariable)
        // A parameter named like a bound variable.
        let bound = Expression(ops: [
            .value(.set(TermSet([.integer(1)]))), .closure(parameters: ["x"], ops: [.value(.bool(true))]),
            .binary(.any),
        ])
        #expect(errorCode { try bound.evaluate(bindings: ["x": .integer(1)]) } == .shadowedVariable)
        #expect(try bound.evaluate() == .bool(true))
        // Not applied (lazy side skipped): no error.
        let skipped = Expression(ops: [
            .value(.bool(false)),
            .closure(parameters: [], ops: [
                .value(.set(TermSet([.integer(1)]))), .closure(parameters: ["x"], ops: [.value(.bool(true))]),
                .binary(.any),
            ]),
            .binary(.lazyAnd),
        ])
        #expect(try skipped.evaluate(bindings: ["x": .integer(1)]) == .bool(false))
    }

    @Test("Stack shape errors are invalidStack")
    func invalidStack() {
        let cases: [[Op]] = [
            [],
            [.value(.integer(1)), .value(.integer(2))],
            [.binary(.add)],
            [.value(.integer(1)), .binary(.add)],
            [.unary(.negate)],
            [.closure(parameters: [], ops: [.value(.bool(true))])],
            [.closure(parameters: [], ops: [.value(.bool(true))]), .unary(.negate)],
            [.closure(parameters: [], ops: [.value(.bool(true))]), .closure(parameters: [], ops: []), .binary(.lazyAnd)],
            [.value(.bool(true)), .closure(parameters: [], ops: [.value(.bool(true)), .value(.bool(true))]), .binary(.lazyAnd)],
        ]
        for ops in cases {
            #expect(errorCode { try Expression(ops: ops).evaluate() } == .invalidStack, "\(ops)")
        }
    }

    @Test("A closure with the wrong number of parameters is invalidType")
    func closureArity() {
        let lazy = Expression(ops: [
            .value(.bool(true)), .closure(parameters: ["x"], ops: [.value(.bool(true))]), .binary(.lazyAnd),
        ])
        #expect(errorCode { try lazy.evaluate() } == .invalidType)
        let any = Expression(ops: [
            .value(.array([.integer(1)])), .closure(parameters: [], ops: [.value(.bool(true))]), .binary(.any),
        ])
        #expect(errorCode { try any.evaluate() } == .invalidType)
        let binaryOnClosure = Expression(ops: [
            .value(.integer(1)), .closure(parameters: [], ops: [.value(.integer(1))]), .binary(.add),
        ])
        #expect(errorCode { try binaryOnClosure.evaluate() } == .invalidType)
    }

    struct HostFailure: Error, CustomStringConvertible {
        var description: String { "host said no" }
    }

    static var externs: ExternFunctions {
        var externs = ExternFunctions()
        externs.register("test", unary: { $0 })
        externs.register("test", binary: { left, right in
            switch (left, right) {
            case (.string(let a), .string(let b)): return .string(a == b ? "equal strings" : "different strings")
            default: throw HostFailure()
            }
        })
        externs.register("fail", unary: { _ in throw HostFailure() })
        return externs
    }

    @Test("Extern functions: unary, binary, undefined, failing (sample 035)")
    func externFunctions() throws {
        let externs = Self.externs
        #expect(try evaluate("true.extern::test()", externs: externs) == .bool(true))
        #expect(try evaluate("\"a\".extern::test(\"a\")", externs: externs) == .string("equal strings"))
        #expect(try evaluate("\"a\".extern::test(\"b\")", externs: externs) == .string("different strings"))
        #expect(try evaluationErrorCode("1.extern::test(2)", externs: externs) == .externEvaluationFailed)
        #expect(try evaluationErrorCode("1.extern::fail()", externs: externs) == .externEvaluationFailed)
        #expect(try evaluationErrorCode("1.extern::nope()", externs: externs) == .undefinedExtern)
        #expect(try evaluationErrorCode("1.extern::fail(2)", externs: externs) == .undefinedExtern)
        #expect(try evaluationErrorCode("true.extern::test()") == .undefinedExtern)
        #expect(try evaluate("1.extern::fail().try_or(5)", externs: externs) == .integer(5))
        #expect(externs.names == ["fail", "test"])
        let message = errorMessage { try Expression(parsing: "1.extern::fail()").evaluate(externs: externs) }
        #expect(message?.contains("host said no") == true)
    }

    @Test("Strings compare by UTF-8 bytes, never by canonical equivalence")
    func byteExactStrings() throws {
        let composed = Term.string("\u{E9}")
        let decomposed = Term.string("e\u{301}")
        func run(_ op: BinaryOperator) throws -> Term {
            try Expression(ops: [.value(composed), .value(decomposed), .binary(op)]).evaluate()
        }
        #expect(try run(.equal) == .bool(false))
        #expect(try run(.heterogeneousNotEqual) == .bool(true))
        #expect(try run(.prefix) == .bool(false))
        #expect(try run(.contains) == .bool(false))
    }
}

/// The code of the `DatalogError` that `body` throws, or `nil` when it throws none.
func errorCode<T>(_ body: () throws -> T) -> DatalogError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as DatalogError {
        return error.code
    } catch {
        return DatalogError.Code("not a DatalogError: \(error)")
    }
}

/// The message of the `DatalogError` that `body` throws, or `nil`.
func errorMessage<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as DatalogError {
        return error.message
    } catch {
        return "\(error)"
    }
}
