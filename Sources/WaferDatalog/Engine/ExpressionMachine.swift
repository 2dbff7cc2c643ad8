/// A value on the expression stack: a term, or a closure waiting for the operator that applies it.
enum StackValue: Sendable {
    /// A term.
    case term(Term)
    /// A closure.
    case closure(CompiledClosure)
}

/// The stack machine that evaluates compiled expressions, with the exact type rules of Biscuit v3.3.
///
/// One machine serves a whole world: it keeps its stack and binding buffers between evaluations, and its
/// regular-expression cache compiles each distinct pattern once.
struct ExpressionMachine: Sendable {
    /// The value of each variable slot; `nil` when unbound.
    var slots: [Term?] = []
    /// The operand stack, shared by nested closure evaluations (each works above its own base).
    private var stack: [StackValue] = []
    /// The application's host functions.
    let externs: ExternFunctions
    /// Compiled patterns of `.matches`, by pattern.
    var regexes = RegexCache()

    /// The two Boolean terms, built once: `Term` is an indirect enum, so each `.bool(…)` would allocate
    /// its box, and nearly every expression produces one.
    private static let trueTerm = Term.bool(true)
    private static let falseTerm = Term.bool(false)

    /// The shared term of a Boolean.
    @inline(__always)
    static func bool(_ value: Bool) -> Term { value ? trueTerm : falseTerm }

    /// Creates a machine.
    init(externs: ExternFunctions) {
        self.externs = externs
    }

    /// Makes `count` slots available, all unbound.
    mutating func resetSlots(count: Int) {
        if slots.count < count {
            slots.append(contentsOf: repeatElement(nil, count: count - slots.count))
        }
        for index in 0..<count { slots[index] = nil }
    }

    /// Evaluates a rule, check or policy expression, which must produce a Boolean.
    ///
    /// - Throws: ``DatalogError/Code/invalidType`` when the value is not a Boolean, or any evaluation error.
    mutating func evaluateCondition(_ expression: CompiledExpression) throws(DatalogError) -> Bool {
        let value = try evaluate(expression.instructions)
        guard case .bool(let result) = value else {
            throw DatalogError(
                .invalidType, "an expression evaluated to a \(value.typeName ?? "variable"), but it must be a bool")
        }
        return result
    }

    /// Evaluates instructions on a fresh part of the stack and returns the one value they leave.
    ///
    /// - Throws: ``DatalogError/Code/invalidStack`` when they do not leave exactly one term, or any error of
    ///   an operator.
    mutating func evaluate(_ instructions: [Instruction]) throws(DatalogError) -> Term {
        // Reserved on first use, not at creation: a world whose rules have no expressions would otherwise
        // allocate a stack that its authorization (on a copy of the engine) cannot share.
        if stack.capacity < 16 { stack.reserveCapacity(32) }
        let base = stack.count
        do throws(DatalogError) {
            for instruction in instructions {
                switch instruction {
                case .push(let term):
                    stack.append(.term(term))
                case .load(let slot, let name):
                    guard let value = slots[slot] else {
                        throw DatalogError(.unknownVariable, "the variable $\(name) is not bound")
                    }
                    stack.append(.term(value))
                case .unary(let unary):
                    guard stack.count > base, case .term(let operand) = stack.removeLast() else {
                        throw DatalogError(.invalidStack, "the operator \(unary.symbol) has no value to apply to")
                    }
                    stack.append(.term(try Self.apply(unary, to: operand, externs: externs)))
                case .binary(let binary):
                    guard stack.count >= base + 2 else {
                        throw DatalogError(.invalidStack, "the operator \(binary.symbol) needs two operands")
                    }
                    let right = stack.removeLast()
                    let left = stack.removeLast()
                    let result: Term
                    switch (left, right) {
                    case (.term(let left), .term(let right)):
                        result = try apply(binary, left, right)
                    case (.term(let value), .closure(let closure)), (.closure(let closure), .term(let value)):
                        result = try apply(binary, value, closure)
                    case (.closure, .closure):
                        throw DatalogError(.invalidStack, "the operator \(binary.symbol) got two closures")
                    }
                    stack.append(.term(result))
                case .closure(let closure):
                    stack.append(.closure(closure))
                case .matchesPattern(let position, let pattern):
                    guard stack.count > base else {
                        throw DatalogError(.invalidStack, "the operator .matches() needs two operands")
                    }
                    switch stack.removeLast() {
                    case .term(.string(let text)):
                        stack.append(.term(Self.bool(regexes.isMatch(position: position, text: text))))
                    case .term(let operand):
                        stack.append(.term(try apply(.regex, operand, .string(pattern))))
                    case .closure(let closure):
                        stack.append(.term(try apply(.regex, .string(pattern), closure)))
                    }
                }
            }
            guard stack.count == base + 1, case .term(let result) = stack.removeLast() else {
                throw DatalogError(
                    .invalidStack, "an expression left \(stack.count - base) values on the stack instead of one term")
            }
            return result
        } catch {
            stack.removeSubrange(base...)
            throw error
        }
    }

