/// Values for the `{name}` parameters of Datalog text, supplied by the caller at parse time.
///
/// A parameter in a term position takes a ``Value/term(_:)``; a parameter in a `trusting` clause takes a
/// ``Value/publicKey(_:)``. Parsing text that names a parameter without a value fails with
/// ``DatalogError/Code/missingParameter``; values that the text never names are ignored.
///
/// ```swift
/// let fact = try Fact(parsing: "user({id})", parameters: ["id": .term(.string("alice"))])
/// ```
public struct DatalogParameters: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// The value of one parameter.
    public enum Value: Hashable, Sendable {
        /// A term, for a term position (`user({id})`); it must not be or contain a variable.
        case term(Term)
        /// A key, for a `trusting {key}` clause.
        case publicKey(PublicKeyLiteral)
    }

    /// The values, by parameter name (without braces).
    public var values: [String: Value]

    /// Creates parameters from a dictionary of values.
    ///
    /// - Parameter values: The values, by parameter name (without braces).
    public init(_ values: [String: Value] = [:]) {
        self.values = values
    }

    /// Creates parameters from a dictionary literal; when a name repeats, the last value wins.
    ///
    /// - Parameter elements: The names and their values.
    public init(dictionaryLiteral elements: (String, Value)...) {
        var values: [String: Value] = [:]
        for (name, value) in elements { values[name] = value }
        self.values = values
    }

    /// The value of the parameter `name`, or `nil` when none was supplied.
    public subscript(name: String) -> Value? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Whether no value was supplied.
    public var isEmpty: Bool { values.isEmpty }
}
