/// A problem with the variables of a rule, found by ``Rule/validateVariables()`` or
/// ``Rule/validateClosureParameters()``.
enum VariableIssue: Equatable {
    /// A variable used in the head or in an expression that no body predicate binds.
    case unbound(String)
    /// A closure parameter named like a variable already bound where the closure is applied.
    case shadowed(String)

    var error: DatalogError {
        switch self {
        case .unbound(let name):
            return DatalogError(
                .unsafeRule,
                "the variable $\(name) is not bound by any predicate of the rule's body: every variable of the head and of the expressions must appear in a body predicate")
        case .shadowed(let name):
            return DatalogError(
                .shadowedVariable,
                "the closure parameter $\(name) shadows a variable that is already bound: rename the parameter")
        }
    }
}

/// A set of variable names: a linear scan while small (rules usually bind a handful), hashed when large, so
/// that hostile rules with thousands of variables are still checked in linear time.
struct VariableSet {
    private var names: [String] = []
    private var hashed: Set<String>?

    mutating func insert(_ name: String) {
        if hashed != nil {
            hashed?.insert(name)
        } else if !names.contains(name) {
            names.append(name)
            if names.count > 16 {
                hashed = Set(names)
                names = []
            }
        }
    }

    func contains(_ name: String) -> Bool {
        if let hashed { return hashed.contains(name) }
        return names.contains(name)
    }
}

extension Rule {
    /// The variables bound by the body's predicates.
    var boundVariables: VariableSet {
        var bound = VariableSet()
        for predicate in body {
            for case .variable(let name) in predicate.terms { bound.insert(name) }
        }
        return bound
    }

    /// The first unbound variable, else the first shadowing closure parameter.
    func firstVariableIssue() -> VariableIssue? {
        if expressions.isEmpty, !head.terms.contains(where: { if case .variable = $0 { true } else { false } }) {
            return nil
        }
        let bound = boundVariables
        return firstUnboundVariable(bound: bound) ?? firstShadowedParameter(bound: bound)
    }

    /// The first variable of the head or of an expression that no body predicate binds, in source order.
    func firstUnboundVariable(bound: VariableSet) -> VariableIssue? {
        for case .variable(let name) in head.terms where !bound.contains(name) {
            return .unbound(name)
        }
        var scope: [String] = []
        for expression in expressions {
            if let issue = Rule.firstUnbound(in: expression.ops, bound: bound, scope: &scope) { return issue }
        }
        return nil
    }

    private static func firstUnbound(in ops: [Op], bound: VariableSet, scope: inout [String]) -> VariableIssue? {
        for op in ops {
            switch op {
            case .value(.variable(let name)):
                if !bound.contains(name), !scope.contains(name) { return .unbound(name) }
            case .closure(let parameters, let body):
                scope.append(contentsOf: parameters)
                defer { scope.removeLast(parameters.count) }
                if let issue = firstUnbound(in: body, bound: bound, scope: &scope) { return issue }
            case .value, .unary, .binary:
                continue
            }
        }
        return nil
    }

    /// The first closure parameter that reuses the name of a bound variable or of an enclosing parameter.
    func firstShadowedParameter(bound: VariableSet) -> VariableIssue? {
        var scope: [String] = []
        for expression in expressions {
            if let issue = Rule.firstShadowed(in: expression.ops, bound: bound, scope: &scope) { return issue }
        }
        return nil
    }

    private static func firstShadowed(in ops: [Op], bound: VariableSet, scope: inout [String]) -> VariableIssue? {
        for case .closure(let parameters, let body) in ops {
            for parameter in parameters where bound.contains(parameter) || scope.contains(parameter) {
                return .shadowed(parameter)
            }
            scope.append(contentsOf: parameters)
            defer { scope.removeLast(parameters.count) }
            if let issue = firstShadowed(in: body, bound: bound, scope: &scope) { return issue }
        }
        return nil
    }

    /// Checks that the rule is safe: every variable of its head and of its expressions appears in a predicate
    /// of its body (variables inside a closure may also be that closure's parameters).
    ///
    /// The parser runs this check on every rule, check and policy it reads; call it on rules built by hand or
    /// decoded from a token. biscuit-rust runs the same check when it loads a token's rules
    /// (`InvalidBlockRule`); it checks only the variables outside closures, so a closure using an unbound
    /// variable passes there and fails at evaluation instead.
    ///
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/unsafeRule``, naming the first unbound
    ///   variable (head first, then expressions in order); its `location` is `nil`.
    /// - Complexity: O(n) in the size of the rule.
    public func validateVariables() throws(DatalogError) {
        if let issue = firstUnboundVariable(bound: boundVariables) { throw issue.error }
    }

    /// Checks that no closure parameter reuses the name of a variable bound by the body's predicates or by an
    /// enclosing closure, as in `$set.any($p -> $other.all($p -> $p))`.
    ///
    /// biscuit-rust reports this only when the closure is evaluated (`ShadowedVariable`); the parser rejects
    /// it at parse time.
    ///
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/shadowedVariable``, naming the parameter.
    /// - Complexity: O(n · d) in the size of the rule and the nesting depth of its closures.
    public func validateClosureParameters() throws(DatalogError) {
        if let issue = firstShadowedParameter(bound: boundVariables) { throw issue.error }
    }
}

extension Check {
    /// Runs ``Rule/validateVariables()`` and ``Rule/validateClosureParameters()`` on every query.
    ///
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/unsafeRule`` or
    ///   ``DatalogError/Code/shadowedVariable`` for the first query at fault.
    public func validateVariables() throws(DatalogError) {
        for query in queries {
            try query.validateVariables()
            try query.validateClosureParameters()
        }
    }
}

extension Policy {
    /// Runs ``Rule/validateVariables()`` and ``Rule/validateClosureParameters()`` on every query.
    ///
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/unsafeRule`` or
    ///   ``DatalogError/Code/shadowedVariable`` for the first query at fault.
    public func validateVariables() throws(DatalogError) {
        for query in queries {
            try query.validateVariables()
            try query.validateClosureParameters()
        }
    }
}
