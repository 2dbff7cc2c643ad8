/// An expression, as the postfix list of operations Biscuit evaluates on a stack.
///
/// `$a + 2 < 4` is `[.value(.variable("a")), .value(.integer(2)), .binary(.add), .value(.integer(4)),
/// .binary(.lessThan)]`. The list is the canonical form: the wire format stores it as is, the printer
/// rebuilds the text from it, and the evaluator runs it. Lazy operators carry their right operand as a
/// closure: `a && b` is `a, closure([], b), lazyAnd`; `x.try_or(y)` is `closure([], x), y, tryOr`;
/// `s.any($p -> e)` is `s, closure(["p"], e), any`.
public struct Expression: Hashable, Sendable {
    /// The operations, in evaluation order.
    public var ops: [Op]

    /// Creates an expression from its postfix operations.
    ///
    /// - Parameter ops: The operations, in evaluation order.
    public init(ops: [Op]) {
        self.ops = ops
    }
}

/// One operation of an ``Expression``.
public indirect enum Op: Hashable, Sendable {
    /// Pushes a term; a variable is replaced by its binding.
    case value(Term)
    /// Pops one value and pushes the result of the operator.
    case unary(UnaryOperator)
    /// Pops the right operand, then the left one, and pushes the result of the operator.
    case binary(BinaryOperator)
    /// Pushes a closure with the given parameter names (without `$`) and body.
    case closure(parameters: [String], ops: [Op])
}

/// The unary operators of Biscuit v3.3, with their wire opcodes.
public enum UnaryOperator: Hashable, Sendable {
    /// `!x`: Boolean negation (opcode 0).
    case negate
    /// `(x)`: identity, kept so that the printer restores the parentheses (opcode 1).
    case parens
    /// `x.length()`: UTF-8 byte count of a string, or the size of bytes, a set, an array or a map (opcode 2).
    case length
    /// `x.type()`: the name of the value's type (opcode 3).
    case typeOf
    /// `x.extern::name()`: a host function of one argument (opcode 4).
    case ffi(String)

    /// The operator's `OpUnary.Kind` in the Biscuit wire format.
    public var opcode: Int {
        switch self {
        case .negate: return 0
        case .parens: return 1
        case .length: return 2
        case .typeOf: return 3
        case .ffi: return 4
        }
    }
}

/// The binary operators of Biscuit v3.3, with their wire opcodes (`OpBinary.Kind` 0–29).
public enum BinaryOperator: Hashable, Sendable {
    /// `<` on integers or dates (opcode 0).
    case lessThan
    /// `>` on integers or dates (opcode 1).
    case greaterThan
    /// `<=` on integers or dates (opcode 2).
    case lessOrEqual
    /// `>=` on integers or dates (opcode 3).
    case greaterOrEqual
    /// `===`: strict equality; operands of different types are a type error (opcode 4).
    case equal
    /// `.contains(x)` (opcode 5).
    case contains
    /// `.starts_with(x)` (opcode 6).
    case prefix
    /// `.ends_with(x)` (opcode 7).
    case suffix
    /// `.matches(pattern)`: unanchored regular-expression search (opcode 8).
    case regex
    /// `+`: checked integer addition or string concatenation (opcode 9).
    case add
    /// `-`: checked integer subtraction (opcode 10).
    case sub
    /// `*`: checked integer multiplication (opcode 11).
    case mul
    /// `/`: checked, truncating integer division (opcode 12).
    case div
    /// Eager Boolean and; both sides are always evaluated; printed `&&!` (opcode 13).
    case and
    /// Eager Boolean or; both sides are always evaluated; printed `||!` (opcode 14).
    case or
    /// `.intersection(x)` of two sets (opcode 15).
    case intersection
    /// `.union(x)` of two sets (opcode 16).
    case union
    /// `&` on integers (opcode 17).
    case bitwiseAnd
    /// `|` on integers (opcode 18).
    case bitwiseOr
    /// `^` on integers (opcode 19).
    case bitwiseXor
    /// `!==`: strict inequality (opcode 20).
    case notEqual
    /// `==`: lenient equality; operands of different types are unequal (opcode 21).
    case heterogeneousEqual
    /// `!=`: lenient inequality (opcode 22).
    case heterogeneousNotEqual
    /// `&&`: lazy and; the right operand is a closure without parameters (opcode 23).
    case lazyAnd
    /// `||`: lazy or; the right operand is a closure without parameters (opcode 24).
    case lazyOr
    /// `.all($p -> e)` over a set, an array or a map (opcode 25).
    case all
    /// `.any($p -> e)` over a set, an array or a map (opcode 26).
    case any
    /// `.get(i)`: an array element or a map value, `null` when absent (opcode 27).
    case get
    /// `x.extern::name(y)`: a host function of two arguments (opcode 28).
    case ffi(String)
    /// `x.try_or(y)`: `x`'s value, or `y` when evaluating `x` fails (opcode 29).
    case tryOr

    /// The operator's `OpBinary.Kind` in the Biscuit wire format.
    public var opcode: Int {
        switch self {
        case .lessThan: return 0
        case .greaterThan: return 1
        case .lessOrEqual: return 2
        case .greaterOrEqual: return 3
        case .equal: return 4
        case .contains: return 5
        case .prefix: return 6
        case .suffix: return 7
        case .regex: return 8
        case .add: return 9
        case .sub: return 10
        case .mul: return 11
        case .div: return 12
        case .and: return 13
        case .or: return 14
        case .intersection: return 15
        case .union: return 16
        case .bitwiseAnd: return 17
        case .bitwiseOr: return 18
        case .bitwiseXor: return 19
        case .notEqual: return 20
        case .heterogeneousEqual: return 21
        case .heterogeneousNotEqual: return 22
        case .lazyAnd: return 23
        case .lazyOr: return 24
        case .all: return 25
        case .any: return 26
        case .get: return 27
        case .ffi: return 28
        case .tryOr: return 29
        }
    }
}

extension UnaryOperator {
    /// How the operator is written: `!`, `()`, `.length()`, `<`, `.contains()`…; the printer builds expression
    /// text from it and the engine names operators with it in messages.
    var symbol: String {
        switch self {
        case .negate: return "!"
        case .parens: return "()"
        case .length: return ".length()"
        case .typeOf: return ".type()"
        case .ffi(let name): return ".extern::\(name)()"
        }
    }
}

extension BinaryOperator {
    /// How the operator is written: `!`, `()`, `.length()`, `<`, `.contains()`…; the printer builds expression
    /// text from it and the engine names operators with it in messages.
    var symbol: String {
        switch self {
        case .lessThan: return "<"
        case .greaterThan: return ">"
        case .lessOrEqual: return "<="
        case .greaterOrEqual: return ">="
        case .equal: return "==="
        case .contains: return ".contains()"
        case .prefix: return ".starts_with()"
        case .suffix: return ".ends_with()"
        case .regex: return ".matches()"
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        case .div: return "/"
        case .and: return "&&!"
        case .or: return "||!"
        case .intersection: return ".intersection()"
        case .union: return ".union()"
        case .bitwiseAnd: return "&"
        case .bitwiseOr: return "|"
        case .bitwiseXor: return "^"
        case .notEqual: return "!=="
        case .heterogeneousEqual: return "=="
        case .heterogeneousNotEqual: return "!="
        case .lazyAnd: return "&&"
        case .lazyOr: return "||"
        case .all: return ".all()"
        case .any: return ".any()"
        case .get: return ".get()"
        case .ffi(let name): return ".extern::\(name)()"
        case .tryOr: return ".try_or()"
        }
    }
}
