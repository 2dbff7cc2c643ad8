/// An error of the TinyTodo service: bad configuration, an unreadable policy, a database failure.
///
/// Requests that are denied are not errors: the middleware answers them with 401 or 403.
public struct TinyTodoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// A configuration value is missing or invalid.
        public static let invalidConfiguration = Code(name: "invalidConfiguration")
        /// A file cannot be read.
        public static let fileProblem = Code(name: "fileProblem")
        /// The policy file is not valid Datalog or has no policy.
        public static let invalidPolicy = Code(name: "invalidPolicy")
        /// The database cannot be opened or migrated.
        public static let database = Code(name: "database")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of error it is.
    public var code: Code
    /// What went wrong and where, safe to log.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of error it is.
    ///   - message: What went wrong and where.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
