/// The names of one statement's variables, each given a slot in a binding array.
///
/// Body variables get the first slots, in order of appearance, so that a join writes its bindings where
/// the expression machine reads them; variables that only expressions or closures mention come after.
struct VariableSlots: Sendable {
    /// The name of each slot. A statement names a handful of variables, so a linear search (comparing
    /// UTF-8 bytes) beats hashing.
    private(set) var names: [String] = []

    /// The number of slots.
    var count: Int { names.count }

    /// Forgets every slot, keeping the storage for the next statement.
    mutating func removeAll() { names.removeAll(keepingCapacity: true) }

    /// The slot of `name`, allocating a new one the first time.
    mutating func slot(for name: String) -> Int {
        if let slot = existingSlot(for: name) { return slot }
        names.append(name)
        return names.count - 1
    }

    /// The slot of `name`, or `nil` when the statement never mentions it.
    func existingSlot(for name: String) -> Int? { names.firstIndex { utf8Equal($0, name) } }
}

/// A closure of a compiled expression: its parameters' slots and its body.
struct CompiledClosure: Sendable {
    /// The slot each parameter is bound to while the body runs.
    let parameters: [Int]
    /// The body's instructions.
    let body: [Instruction]
}

/// One instruction of a compiled expression: an ``Op`` whose variables were resolved to slots.
enum Instruction: Sendable {
    /// Pushes a ground term.
    case push(Term)
    /// Pushes the value bound to a slot; an unbound slot is ``DatalogError/Code/unknownVariable``.
    case load(slot: Int, name: String)
    /// Applies a unary operator to the top of the stack.
    case unary(UnaryOperator)
    /// Applies a binary operator to the two top values.
    case binary(BinaryOperator)
    /// Pushes a closure.
    case closure(CompiledClosure)
    /// `.matches` with a constant pattern, compiled at load time: pops the text, pushes whether the
    /// pattern at this position of the ``RegexCache`` matches it. The pattern's text is kept for the
    /// error paths, which must behave as the unfused `push(pattern), binary(.regex)`.
    case matchesPattern(Int, String)
}

/// An expression compiled once, when its statement is loaded, for repeated evaluation.
struct CompiledExpression: Sendable {
    /// The instructions, in evaluation order.
    let instructions: [Instruction]

    /// Compiles `expression`, allocating slots in `slots` for the variables and closure parameters it names.
    init(_ expression: Expression, slots: inout VariableSlots) {
        instructions = Self.compile(expression.ops, slots: &slots)
    }

    /// Compiles `expression` and fuses each `.matches` of a constant pattern into one
    /// ``Instruction/matchesPattern(_:_:)``, compiling the pattern into `regexes` now.
    init(_ expression: Expression, slots: inout VariableSlots, regexes: inout RegexCache) {
        let compiled = Self.compile(expression.ops, slots: &slots)
        instructions = Self.hasRegexOrClosure(compiled) ? Self.fusePatterns(compiled, &regexes) : compiled
    }

    /// Whether ``fusePatterns(_:_:)`` could change `instructions` (a `.matches` or a closure).
    private static func hasRegexOrClosure(_ instructions: [Instruction]) -> Bool {
        instructions.contains { instruction in
            switch instruction {
            case .binary(.regex), .closure: return true
            default: return false
            }
        }
    }

    private static func fusePatterns(_ instructions: [Instruction], _ regexes: inout RegexCache) -> [Instruction] {
        var result: [Instruction] = []
        result.reserveCapacity(instructions.count)
        for instruction in instructions {
            switch instruction {
            case .binary(.regex):
                if case .push(.string(let pattern)) = result.last {
                    result[result.count - 1] = .matchesPattern(regexes.position(of: pattern), pattern)
                } else {
                    result.append(instruction)
                }
            case .closure(let closure):
                result.append(.closure(CompiledClosure(
                    parameters: closure.parameters, body: fusePatterns(closure.body, &regexes))))
            default:
                result.append(instruction)
            }
        }
        return result
    }

    private static func compile(_ ops: [Op], slots: inout VariableSlots) -> [Instruction] {
        var instructions: [Instruction] = []
        instructions.reserveCapacity(ops.count)
        for op in ops {
            switch op {
            case .value(.variable(let name)):
                instructions.append(.load(slot: slots.slot(for: name), name: name))
            case .value(let term):
                instructions.append(.push(term))
            case .unary(let unary):
                instructions.append(.unary(unary))
            case .binary(let binary):
                instructions.append(.binary(binary))
            case .closure(let parameters, let body):
                let parameterSlots = parameters.map { slots.slot(for: $0) }
                let compiledBody = compile(body, slots: &slots)
                instructions.append(.closure(CompiledClosure(parameters: parameterSlots, body: compiledBody)))
            }
        }
        return instructions
    }
}

extension Expression {
    /// The most closures an expression may nest (`$a.any($x -> $b.all($y -> …))`); deeper expressions
    /// fail with ``DatalogError/Code/nestingTooDeep`` before evaluation, so that evaluation, which recurses
    /// once per level, cannot exhaust a thread's stack.
    static let maxClosureDepth = 64

    /// Throws when closures nest deeper than ``maxClosureDepth`` (found without recursion).
    func checkClosureDepth() throws(DatalogError) {
        var pending: [(ops: [Op], depth: Int)] = [(ops, 0)]
        while let (ops, depth) = pending.popLast() {
            for case .closure(_, let body) in ops {
                guard depth < Self.maxClosureDepth else {
                    throw DatalogError(
                        .nestingTooDeep,
                        "an expression nests closures deeper than the limit of \(Self.maxClosureDepth) levels")
                }
                pending.append((body, depth + 1))
            }
        }
    }
}
