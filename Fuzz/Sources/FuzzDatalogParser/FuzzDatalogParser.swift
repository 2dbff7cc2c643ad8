// Fuzzes the Datalog lexer and parser: the input is source text, read as a program and as each single
// statement kind, a term and an expression.
//
// Properties asserted:
// - reading the bytes (`Program(parsingUTF8:)`) and reading the same text as a `String` agree;
// - a program prints to text that reads back to an equal program, and printing that gives the same text.
//   The printer writes strings raw, as biscuit-rust does, so this is asserted only for input without a
//   backslash (no escaped quote can then sit inside a string) and without dates past year 9999 (printed
//   `<invalid date>`);
// - the same holds for a single rule, check, policy, term and expression.
import FuzzSupport
import WaferDatalog

private let smallLimits = ParserLimits(maxInputBytes: 1 << 16, maxNestingDepth: 32, maxLiteralBytes: 4096)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDatalogParser(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = inputBytes(start, count)
    let fromBytes = Result { () throws(DatalogError) in try Program(parsingUTF8: bytes) }
    guard let text = inputText(bytes) else { return 0 }
    let fromText = Result { () throws(DatalogError) in try Program(parsing: text) }
    switch (fromBytes, fromText) {
    case (.success(let a), .success(let b)):
        require(a == b, "Program(parsingUTF8:) and Program(parsing:) read different programs")
    case (.failure(let a), .failure(let b)):
        require(a == b, "Program(parsingUTF8:) and Program(parsing:) fail differently: \(a) / \(b)")
    default:
        require(false, "Program(parsingUTF8:) and Program(parsing:) disagree: \(fromBytes) / \(fromText)")
    }
    _ = try? Program(parsing: text, limits: smallLimits)

    let printable = !bytes.contains(UInt8(ascii: "\\"))
    if case .success(let program) = fromText {
        checkReprint(program, printable: printable) { text throws(DatalogError) in try Program(parsing: text) }
    }
    if let rule = try? Rule(parsing: text) {
        checkReprint(rule, printable: printable) { text throws(DatalogError) in try Rule(parsing: text) }
    }
    if let check = try? Check(parsing: text) {
        checkReprint(check, printable: printable) { text throws(DatalogError) in try Check(parsing: text) }
    }
    if let policy = try? Policy(parsing: text) {
        checkReprint(policy, printable: printable) { text throws(DatalogError) in try Policy(parsing: text) }
    }
    if let term = try? Term(parsing: text) {
        checkReprint(term, printable: printable) { text throws(DatalogError) in try Term(parsing: text) }
    }
    if let expression = try? Expression(parsing: text) {
        checkReprint(expression, printable: printable) { text throws(DatalogError) in try Expression(parsing: text) }
    }
    if let fact = try? Fact(parsing: text) {
        checkReprint(fact, printable: printable) { text throws(DatalogError) in try Fact(parsing: text) }
    }
    _ = try? PublicKeyLiteral(parsing: text)
    return 0
}

/// Asserts that `value` prints to text that reads back to an equal value, and that printing is stable.
private func checkReprint<Value: Equatable & CustomStringConvertible>(
    _ value: Value, printable: Bool, parse: (String) throws(DatalogError) -> Value
) {
    let printed = value.description
    guard printable, !printed.contains("<invalid date>") else { return }
    do {
        let again = try parse(printed)
        require(again == value, "\(Value.self) printed as \(printed) reads back as a different value: \(again)")
        require(again.description == printed, "\(Value.self) prints differently after a round trip: \(printed)")
    } catch {
        require(false, "\(Value.self) printed as \(printed) does not read back: \(error)")
    }
}