    // MARK: Unary operators

    private static func apply(
        _ unary: UnaryOperator, to operand: Term, externs: ExternFunctions
    ) throws(DatalogError) -> Term {
        switch (unary, operand) {
        case (.negate, .bool(let value)): return Self.bool(!value)
        case (.parens, _): return operand
        case (.length, .string(let value)): return .integer(Int64(value.utf8.count))
        case (.length, .bytes(let value)): return .integer(Int64(value.count))
        case (.length, .set(let value)): return .integer(Int64(value.count))
        case (.length, .array(let value)): return .integer(Int64(value.count))
        case (.length, .map(let value)): return .integer(Int64(value.count))
        case (.typeOf, _):
            guard let name = operand.typeName else {
                throw DatalogError(.invalidType, ".type() was applied to a variable")
            }
            return .string(name)
        case (.ffi(let name), _): return try externs.call(name, operand)
        default:
            throw DatalogError(
                .invalidType, "\(unary.symbol) cannot be applied to a \(operand.typeName ?? "variable")")
        }
    }

    // MARK: Binary operators on two terms

    private mutating func apply(_ binary: BinaryOperator, _ left: Term, _ right: Term) throws(DatalogError) -> Term {
        switch (binary, left, right) {
        // Order comparisons: integers and dates.
        case (.lessThan, .integer(let a), .integer(let b)): return Self.bool(a < b)
        case (.greaterThan, .integer(let a), .integer(let b)): return Self.bool(a > b)
        case (.lessOrEqual, .integer(let a), .integer(let b)): return Self.bool(a <= b)
        case (.greaterOrEqual, .integer(let a), .integer(let b)): return Self.bool(a >= b)
        case (.lessThan, .date(let a), .date(let b)): return Self.bool(a < b)
        case (.greaterThan, .date(let a), .date(let b)): return Self.bool(a > b)
        case (.lessOrEqual, .date(let a), .date(let b)): return Self.bool(a <= b)
        case (.greaterOrEqual, .date(let a), .date(let b)): return Self.bool(a >= b)

        // Equality: strict on same types, lenient across types.
        case (.equal, _, _), (.notEqual, _, _), (.heterogeneousEqual, _, _), (.heterogeneousNotEqual, _, _):
            return try Self.equality(binary, left, right)

        // Checked integer arithmetic.
        case (.add, .integer(let a), .integer(let b)):
            let (value, overflow) = a.addingReportingOverflow(b)
            if overflow { throw DatalogError(.overflow, "\(a) + \(b) overflows a 64-bit integer") }
            return .integer(value)
        case (.sub, .integer(let a), .integer(let b)):
            let (value, overflow) = a.subtractingReportingOverflow(b)
            if overflow { throw DatalogError(.overflow, "\(a) - \(b) overflows a 64-bit integer") }
            return .integer(value)
        case (.mul, .integer(let a), .integer(let b)):
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            if overflow { throw DatalogError(.overflow, "\(a) * \(b) overflows a 64-bit integer") }
            return .integer(value)
        case (.div, .integer(let a), .integer(let b)):
            if b == 0 { throw DatalogError(.divideByZero, "\(a) / 0 divides by zero") }
            let (value, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { throw DatalogError(.divideByZero, "\(a) / \(b) has no 64-bit quotient") }
            return .integer(value)
        case (.bitwiseAnd, .integer(let a), .integer(let b)): return .integer(a & b)
        case (.bitwiseOr, .integer(let a), .integer(let b)): return .integer(a | b)
        case (.bitwiseXor, .integer(let a), .integer(let b)): return .integer(a ^ b)

        // Strings.
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.contains, .string(let a), .string(let b)): return Self.bool(utf8Contains(a, b))
        case (.prefix, .string(let a), .string(let b)): return Self.bool(a.utf8.starts(with: b.utf8))
        case (.suffix, .string(let a), .string(let b)): return Self.bool(utf8HasSuffix(a, b))
        case (.regex, .string(let text), .string(let pattern)):
            return Self.bool(regexes.isMatch(pattern: pattern, text: text))

        // Eager Booleans.
        case (.and, .bool(let a), .bool(let b)): return Self.bool(a && b)
        case (.or, .bool(let a), .bool(let b)): return Self.bool(a || b)

        // Sets.
        case (.intersection, .set(let a), .set(let b)):
            return .set(TermSet(a.elements.filter { b.contains($0) }))
        case (.union, .set(let a), .set(let b)):
            return .set(TermSet(a.elements + b.elements.filter { !a.contains($0) }))
        case (.contains, .set(let a), .set(let b)):
            return Self.bool(b.elements.allSatisfy { a.contains($0) })
        case (.contains, .set(let a), .integer), (.contains, .set(let a), .string), (.contains, .set(let a), .date),
            (.contains, .set(let a), .bool), (.contains, .set(let a), .bytes):
            return Self.bool(a.contains(right))

        // Arrays.
        case (.contains, .array(let a), _): return Self.bool(a.contains(right))
        case (.prefix, .array(let a), .array(let b)):
            return Self.bool(a.starts(with: b))
        case (.suffix, .array(let a), .array(let b)):
            return Self.bool(a.count >= b.count && a.suffix(b.count).elementsEqual(b))
        case (.get, .array(let a), .integer(let index)):
            return index >= 0 && index < Int64(a.count) ? a[Int(index)] : .null

        // Maps.
        case (.contains, .map(let map), _):
            switch right {
            case .integer(let key): return Self.bool(map[.integer(key)] != nil)
            case .string(let key): return Self.bool(map[.string(key)] != nil)
            default: return Self.bool(false)
            }
        case (.get, .map(let map), .integer(let key)): return map[.integer(key)] ?? .null
        case (.get, .map(let map), .string(let key)): return map[.string(key)] ?? .null

        // Host functions.
        case (.ffi(let name), _, _): return try externs.call(name, left, right)

        default:
            throw DatalogError(
                .invalidType,
                "\(binary.symbol) cannot be applied to a \(left.typeName ?? "variable") and a "
                    + "\(right.typeName ?? "variable")")
        }
    }

