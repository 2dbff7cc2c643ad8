/// A place in Datalog source text, counted from 1.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line L, column C`.
    public var description: String { "line \(line), column \(column)" }
}

/// The one error type of WaferDatalog: malformed Datalog text, an evaluation error, or an exceeded limit.
///
/// An authorization *denial* is not an error: it is a result value. This type is for input that cannot be
/// evaluated and for budgets that ran out. New codes can be added without breaking clients.
public struct DatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error this is. Compare with the static members; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `unexpectedToken` or `tooManyFacts`.
        public let name: String

        /// Creates a code from its stable name. Codes are declared as static members of this type.
        package init(_ name: String) {
            self.name = name
        }

        /// The stable name.
        public var description: String { name }
    }

    /// What kind of error this is.
    public var code: Code
    /// Where in the source text the error is, for errors of parsing.
    public var location: SourceLocation?
    /// What was wrong and, where it helps, what would be right. Safe to log: it never holds key bytes.
    public var message: String
    /// For an invalid statement of one of a world's blocks (an unsafe rule, a fact holding a variable…), that
    /// block's id; `nil` for the authorizer's statements and for errors that are not about a block's statement.
    /// The token layer tells a token's faulty rule from its own with it.
    public var blockID: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: What was wrong, and what would be right.
    ///   - location: Where in the source text, for errors of parsing.
    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// The message, prefixed with its location when it has one: `line 2, column 17: expected ',' or ')'`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
