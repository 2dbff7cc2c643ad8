/// A recursive-descent parser for Biscuit Datalog, producing the shared AST.
///
/// It follows biscuit-parser's grammar and emits the same postfix operation lists (see ``Expression``).
/// Expression precedence, loosest first: `||`, `&&`, comparisons (not associative), `^`, `|`, `&`, `+ -`,
/// `* /`, prefix `!`, method calls, then terms and parentheses. As in biscuit-rust, the operand of `!` is
/// parsed at the `+ -` level, so `!a + b` is `!(a + b)` while `!a && b` is `(!a) && b`.
///
/// Recursion is bounded by ``ParserLimits/maxNestingDepth``: each nested parenthesis, method argument,
/// closure, `!`, `.try_or` of a chain, array, map or set counts one level, and the parser never recurses more
/// than a fixed number of frames per level, so the AST it builds is as shallow as the limit.
///
/// Semantic checks made here: facts are ground with at least one term; sets hold no variable, set or array
/// and elements of one type; rules, checks and policies are safe (``Rule/validateVariables()``) and their
/// closure parameters shadow nothing (``Rule/validateClosureParameters()``); parameters have values of the
/// right kind.
struct Parser {
    private let input: UnsafeBufferPointer<UInt8>
    private let source: LexedSource
    private let parameters: DatalogParameters
    private let limits: ParserLimits
    private var position = 0
    private var depth = 0
    /// The first place each variable appears in the statement being parsed, to report errors there.
    private var variableLocations: [String: SourceLocation] = [:]
    /// The first place each closure parameter is declared in the statement being parsed.
    private var closureParameterLocations: [String: SourceLocation] = [:]
    /// The parameters of the closures being parsed, innermost last.
    private var closureScope: [String] = []

    init(input: UnsafeBufferPointer<UInt8>, parameters: DatalogParameters, limits: ParserLimits) throws(DatalogError) {
        guard input.count <= limits.maxInputBytes, input.count < Int(UInt32.max) else {
            throw DatalogError(
                .inputTooLarge, "the input is \(input.count) bytes long, more than the limit of \(limits.maxInputBytes)",
                at: SourceLocation(line: 1, column: 1))
        }
        self.input = input
        self.source = try Lexer.tokenize(input, limits: limits)
        self.parameters = parameters
        self.limits = limits
    }

    // MARK: Tokens

    private var current: Token { source.tokens[position] }

    private func lookahead(_ offset: Int) -> Token {
        source.tokens[min(position + offset, source.tokens.count - 1)]
    }

    private mutating func advance() {
        if position < source.tokens.count - 1 { position += 1 }
    }