    /// `===`, `!==` (strict: a type error across types, except that sets compare to sets) and `==`, `!=`.
    private static func equality(_ binary: BinaryOperator, _ left: Term, _ right: Term) throws(DatalogError) -> Term {
        let isNegated = binary == .notEqual || binary == .heterogeneousNotEqual
        let isStrict = binary == .equal || binary == .notEqual
        let sameType: Bool
        switch (left, right) {
        case (.integer, .integer), (.string, .string), (.date, .date), (.bytes, .bytes), (.bool, .bool),
            (.set, .set), (.null, .null), (.array, .array), (.map, .map):
            sameType = true
        default:
            sameType = false
        }
        if !sameType {
            if isStrict {
                throw DatalogError(
                    .invalidType,
                    "\(binary.symbol) compares values of one type, not a \(left.typeName ?? "variable") and a "
                        + "\(right.typeName ?? "variable"); use \(isNegated ? "!=" : "==") to compare across types")
            }
            return Self.bool(isNegated)
        }
        return Self.bool((left == right) != isNegated)
    }

    // MARK: Binary operators with a closure

    /// Applies `binary` to a term and a closure: lazy `&&`/`||`, `.any`, `.all` and `.try_or`.
    private mutating func apply(
        _ binary: BinaryOperator, _ value: Term, _ closure: CompiledClosure
    ) throws(DatalogError) -> Term {
        for parameter in closure.parameters where slots[parameter] != nil {
            throw DatalogError(
                .shadowedVariable, "a closure parameter shadows a variable that is already bound")
        }
        switch (binary, value, closure.parameters.count) {
        case (.tryOr, _, 0):
            do throws(DatalogError) {
                return try evaluate(closure.body)
            } catch {
                return value
            }
        case (.lazyOr, .bool(true), 0): return Self.bool(true)
        case (.lazyOr, .bool(false), 0): return try evaluate(closure.body)
        case (.lazyAnd, .bool(false), 0): return Self.bool(false)
        case (.lazyAnd, .bool(true), 0): return try evaluate(closure.body)
        case (.all, .set(let set), 1): return try quantify(all: true, set.elements, closure)
        case (.any, .set(let set), 1): return try quantify(all: false, set.elements, closure)
        case (.all, .array(let array), 1): return try quantify(all: true, array, closure)
        case (.any, .array(let array), 1): return try quantify(all: false, array, closure)
        case (.all, .map(let map), 1): return try quantify(all: true, map.entries.map { .array([$0.key.term, $0.value]) }, closure)
        case (.any, .map(let map), 1): return try quantify(all: false, map.entries.map { .array([$0.key.term, $0.value]) }, closure)
        default:
            throw DatalogError(
                .invalidType,
                "\(binary.symbol) cannot be applied to a \(value.typeName ?? "variable") and a closure of "
                    + "\(closure.parameters.count) parameters")
        }
    }

