/// The host functions that `.extern::name()` and `.extern::name(x)` call, registered by the application.
///
/// A name can have a unary implementation (called by `x.extern::name()`), a binary one (called by
/// `x.extern::name(y)`), or both. A host function signals failure by throwing; the evaluation then stops
/// with ``DatalogError/Code/externEvaluationFailed`` and the thrown error's description in the message.
///
/// ```swift
/// var externs = ExternFunctions()
/// externs.register("test", unary: { $0 })
/// ```
public struct ExternFunctions: Sendable {
    /// A host function of one argument.
    public typealias Unary = @Sendable (Term) throws -> Term
    /// A host function of two arguments: the receiver, then the argument.
    public typealias Binary = @Sendable (Term, Term) throws -> Term

    /// The unary functions by name, compared by UTF-8 bytes.
    private var unaryFunctions: [StringKey: Unary] = [:]
    /// The binary functions by name, compared by UTF-8 bytes.
    private var binaryFunctions: [StringKey: Binary] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Registers (or replaces) the unary function called by `x.extern::name()`.
    ///
    /// - Parameters:
    ///   - name: The name written after `extern::`.
    ///   - function: The implementation; it receives the receiver `x`.
    public mutating func register(_ name: String, unary function: @escaping Unary) {
        unaryFunctions[StringKey(string: name)] = function
    }

    /// Registers (or replaces) the binary function called by `x.extern::name(y)`.
    ///
    /// - Parameters:
    ///   - name: The name written after `extern::`.
    ///   - function: The implementation; it receives the receiver `x`, then the argument `y`.
    public mutating func register(_ name: String, binary function: @escaping Binary) {
        binaryFunctions[StringKey(string: name)] = function
    }

    /// The names that have a unary or a binary implementation, sorted by UTF-8 bytes.
    public var names: [String] {
        Set(unaryFunctions.keys.map(\.string) + binaryFunctions.keys.map(\.string)).sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
    }

    /// Calls the unary function `name`.
    func call(_ name: String, _ value: Term) throws(DatalogError) -> Term {
        guard let function = unaryFunctions[StringKey(string: name)] else {
            throw DatalogError(.undefinedExtern, "no unary extern function named '\(name)' is registered")
        }
        do {
            return try function(value)
        } catch {
            throw DatalogError(.externEvaluationFailed, "extern function '\(name)' failed: \(error)")
        }
    }

    /// Calls the binary function `name`.
    func call(_ name: String, _ left: Term, _ right: Term) throws(DatalogError) -> Term {
        guard let function = binaryFunctions[StringKey(string: name)] else {
            throw DatalogError(.undefinedExtern, "no binary extern function named '\(name)' is registered")
        }
        do {
            return try function(left, right)
        } catch {
            throw DatalogError(.externEvaluationFailed, "extern function '\(name)' failed: \(error)")
        }
    }
}