    private func text(of token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[token.start..<token.end]), as: UTF8.self)
    }

    /// Whether `token` is the word `keyword`, ignoring ASCII case (`keyword` is lowercase).
    private func isWord(_ token: Token, _ keyword: StaticString, caseSensitive: Bool = false) -> Bool {
        guard token.kind == .name, token.end - token.start == keyword.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: keyword.utf8Start, count: keyword.utf8CodeUnitCount)
        for offset in 0..<expected.count {
            let byte = input[token.start + offset]
            if (caseSensitive ? byte : byte | 0x20) != expected[offset] { return false }
        }
        return true
    }

    /// An error at the current token: what was expected there.
    private func expected(_ what: String) -> DatalogError {
        let token = current
        if token.kind == .endOfInput {
            return DatalogError(.unexpectedEndOfInput, "expected \(what)", at: token.location)
        }
        return DatalogError(.unexpectedToken, "expected \(what)", at: token.location)
    }

    private mutating func expect(_ kind: TokenKind, _ what: String) throws(DatalogError) {
        guard current.kind == kind else { throw expected(what) }
        advance()
    }

    private mutating func enterNesting(at location: SourceLocation) throws(DatalogError) {
        depth += 1
        guard depth <= limits.maxNestingDepth else {
            throw DatalogError(
                .nestingTooDeep, "nesting deeper than the limit of \(limits.maxNestingDepth) levels", at: location)
        }
    }

    private mutating func leaveNesting() { depth -= 1 }

    // MARK: Programs and statements

    mutating func parseProgram() throws(DatalogError) -> Program {
        var program = Program()
        var isFirst = true
        while current.kind != .endOfInput {
            if isWord(current, "trusting"), lookahead(1).kind != .leftParen {
                guard isFirst else {
                    throw DatalogError(
                        .unexpectedToken, "a block's 'trusting' clause must come before its first statement",
                        at: current.location)
                }
                advance()
                program.scopes = try parseScopes()
            } else {
                try parseStatement(into: &program)
            }
            isFirst = false
            if current.kind == .semicolon {
                advance()
            } else if current.kind != .endOfInput {
                throw expected("';' after the statement")
            }
        }
        return program
    }

    /// Parses one statement that must make up the whole input, with an optional final `;`.
    mutating func parseSingleStatement() throws(DatalogError) -> Program {
        var program = Program()
        try parseStatement(into: &program)
        try expectEnd(after: "the statement")
        return program
    }

    mutating func expectEnd(after what: String) throws(DatalogError) {
        if current.kind == .semicolon { advance() }
        guard current.kind == .endOfInput else { throw expected("the end of the input after \(what)") }
    }

    private mutating func parseStatement(into program: inout Program) throws(DatalogError) {
        let first = current
        guard first.kind == .name else {
            throw expected("a fact, a rule, a check or a policy")
        }
        let second = lookahead(1)
        if isWord(first, "check"), isWord(second, "if") || isWord(second, "all") {
            advance()
            advance()
            let kind: Check.Kind = isWord(second, "if") ? .one : .all
            program.checks.append(Check(kind: kind, queries: try parseQueries()))
        } else if isWord(first, "reject"), isWord(second, "if") {
            advance()
            advance()
            program.checks.append(Check(kind: .reject, queries: try parseQueries()))
        } else if isWord(first, "allow"), isWord(second, "if") {
            advance()
            advance()
            program.policies.append(Policy(kind: .allow, queries: try parseQueries()))
        } else if isWord(first, "deny"), isWord(second, "if") {
            advance()
            advance()
            program.policies.append(Policy(kind: .deny, queries: try parseQueries()))
        } else {
            variableLocations.removeAll(keepingCapacity: true)
            closureParameterLocations.removeAll(keepingCapacity: true)
            let head = try parsePredicate(allowsEmpty: true)
            if current.kind == .ruleArrow {
                advance()
                let (body, expressions, scopes) = try parseRuleBody()
                let rule = Rule(head: head, body: body, expressions: expressions, scopes: scopes)
                try validate(rule)
                program.rules.append(rule)
            } else {
                program.facts.append(try makeFact(head, at: first.location))
            }
        }
    }

    private func makeFact(_ predicate: Predicate, at location: SourceLocation) throws(DatalogError) -> Fact {
        guard !predicate.terms.isEmpty else {
            if current.kind == .rightParen || current.kind == .semicolon || current.kind == .endOfInput {
                throw DatalogError(.invalidFact, "a fact needs at least one term", at: location)
            }
            throw expected("'<-' after the head of a rule")
        }
        for term in predicate.terms where !term.isGround {
            if case .variable(let name) = term {
                throw DatalogError(
                    .invalidFact, "variables are not allowed in facts: $\(name) makes this a rule without a body",
                    at: variableLocations[name] ?? location)
            }
        }
        if current.kind != .semicolon, current.kind != .endOfInput {
            throw expected("';' or '<-' after the predicate")
        }
        return Fact(predicate: predicate)
    }

    /// Runs the safety checks of a rule or query, reporting the offending variable's position.
    private func validate(_ rule: Rule) throws(DatalogError) {
        if let issue = rule.firstVariableIssue() {
            var error = issue.error
            switch issue {
            case .unbound(let name): error.location = variableLocations[name]
            case .shadowed(let name): error.location = closureParameterLocations[name]
            }
            throw error
        }
    }

    /// `body ("or" body)*`, each body becoming a query whose head is `query()`.
    private mutating func parseQueries() throws(DatalogError) -> [Rule] {
        var queries: [Rule] = []
        repeat {
            if !queries.isEmpty { advance() }
            variableLocations.removeAll(keepingCapacity: true)
            closureParameterLocations.removeAll(keepingCapacity: true)
            let (body, expressions, scopes) = try parseRuleBody()
            let query = Rule(head: Predicate(name: "query", terms: []), body: body, expressions: expressions, scopes: scopes)
            try validate(query)
            queries.append(query)
        } while isWord(current, "or")
        return queries
    }

    private mutating func parseRuleBody() throws(DatalogError) -> ([Predicate], [Expression], [Scope]) {
        var predicates: [Predicate] = []
        var expressions: [Expression] = []
        repeat {
            if !predicates.isEmpty || !expressions.isEmpty { advance() }
            if current.kind == .name, lookahead(1).kind == .leftParen {
                predicates.append(try parsePredicate(allowsEmpty: false))
            } else {
                var ops: [Op] = []
                try parseExpression(into: &ops)
                expressions.append(Expression(ops: ops))
            }
        } while current.kind == .comma
        var scopes: [Scope] = []
        if isWord(current, "trusting") {
            advance()
            scopes = try parseScopes()
        }
        return (predicates, expressions, scopes)
    }

    private mutating func parseScopes() throws(DatalogError) -> [Scope] {
        var scopes: [Scope] = []
        repeat {
            if !scopes.isEmpty { advance() }
            let token = current
            if isWord(token, "authority", caseSensitive: true) {
                scopes.append(.authority)
            } else if isWord(token, "previous", caseSensitive: true) {
                scopes.append(.previous)
            } else if token.kind == .publicKey {
                scopes.append(.publicKey(source.keys[Int(token.value)]))
            } else if token.kind == .parameter {
                let name = text(of: token)
                switch parameters[name] {
                case .publicKey(let key)?:
                    scopes.append(.publicKey(key))
                case .term?:
                    throw DatalogError(
                        .invalidParameter, "the parameter {\(name)} stands in a 'trusting' clause and needs a public key, not a term",
                        at: token.location)
                case nil:
                    throw DatalogError(.missingParameter, "no value was supplied for the parameter {\(name)}", at: token.location)
                }
            } else {
                throw expected("'authority', 'previous' or a public key such as 'ed25519/…' after 'trusting'")
            }
            advance()
        } while current.kind == .comma
        return scopes
    }

    /// A lone key literal, for ``PublicKeyLiteral/init(parsing:)``.
    mutating func parsePublicKey() throws(DatalogError) -> PublicKeyLiteral {
        guard current.kind == .publicKey else { throw expected("a public key such as 'ed25519/…' or 'secp256r1/…'") }
        let key = source.keys[Int(current.value)]
        advance()
        guard current.kind == .endOfInput else { throw expected("the end of the input after the public key") }
        return key
    }

    /// `name(term, …)`; only a rule's head may have no term.
    private mutating func parsePredicate(allowsEmpty: Bool) throws(DatalogError) -> Predicate {
        let nameToken = current
        guard nameToken.kind == .name else { throw expected("a predicate name") }
        let name = text(of: nameToken)
        advance()
        try expect(.leftParen, "'(' after the name '\(name)'")
        var terms: [Term] = []
        if current.kind == .rightParen {
            guard allowsEmpty else {
                throw DatalogError(.unexpectedToken, "expected a term: a predicate of a rule body needs at least one", at: current.location)
            }
            advance()
            return Predicate(name: name, terms: terms)
        }
        while true {
            terms.append(try parseTerm(.predicate))
            if current.kind == .comma {
                advance()
            } else if current.kind == .rightParen {
                advance()
                return Predicate(name: name, terms: terms)
            } else {
                throw expected("',' or ')' after a term")
            }
        }
    }

    // MARK: Terms

    /// Where a term stands, which decides what it may be.
    enum TermContext {
        /// In a predicate: variables allowed.
        case predicate
        /// In an array or a map value: no variables.
        case ground
        /// In a set: no variables, sets or arrays.
        case setElement
        /// As an operand in an expression.
        case expression
    }

    mutating func parseTerm(_ context: TermContext) throws(DatalogError) -> Term {
        let token = current
        switch token.kind {
        case .variable:
            let name = text(of: token)
            switch context {
            case .predicate, .expression:
                if variableLocations[name] == nil { variableLocations[name] = token.location }
                advance()
                return .variable(name)
            case .ground:
                throw DatalogError(.unexpectedToken, "variables are not allowed in arrays and maps", at: token.location)
            case .setElement:
                throw DatalogError(.invalidSet, "variables are not allowed in sets", at: token.location)
            }
        case .integer:
            guard token.value <= UInt64(Int64.max) else {
                throw DatalogError(.integerOverflow, "integer literal out of the 64-bit signed range", at: token.location)
            }
            advance()
            return .integer(Int64(token.value))
        case .minus where lookahead(1).kind == .integer && lookahead(1).start == token.end:
            let digits = lookahead(1)
            advance()
            advance()
            if digits.value == 1 << 63 { return .integer(.min) }
            return .integer(-Int64(digits.value))
        case .string:
            advance()
            return .string(source.strings[Int(token.value)])
        case .date:
            advance()
            return .date(token.value)
        case .bytes:
            advance()
            return .bytes(source.byteStrings[Int(token.value)])
        case .name where isWord(token, "true", caseSensitive: true):
            advance()
            return .bool(true)
        case .name where isWord(token, "false", caseSensitive: true):
            advance()
            return .bool(false)
        case .name where isWord(token, "null", caseSensitive: true):
            advance()
            return .null
        case .parameter:
            let value = try parameterTerm(token)
            advance()
            return value
        case .leftBracket:
            if context == .setElement {
                throw DatalogError(.invalidSet, "arrays are not allowed in sets", at: token.location)
            }
            return try parseArray()
        case .leftBrace:
            return try parseSetOrMap(context)
        default:
            throw expected(context == .expression ? "a term, a variable, '(' or '!'" : "a term")
        }
    }

    /// The value of a `{name}` parameter in a term position.
    private func parameterTerm(_ token: Token) throws(DatalogError) -> Term {
        let name = text(of: token)
        switch parameters[name] {
        case .term(let term)?:
            guard term.isGround else {
                throw DatalogError(
                    .invalidParameter, "the value of the parameter {\(name)} must not contain variables", at: token.location)
            }
            return term
        case .publicKey?:
            throw DatalogError(
                .invalidParameter, "the parameter {\(name)} stands for a term and needs a term value, not a public key",
                at: token.location)
        case nil:
            // `{true}`, `{false}` and `{null}` are one-element sets unless a parameter of that name was supplied.
            switch name {
            case "true": return .set(TermSet([.bool(true)]))
            case "false": return .set(TermSet([.bool(false)]))
            case "null": return .set(TermSet([.null]))
            default: break
            }
            throw DatalogError(.missingParameter, "no value was supplied for the parameter {\(name)}", at: token.location)
        }
    }

    private mutating func parseArray() throws(DatalogError) -> Term {
        let open = current
        try enterNesting(at: open.location)
        defer { leaveNesting() }
        advance()
        var elements: [Term] = []
        if current.kind == .rightBracket {
            advance()
            return .array(elements)
        }
        while true {
            elements.append(try parseTerm(.ground))
            if current.kind == .comma {
                advance()
            } else if current.kind == .rightBracket {
                advance()
                return .array(elements)
            } else {
                throw expected("',' or ']' after an array element")
            }
        }
    }

    /// `{,}` (empty set), `{}` (empty map), `{k: v, …}` (map) or `{a, b, …}` (set).
    private mutating func parseSetOrMap(_ context: TermContext) throws(DatalogError) -> Term {
        let open = current
        try enterNesting(at: open.location)
        defer { leaveNesting() }
        advance()
        if current.kind == .rightBrace {
            advance()
            return .map(TermMap([]))
        }
        if current.kind == .comma, lookahead(1).kind == .rightBrace {
            advance()
            advance()
            return .set(TermSet([]))
        }
        let isNegativeKey = current.kind == .minus && lookahead(1).kind == .integer
        if lookahead(isNegativeKey ? 2 : 1).kind == .colon {
            return try parseMapEntries()
        }
        if context == .setElement {
            throw DatalogError(.invalidSet, "sets cannot contain other sets", at: open.location)
        }
        var elements: [Term] = []
        var elementType: String?
        while true {
            let elementToken = current
            let element = try parseTerm(.setElement)
            switch element {
            case .variable, .set, .array:
                throw DatalogError(
                    .invalidSet, "sets can hold only integers, strings, dates, byte strings, booleans, null or maps",
                    at: elementToken.location)
            default:
                break
            }
            if let elementType, elementType != element.typeName {
                throw DatalogError(.invalidSet, "set elements must all have the same type", at: elementToken.location)
            }
            elementType = element.typeName
            elements.append(element)
            if current.kind == .comma {
                advance()
            } else if current.kind == .rightBrace {
                advance()
                return .set(TermSet(elements))
            } else {
                throw expected("',' or '}' after a set element")
            }
        }
    }

    private mutating func parseMapEntries() throws(DatalogError) -> Term {
        var entries: [(MapKey, Term)] = []
        while true {
            let keyToken = current
            let key: MapKey
            switch try parseTerm(.ground) {
            case .integer(let value): key = .integer(value)
            case .string(let value): key = .string(value)
            default:
                throw DatalogError(.unexpectedToken, "map keys must be integers or strings", at: keyToken.location)
            }
            try expect(.colon, "':' after a map key")
            entries.append((key, try parseTerm(.ground)))
            if current.kind == .comma {
                advance()
            } else if current.kind == .rightBrace {
                advance()
                return .map(TermMap(entries))
            } else {
                throw expected("',' or '}' after a map entry")
            }
        }
    }

    // MARK: Expressions

    /// Parses an expression, appending its postfix operations to `ops`.
    mutating func parseExpression(into ops: inout [Op]) throws(DatalogError) {
        try enterNesting(at: current.location)
        defer { leaveNesting() }
        try parseLevel(0, into: &ops)
    }

    private static func comparison(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .less: return .lessThan
        case .greater: return .greaterThan
        case .lessEqual: return .lessOrEqual
        case .greaterEqual: return .greaterOrEqual
        case .strictEqual: return .equal
        case .strictNotEqual: return .notEqual
        case .equal: return .heterogeneousEqual
        case .notEqual: return .heterogeneousNotEqual
        default: return nil
        }
    }

    /// The left-associative operator of `kind` at precedence `level` (3 to 7), if any.
    private static func arithmetic(_ kind: TokenKind, level: Int) -> BinaryOperator? {
        switch (level, kind) {
        case (3, .caret): return .bitwiseXor
        case (4, .pipe): return .bitwiseOr
        case (5, .ampersand): return .bitwiseAnd
        case (6, .plus): return .add
        case (6, .minus): return .sub
        case (7, .star): return .mul
        case (7, .slash): return .div
        default: return nil
        }
    }

    /// Precedence climbing over the binary levels: 0 `||`, 1 `&&`, 2 comparisons, 3 `^`, 4 `|`, 5 `&`,
    /// 6 `+ -`, 7 `* /`, 8 prefix `!` and postfix method calls.
    private mutating func parseLevel(_ level: Int, into ops: inout [Op]) throws(DatalogError) {
        if level == 8 {
            try parseUnary(into: &ops)
            return
        }
        try parseLevel(level + 1, into: &ops)
        switch level {
        case 0, 1:
            let (kind, op): (TokenKind, BinaryOperator) = level == 0 ? (.orOr, .lazyOr) : (.andAnd, .lazyAnd)
            while current.kind == kind {
                advance()
                var right: [Op] = []
                try parseLevel(level + 1, into: &right)
                ops.append(.closure(parameters: [], ops: right))
                ops.append(.binary(op))
            }
        case 2:
            guard let op = Parser.comparison(current.kind) else { return }
            advance()
            try parseLevel(3, into: &ops)
            ops.append(.binary(op))
            if Parser.comparison(current.kind) != nil {
                throw DatalogError(
                    .unexpectedToken, "comparison operators cannot be chained: add parentheses, as in '(a < b) == c'",
                    at: current.location)
            }
        default:
            while let op = Parser.arithmetic(current.kind, level: level) {
                advance()
                try parseLevel(level + 1, into: &ops)
                ops.append(.binary(op))
            }
        }
    }

    private mutating func parseUnary(into ops: inout [Op]) throws(DatalogError) {
        guard current.kind == .bang else {
            try parsePostfix(into: &ops)
            return
        }
        try enterNesting(at: current.location)
        defer { leaveNesting() }
        advance()
        // As biscuit-rust: the operand of `!` is parsed at the `+ -` level.
        try parseLevel(6, into: &ops)
        ops.append(.unary(.negate))
    }

    private mutating func parsePrimary(into ops: inout [Op]) throws(DatalogError) {
        let token = current
        switch token.kind {
        case .leftParen:
            try enterNesting(at: token.location)
            defer { leaveNesting() }
            advance()
            try parseLevel(0, into: &ops)
            try expect(.rightParen, "')' to close the parenthesis")
            ops.append(.unary(.parens))
        case .date where lookahead(1).kind == .dot:
            throw DatalogError(
                .invalidDate, "a date used before a method call needs parentheses: '(2023-12-28T00:00:00Z).type()'",
                at: token.location)
        default:
            ops.append(.value(try parseTerm(.expression)))
        }
    }

    private mutating func parsePostfix(into ops: inout [Op]) throws(DatalogError) {
        let receiverStart = ops.count
        try parsePrimary(into: &ops)
        // Each `.try_or` wraps the receiver in one more closure: a chain nests like parentheses.
        var chainLevels = 0
        defer { depth -= chainLevels }
        while current.kind == .dot {
            advance()
            let methodToken = current
            guard methodToken.kind == .name else { throw expected("a method name after '.'") }
            let method = text(of: methodToken)
            advance()
            try expect(.leftParen, "'(' after the method name")
            switch method {
            case "length", "type":
                try expect(.rightParen, "')': '.\(method)()' takes no argument")
                ops.append(.unary(method == "length" ? .length : .typeOf))
            case "contains", "starts_with", "ends_with", "matches", "intersection", "union", "get":
                try parseArgument(of: method, into: &ops)
                let op: BinaryOperator
                switch method {
                case "contains": op = .contains
                case "starts_with": op = .prefix
                case "ends_with": op = .suffix
                case "matches": op = .regex
                case "intersection": op = .intersection
                case "union": op = .union
                default: op = .get
                }
                ops.append(.binary(op))
            case "try_or":
                chainLevels += 1
                try enterNesting(at: methodToken.location)
                let receiver = Array(ops[receiverStart...])
                ops.removeSubrange(receiverStart...)
                ops.append(.closure(parameters: [], ops: receiver))
                try parseArgument(of: method, into: &ops)
                ops.append(.binary(.tryOr))
            case "all", "any":
                try parseClosure(of: method, into: &ops)
                ops.append(.binary(method == "all" ? .all : .any))
            default:
                guard method.hasPrefix("extern::"), method.utf8.count > 8 else {
                    throw DatalogError(
                        .unexpectedToken,
                        "unknown method: expected length, type, contains, starts_with, ends_with, matches, intersection, union, get, try_or, all, any or extern::<name>",
                        at: methodToken.location)
                }
                let name = String(method.dropFirst(8))
                if current.kind == .rightParen {
                    advance()
                    ops.append(.unary(.ffi(name)))
                } else {
                    try parseArgument(of: method, into: &ops)
                    ops.append(.binary(.ffi(name)))
                }
            }
        }
    }

    private mutating func parseArgument(of method: String, into ops: inout [Op]) throws(DatalogError) {
        try parseExpression(into: &ops)
        try expect(.rightParen, "')' after the argument of '.\(method)'")
    }

    /// `$p -> expression)` for `.all` and `.any`.
    private mutating func parseClosure(of method: String, into ops: inout [Op]) throws(DatalogError) {
        let parameterToken = current
        guard parameterToken.kind == .variable else {
            throw expected("a closure parameter such as '$p' in '.\(method)($p -> …)'")
        }
        let parameter = text(of: parameterToken)
        if closureScope.contains(parameter) {
            var error = VariableIssue.shadowed(parameter).error
            error.location = parameterToken.location
            throw error
        }
        if closureParameterLocations[parameter] == nil { closureParameterLocations[parameter] = parameterToken.location }
        advance()
        try expect(.closureArrow, "'->' after the closure parameter")
        var body: [Op] = []
        closureScope.append(parameter)
        defer { closureScope.removeLast() }
        try parseExpression(into: &body)
        try expect(.rightParen, "')' after the closure body of '.\(method)'")
        ops.append(.closure(parameters: [parameter], ops: body))
    }
}