    /// `.all` (`all == true`) or `.any` over `elements`, short-circuiting.
    private mutating func quantify(
        all: Bool, _ elements: [Term], _ closure: CompiledClosure
    ) throws(DatalogError) -> Term {
        let parameter = closure.parameters[0]
        for element in elements {
            slots[parameter] = element
            let result: Term
            do throws(DatalogError) {
                result = try evaluate(closure.body)
            } catch {
                slots[parameter] = nil
                throw error
            }
            slots[parameter] = nil
            guard case .bool(let isTrue) = result else {
                throw DatalogError(
                    .invalidType, "the closure of \(all ? ".all" : ".any") returned a \(result.typeName ?? "variable"), not a bool")
            }
            if isTrue != all { return Self.bool(!all) }
        }
        return Self.bool(all)
    }
}

// MARK: - Byte-exact helpers

/// Whether the UTF-8 bytes of `text` contain those of `needle`.
private func utf8Contains(_ text: String, _ needle: String) -> Bool {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    if pattern.isEmpty { return true }
    if pattern.count > haystack.count { return false }
    let first = pattern[0]
    var start = 0
    while start <= haystack.count - pattern.count {
        if haystack[start] == first {
            var offset = 1
            while offset < pattern.count && haystack[start + offset] == pattern[offset] { offset += 1 }
            if offset == pattern.count { return true }
        }
        start += 1
    }
    return false
}

/// Whether the UTF-8 bytes of `text` end with those of `suffix`.
private func utf8HasSuffix(_ text: String, _ suffix: String) -> Bool {
    let (textCount, suffixCount) = (text.utf8.count, suffix.utf8.count)
    return textCount >= suffixCount && text.utf8.dropFirst(textCount - suffixCount).elementsEqual(suffix.utf8)
}

