extension Expression {
    /// Evaluates the expression with the exact type rules of Biscuit v3.3.
    ///
    /// This is the evaluator the world uses for rule, check and policy expressions, exposed for tools and
    /// tests. Unlike those expressions, the value returned here may have any type.
    ///
    /// ```swift
    /// let value = try Expression(parsing: "$a + 2").evaluate(bindings: ["a": .integer(40)])
    /// // value == .integer(42)
    /// ```
    ///
    /// - Parameters:
    ///   - bindings: The values of the expression's variables, by name without `$`.
    ///   - externs: The host functions of `.extern::name`.
    /// - Returns: The value the expression leaves on the stack.
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/invalidType``,
    ///   ``DatalogError/Code/overflow``, ``DatalogError/Code/divideByZero``,
    ///   ``DatalogError/Code/unknownVariable``, ``DatalogError/Code/shadowedVariable``,
    ///   ``DatalogError/Code/invalidStack``, ``DatalogError/Code/undefinedExtern`` or
    ///   ``DatalogError/Code/externEvaluationFailed``; ``DatalogError/Code/nestingTooDeep`` when closures nest
    ///   deeper than 64 levels.
    /// - Complexity: O(n) in the number of operations, plus the cost of the operations (closures over
    ///   collections run their body once per element).
    public func evaluate(
        bindings: [String: Term] = [:], externs: ExternFunctions = ExternFunctions()
    ) throws(DatalogError) -> Term {
        try checkClosureDepth()
        var slots = VariableSlots()
        let bound = bindings.map { (slot: slots.slot(for: $0.key), value: $0.value) }
        var machine = ExpressionMachine(externs: externs)
        let compiled = CompiledExpression(self, slots: &slots, regexes: &machine.regexes)
        machine.resetSlots(count: slots.count)
        for binding in bound { machine.slots[binding.slot] = binding.value }
        return try machine.evaluate(compiled.instructions)
    }
}
