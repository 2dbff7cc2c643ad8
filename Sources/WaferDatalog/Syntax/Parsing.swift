extension Parser {
    /// Runs `body` on a parser over the UTF-8 bytes of `text`.
    static func with<Result>(
        _ text: String, parameters: DatalogParameters, limits: ParserLimits,
        _ body: (inout Parser) throws(DatalogError) -> Result
    ) throws(DatalogError) -> Result {
        var text = text
        let outcome = text.withUTF8 { buffer in
            Swift.Result { () throws(DatalogError) -> Result in
                var parser = try Parser(input: buffer, parameters: parameters, limits: limits)
                return try body(&parser)
            }
        }
        return try outcome.get()
    }

    /// Runs `body` on a parser over `bytes`.
    static func with<Result>(
        utf8 bytes: [UInt8], parameters: DatalogParameters, limits: ParserLimits,
        _ body: (inout Parser) throws(DatalogError) -> Result
    ) throws(DatalogError) -> Result {
        let outcome = bytes.withUnsafeBufferPointer { buffer in
            Swift.Result { () throws(DatalogError) -> Result in
                var parser = try Parser(input: buffer, parameters: parameters, limits: limits)
                return try body(&parser)
            }
        }
        return try outcome.get()
    }

    /// Parses one statement and returns the program holding it, or throws when it is not of the wanted kind.
    static func statement(
        _ text: String, parameters: DatalogParameters, limits: ParserLimits, kind: String,
        isWanted: (Program) -> Bool
    ) throws(DatalogError) -> Program {
        let program = try with(text, parameters: parameters, limits: limits) { (parser: inout Parser) throws(DatalogError) in
            try parser.parseSingleStatement()
        }
        guard isWanted(program) else {
            let found =
                !program.facts.isEmpty ? "a fact"
                : !program.rules.isEmpty ? "a rule" : !program.checks.isEmpty ? "a check" : "a policy"
            throw DatalogError(.unexpectedToken, "expected \(kind), found \(found)", at: SourceLocation(line: 1, column: 1))
        }
        return program
    }
}

extension Program {
    /// Parses a token block's or an authorizer's Datalog source.
    ///
    /// Statements are separated by `;` (the last one may end the input without it); comments are `// …` and
    /// `/* … */`. A block-level `trusting …;` clause may come first.
    ///
    /// - Parameters:
    ///   - text: The source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the `location` of the first error and a message saying what was expected.
    /// - Complexity: O(n) in the length of `text`.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        self = try Parser.with(text, parameters: parameters, limits: limits) { (parser: inout Parser) throws(DatalogError) in
            try parser.parseProgram()
        }
    }

    /// Parses Datalog source given as UTF-8 bytes, reporting invalid UTF-8 inside string literals with its
    /// position (any other non-ASCII byte outside a string is an unexpected character).
    ///
    /// - Parameters:
    ///   - bytes: The source, as UTF-8.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the `location` of the first error.
    /// - Complexity: O(n) in the number of bytes.
    public init(parsingUTF8 bytes: [UInt8], parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        self = try Parser.with(utf8: bytes, parameters: parameters, limits: limits) { (parser: inout Parser) throws(DatalogError) in
            try parser.parseProgram()
        }
    }
}

extension Fact {
    /// Parses one fact, such as `right("file1", "read")`, optionally followed by `;`.
    ///
    /// - Parameters:
    ///   - text: The fact's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError``; the text must hold exactly one ground fact with at least one term.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        let program = try Parser.statement(text, parameters: parameters, limits: limits, kind: "a fact") { $0.facts.count == 1 }
        self = program.facts[0]
    }
}

extension Rule {
    /// Parses one rule, such as `right($f, "read") <- resource($f)`, optionally followed by `;`.
    ///
    /// - Parameters:
    ///   - text: The rule's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError``; unsafe rules fail with ``DatalogError/Code/unsafeRule`` and shadowing closure
    ///   parameters with ``DatalogError/Code/shadowedVariable``.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        let program = try Parser.statement(text, parameters: parameters, limits: limits, kind: "a rule") { $0.rules.count == 1 }
        self = program.rules[0]
    }
}

extension Check {
    /// Parses one check: `check if …`, `check all …` or `reject if …`, with queries joined by `or`.
    ///
    /// - Parameters:
    ///   - text: The check's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the position of the first error.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        let program = try Parser.statement(text, parameters: parameters, limits: limits, kind: "a check") { $0.checks.count == 1 }
        self = program.checks[0]
    }
}

extension Policy {
    /// Parses one policy: `allow if …` or `deny if …`, with queries joined by `or`.
    ///
    /// - Parameters:
    ///   - text: The policy's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the position of the first error.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        let program = try Parser.statement(text, parameters: parameters, limits: limits, kind: "a policy") { $0.policies.count == 1 }
        self = program.policies[0]
    }
}

extension Term {
    /// Parses one term, such as `"file1"`, `-12`, `2023-12-28T00:00:00Z`, `hex:00ff`, `{1, 2}`, `[1, "a"]`,
    /// `{"k": 1}`, `null` or a variable `$x`.
    ///
    /// - Parameters:
    ///   - text: The term's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the position of the first error.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        self = try Parser.with(text, parameters: parameters, limits: limits) { (parser: inout Parser) throws(DatalogError) in
            let term = try parser.parseTerm(.predicate)
            try parser.expectEnd(after: "the term")
            return term
        }
    }
}

extension Expression {
    /// Parses one expression, such as `$a + 2 < 4 && $s.contains("x")`, into its postfix operations.
    ///
    /// Its variables are not checked against any predicate (there is no rule around it); closure parameters
    /// that shadow an enclosing closure's parameter are rejected.
    ///
    /// - Parameters:
    ///   - text: The expression's source.
    ///   - parameters: Values for the `{name}` parameters the source uses.
    ///   - limits: Bounds on the input's size, nesting and literals.
    /// - Throws: ``DatalogError`` with the position of the first error.
    public init(parsing text: String, parameters: DatalogParameters = [:], limits: ParserLimits = .default) throws(DatalogError) {
        self = try Parser.with(text, parameters: parameters, limits: limits) { (parser: inout Parser) throws(DatalogError) in
            var ops: [Op] = []
            try parser.parseExpression(into: &ops)
            try parser.expectEnd(after: "the expression")
            let expression = Expression(ops: ops)
            try Rule(head: Predicate(name: "query", terms: []), body: [], expressions: [expression])
                .validateClosureParameters()
            return expression
        }
    }
}

extension PublicKeyLiteral {
    /// Parses a key as written in a `trusting` clause: `ed25519/<64 hex digits>` or
    /// `secp256r1/<66 hex digits>` (compressed SEC1).
    ///
    /// - Parameter text: The key's text, surrounding whitespace allowed.
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/invalidLiteral`` for a malformed key or a key of
    ///   the wrong length, ``DatalogError/Code/unexpectedToken`` for anything else.
    public init(parsing text: String) throws(DatalogError) {
        self = try Parser.with(text, parameters: [:], limits: .default) { (parser: inout Parser) throws(DatalogError) in
            try parser.parsePublicKey()
        }
    }
}
