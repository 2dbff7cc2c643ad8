import Testing
@testable import WaferDatalog

/// Parses `text` as a program and expects a `DatalogError` with the given code, position and message,
/// as swift-syntax's `assertParse` checks diagnostics.
func expectParseError(
    _ text: String,
    _ code: DatalogError.Code,
    line: Int,
    column: Int,
    message: String? = nil,
    parameters: DatalogParameters = [:],
    limits: ParserLimits = .default,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    do {
        let program = try Program(parsing: text, parameters: parameters, limits: limits)
        Issue.record("expected \(code) at \(line):\(column), parsed \(program)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.location == at(line, column), "\(error)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }
}

/// The postfix operations of a lone expression, parsed through a check so that the real statement path runs.
func ops(_ expression: String) throws -> [Op] {
    let check = try Check(parsing: "check if \(expression)")
    #expect(check.queries.count == 1)
    #expect(check.queries[0].expressions.count == 1)
    return check.queries[0].expressions.first?.ops ?? []
}

/// Short constructors for expected op lists.
func v(_ value: Int64) -> Op { .value(.integer(value)) }
func v(_ value: Bool) -> Op { .value(.bool(value)) }
func v(_ value: String) -> Op { .value(.string(value)) }
func variable(_ name: String) -> Op { .value(.variable(name)) }
func b(_ op: BinaryOperator) -> Op { .binary(op) }
func u(_ op: UnaryOperator) -> Op { .unary(op) }
func closure(_ ops: [Op]) -> Op { .closure(parameters: [], ops: ops) }
func closure(_ parameters: [String], _ ops: [Op]) -> Op { .closure(parameters: parameters, ops: ops) }
