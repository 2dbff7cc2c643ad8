/// A Datalog world: the facts, rules, checks and policies of a token's blocks and of an authorizer, run to
/// its fixpoint.
///
/// Creating a world loads and validates every statement, tags each fact with its origin, and runs all the
/// rules with semi-naive evaluation under ``RunLimits``. The finished world answers ``authorize()`` (checks,
/// then policies, in the order of the Biscuit specification) and ``query(_:)``; it also lists its facts by
/// origin and its statements by block, for printing.
///
/// ```swift
/// let world = try World(
///     blocks: [World.Block(id: 0, program: authority)],
///     authorizer: authorizerProgram)
/// switch try world.authorize() {
/// case .allowed(let policyIndex): print("allowed by policy \(policyIndex)")
/// case .denied(let policy, let failedChecks): print("denied", policy as Any, failedChecks)
/// }
/// ```
public struct World: Sendable {
    /// The most blocks a world can hold: block ids are `0 ..< maxBlockCount`.
    ///
    /// An origin set is one 64-bit word (63 block bits and the authorizer's), which makes every
    /// visibility test a single AND and keeps a fact's origin 8 bytes. Real tokens carry a handful of
    /// blocks; a chain of more than 63 attenuations is rejected with ``DatalogError/Code/tooManyBlocks``.
    public static let maxBlockCount = 63

    /// The most predicates the body of a rule, check or policy query may have.
    ///
    /// The join recurses once per body predicate, and compiling a rule's semi-naive plans takes time cubic
    /// in its body's length; the limit keeps both small (real rules have a handful of predicates). A larger
    /// statement fails with ``DatalogError/Code/ruleTooLarge``.
    public static let maxBodyPredicates = 64

    /// A token block given to a world: its program and its id (0 for the authority block).
    public struct Block: Hashable, Sendable {
        /// The block's id: 0 for the authority block, then 1, 2, … in token order.
        public var id: Int
        /// The block's facts, rules, checks and block-level `trusting` clause. Policies are ignored.
        public var program: Program

        /// Creates a block.
        ///
        /// - Parameters:
        ///   - id: The block's id, in `0 ..< World.maxBlockCount`; 0 is the authority block.
        ///   - program: The block's statements.
        public init(id: Int, program: Program) {
            self.id = id
            self.program = program
        }
    }

    /// The facts of one origin set.
    public struct FactGroup: Hashable, Sendable {
        /// The origin shared by the facts.
        public var origin: OriginSet
        /// The facts, sorted by name (UTF-8 bytes), then terms in canonical order.
        public var facts: [Fact]
    }

    /// The statements of one block, or of the authorizer.
    public struct StatementGroup<Statement: Hashable & Sendable>: Hashable, Sendable {
        /// The block id, or `nil` for the authorizer.
        public var blockID: Int?
        /// The statements, in source order.
        public var statements: [Statement]
    }

    /// A check compiled with its owner and position.
    struct CompiledCheck: Sendable {
        let blockID: Int?
        let index: Int
        let check: Check
        /// Where its queries start in ``World/queries``.
        let queryStart: Int
        /// Where they end.
        let queryEnd: Int
    }

    /// A policy compiled with its position.
    struct CompiledPolicy: Sendable {
        let index: Int
        let policy: Policy
        /// Where its queries start in ``World/queries``.
        let queryStart: Int
        /// Where they end.
        let queryEnd: Int
    }

    /// The engine after the fixpoint.
    private let engine: Engine
    /// The blocks, sorted by id.
    private let blocks: [Block]
    /// The authorizer's program.
    private let authorizer: Program
    /// The bits of the blocks signed by each key.
    private let keyBits: [PublicKeyLiteral: UInt64]
    /// Authorizer checks, authority checks, policies and other blocks' checks, compiled.
    private let authorizerChecks: [CompiledCheck]
    private let authorityChecks: [CompiledCheck]
    private let compiledPolicies: [CompiledPolicy]
    private let blockChecks: [CompiledCheck]
    /// The compiled queries of every check and policy.
    private let queries: [CompiledRule]
    /// How long the fixpoint took.
    private let runDuration: Duration

    /// Loads blocks and an authorizer program and runs the world to its fixpoint.
    ///
    /// - Parameters:
    ///   - blocks: The token's blocks; ids must be distinct and in `0 ..< World.maxBlockCount`.
    ///   - authorizer: The authorizer's facts, rules, checks and policies.
    ///   - trustedKeys: For each public key a `trusting` clause may name, the ids of the blocks signed by it
    ///     (the token layer computes this from the blocks' external signatures).
    ///   - externs: The host functions of `.extern::name`.
    ///   - limits: The run limits.
    /// - Throws: ``DatalogError`` with code ``DatalogError/Code/invalidFact``,
    ///   ``DatalogError/Code/unsafeRule``, ``DatalogError/Code/ruleTooLarge`` or
    ///   ``DatalogError/Code/nestingTooDeep`` for a statement that cannot be evaluated,
    ///   ``DatalogError/Code/tooManyBlocks`` or ``DatalogError/Code/duplicateBlockID`` for bad block ids,
    ///   the first evaluation error of a rule, or an exceeded limit.
    /// - Complexity: The fixpoint's cost: each iteration joins only the previous iteration's new facts.
    public init(
        blocks: [Block], authorizer: Program = Program(), trustedKeys: [PublicKeyLiteral: [Int]] = [:],
        externs: ExternFunctions = ExternFunctions(), limits: RunLimits = RunLimits()
    ) throws(DatalogError) {
        let clock = ContinuousClock()
        guard blocks.count <= Self.maxBlockCount else {
            throw DatalogError(
                .tooManyBlocks, "a world holds at most \(Self.maxBlockCount) blocks, not \(blocks.count)")
        }
        var seen = Set<Int>()
        for block in blocks {
            guard block.id >= 0 && block.id < Self.maxBlockCount else {
                throw DatalogError(
                    .tooManyBlocks, "block id \(block.id) is outside 0..<\(Self.maxBlockCount)")
            }
            guard seen.insert(block.id).inserted else {
                throw DatalogError(.duplicateBlockID, "two blocks have the id \(block.id)")
            }
        }
        let sortedBlocks = blocks.sorted { $0.id < $1.id }
        let keyBits =
            trustedKeys.isEmpty
            ? [:] : trustedKeys.mapValues { ids in OriginSet(blockIDs: ids.filter(seen.contains)).rawValue }

        // Statements that are plainly loadable (ground facts, small closure-free rules) are only checked for
        // unbound variables while compiling, where each variable gets its slot anyway; anything else, or an
        // unbound variable found there, runs the full validation, which throws the precise error.
        var validated = false
        if !(sortedBlocks.allSatisfy { Self.isPlainlyLoadable($0.program) } && Self.isPlainlyLoadable(authorizer)) {
            try Self.validateAll(sortedBlocks, authorizer)
            validated = true
        }

        var engine = Engine(externs: externs, limits: limits)
        for block in sortedBlocks {
            for fact in block.program.facts { engine.addFact(fact, origin: 1 << UInt64(block.id)) }
        }
        for fact in authorizer.facts { engine.addFact(fact, origin: OriginSet.authorizerBit) }

        var ruleCount = authorizer.rules.count
        for block in sortedBlocks { ruleCount += block.program.rules.count }
        engine.rules.reserveCapacity(ruleCount)
        for block in sortedBlocks {
            for rule in block.program.rules {
                let trusted = Self.trusted(rule.scopes, block.program.scopes, blockID: block.id, keyBits: keyBits)
                engine.rules.append(engine.compile(rule, blockBit: 1 << UInt64(block.id), trusted: trusted))
            }
        }
        for rule in authorizer.rules {
            let trusted = Self.trusted(rule.scopes, authorizer.scopes, blockID: nil, keyBits: keyBits)
            engine.rules.append(engine.compile(rule, blockBit: OriginSet.authorizerBit, trusted: trusted))
        }

        var queries: [CompiledRule] = []
        var queryCount = 0
        for block in sortedBlocks { for check in block.program.checks { queryCount += check.queries.count } }
        for check in authorizer.checks { queryCount += check.queries.count }
        for policy in authorizer.policies { queryCount += policy.queries.count }
        queries.reserveCapacity(queryCount)
        var authorizerChecks: [CompiledCheck] = []
        authorizerChecks.reserveCapacity(authorizer.checks.count)
        Self.compileChecks(
            authorizer, blockID: nil, keyBits: keyBits, &engine, &queries, into: &authorizerChecks)
        var authorityChecks: [CompiledCheck] = []
        var blockChecks: [CompiledCheck] = []
        for block in sortedBlocks {
            if block.id == 0 {
                Self.compileChecks(
                    block.program, blockID: 0, keyBits: keyBits, &engine, &queries, into: &authorityChecks)
            } else {
                Self.compileChecks(
                    block.program, blockID: block.id, keyBits: keyBits, &engine, &queries, into: &blockChecks)
            }
        }
        var compiledPolicies: [CompiledPolicy] = []
        compiledPolicies.reserveCapacity(authorizer.policies.count)
        for index in authorizer.policies.indices {
            let policy = authorizer.policies[index]
            let (start, end) = Self.compileQueries(
                policy.queries, authorizer, blockID: nil, keyBits: keyBits, &engine, &queries)
            compiledPolicies.append(CompiledPolicy(index: index, policy: policy, queryStart: start, queryEnd: end))
        }

        if engine.sawUnboundVariable && !validated { try Self.validateAll(sortedBlocks, authorizer) }

        let runStart = clock.now
        try engine.run(deadline: runStart.advanced(by: limits.maxTime))
        self.engine = engine
        self.blocks = sortedBlocks
        self.authorizer = authorizer
        self.keyBits = keyBits
        self.authorizerChecks = authorizerChecks
        self.authorityChecks = authorityChecks
        self.blockChecks = blockChecks
        self.compiledPolicies = compiledPolicies
        self.queries = queries
        runDuration = runStart.duration(to: clock.now)
    }

    /// Compiles `rules`, queries of a check or policy of `program` (block `blockID`, `nil`: the authorizer),
    /// at the end of `queries`, and returns their range there.
    private static func compileQueries(
        _ rules: [Rule], _ program: Program, blockID: Int?, keyBits: [PublicKeyLiteral: UInt64],
        _ engine: inout Engine, _ queries: inout [CompiledRule]
    ) -> (Int, Int) {
        let start = queries.count
        let blockBit = blockID.map { 1 << UInt64($0) } ?? OriginSet.authorizerBit
        for query in rules {
            queries.append(
                engine.compile(
                    query, blockBit: blockBit,
                    trusted: trusted(query.scopes, program.scopes, blockID: blockID, keyBits: keyBits),
                    isQuery: true))
        }
        return (start, queries.count)
    }

    /// Compiles the checks of `program` (block `blockID`, `nil`: the authorizer) into `checks`, their
    /// queries into `queries`.
    private static func compileChecks(
        _ program: Program, blockID: Int?, keyBits: [PublicKeyLiteral: UInt64], _ engine: inout Engine,
        _ queries: inout [CompiledRule], into checks: inout [CompiledCheck]
    ) {
        for index in program.checks.indices {
            let check = program.checks[index]
            let (start, end) = compileQueries(check.queries, program, blockID: blockID, keyBits: keyBits, &engine, &queries)
            checks.append(CompiledCheck(blockID: blockID, index: index, check: check, queryStart: start, queryEnd: end))
        }
    }

    // MARK: Trust

    /// The origins a statement of block `blockID` (`nil`: the authorizer) trusts.
    ///
    /// The statement's own `trusting` clause replaces its block's; without either, it trusts the authority
    /// block, its own block and the authorizer. With a clause it trusts its own block, the authorizer and
    /// what the clause names: `authority` is block 0, `previous` blocks `0...blockID` (nothing in the
    /// authorizer), a public key the blocks signed by it.
    static func trusted(
        _ statementScopes: [Scope], _ blockScopes: [Scope], blockID: Int?, keyBits: [PublicKeyLiteral: UInt64]
    ) -> UInt64 {
        let own = blockID.map { UInt64(1) << UInt64($0) } ?? OriginSet.authorizerBit
        let scopes = statementScopes.isEmpty ? blockScopes : statementScopes
        if scopes.isEmpty { return own | 1 | OriginSet.authorizerBit }
        var bits = own | OriginSet.authorizerBit
        for scope in scopes {
            switch scope {
            case .authority:
                bits |= 1
            case .previous:
                if let blockID { bits |= (blockID >= 63 ? ~0 : (UInt64(1) << UInt64(blockID + 1)) - 1) & ~OriginSet.authorizerBit }
            case .publicKey(let key):
                bits |= keyBits[key] ?? 0
            }
        }
        return bits
    }

    // MARK: Validation

    /// Validates the blocks' programs in order, then the authorizer's; an error about a block's statement
    /// carries the block's id (``DatalogError/blockID``).
    private static func validateAll(_ sortedBlocks: [Block], _ authorizer: Program) throws(DatalogError) {
        for block in sortedBlocks {
            do {
                try validate(block.program, blockID: block.id)
            } catch {
                var error = error
                error.blockID = block.id
                throw error
            }
        }
        try validate(authorizer, blockID: nil)
    }

    /// Whether every fact of `program` is ground and every rule, check and policy query is small enough
    /// and has no closure and no head term that is a collection holding variables: then ``validate(_:blockID:)``
    /// can only reject it for an unbound variable, which ``Engine/compile(_:blockBit:trusted:isQuery:)``
    /// notices (``Engine/sawUnboundVariable``). Allocates nothing.
    static func isPlainlyLoadable(_ program: Program) -> Bool {
        func isGround(_ term: Term) -> Bool {
            switch term {
            case .variable: return false
            case .integer, .string, .date, .bytes, .bool, .null, .set: return true
            case .array, .map: return term.isGround
            }
        }
        func isPlain(_ rule: Rule) -> Bool {
            guard rule.body.count <= maxBodyPredicates else { return false }
            for term in rule.head.terms {
                if case .variable = term { continue }
                if !isGround(term) { return false }
            }
            for expression in rule.expressions {
                for case .closure in expression.ops { return false }
            }
            return true
        }
        for fact in program.facts {
            for term in fact.predicate.terms where !isGround(term) { return false }
        }
        for rule in program.rules where !isPlain(rule) { return false }
        for check in program.checks {
            for query in check.queries where !isPlain(query) { return false }
        }
        for policy in program.policies {
            for query in policy.queries where !isPlain(query) { return false }
        }
        return true
    }

    /// Rejects facts that hold variables and rules (and check or policy queries) that use a variable that no
    /// body predicate binds.
    static func validate(_ program: Program, blockID: Int?) throws(DatalogError) {
        let place = blockID.map { "block \($0)" } ?? "the authorizer"
        for (index, fact) in program.facts.enumerated() where !fact.predicate.terms.allSatisfy(\.isGround) {
            throw DatalogError(
                .invalidFact,
                "\(place), fact \(index) ('\(fact.predicate.name)'): a fact cannot hold variables")
        }
        for (index, rule) in program.rules.enumerated() {
            try validate(rule) { "\(place), rule \(index)" }
        }
        for (index, check) in program.checks.enumerated() {
            for rule in check.queries { try validate(rule) { "\(place), check \(index)" } }
        }
        for (index, policy) in program.policies.enumerated() {
            for rule in policy.queries { try validate(rule) { "\(place), policy \(index)" } }
        }
    }

    /// Rejects a rule whose head or expressions use a variable that no body predicate binds (the parser's
    /// ``Rule/validateVariables()``, as biscuit-rust checks a token's rules when it loads them); the error
    /// message says which statement it was.
    static func validate(_ rule: Rule, _ place: () -> String) throws(DatalogError) {
        if isPlainlySafe(rule) { return }
        do throws(DatalogError) {
            guard rule.body.count <= maxBodyPredicates else {
                throw DatalogError(
                    .ruleTooLarge,
                    "the rule has \(rule.body.count) body predicates, more than the limit of \(maxBodyPredicates)")
            }
            try rule.validateVariables()
            for term in rule.head.terms where !term.isGround {
                guard case .variable = term else {
                    throw DatalogError(
                        .unsafeRule,
                        "the head of '\(rule.head.name)' holds a variable inside a collection; a head term must be "
                            + "a variable or a value without variables")
                }
            }
            for expression in rule.expressions { try expression.checkClosureDepth() }
        } catch {
            throw DatalogError(error.code, "\(place()): \(error.message); in \(rule)")
        }
    }

    /// Whether `rule` certainly passes ``validate(_:_:)``, decided without allocating: a small rule with
    /// no closure whose head terms are ground or body variables and whose expressions name only body
    /// variables (names compared by bytes). `false` means "not proven", and the full validation decides.
    static func isPlainlySafe(_ rule: Rule) -> Bool {
        guard rule.body.count <= 8 else { return false }
        func isBodyVariable(_ name: String) -> Bool {
            for predicate in rule.body {
                for case .variable(let bound) in predicate.terms where utf8Equal(bound, name) { return true }
            }
            return false
        }
        for term in rule.head.terms {
            switch term {
            case .variable(let name): if !isBodyVariable(name) { return false }
            case .integer, .string, .date, .bytes, .bool, .null, .set: continue
            case .array, .map: if !term.isGround { return false }
            }
        }
        for expression in rule.expressions {
            for op in expression.ops {
                switch op {
                case .value(.variable(let name)): if !isBodyVariable(name) { return false }
                case .value, .unary, .binary: continue
                case .closure: return false
                }
            }
        }
        return true
    }

    // MARK: Authorization

    /// Runs the checks and policies over the world, in the order of the Biscuit specification.
    ///
    /// The authorizer's checks run first, in order, then the authority block's (block 0), then the policies
    /// in order until one has a matching query, then the checks of blocks 1, 2, …. Every failed check is
    /// collected. `check if` passes when one of its queries matches; `check all` when one of its queries has
    /// at least one match and all of that query's matches satisfy its expressions; `reject if` fails only
    /// when *every* one of its queries matches (biscuit-rust's behaviour; the specification's text says
    /// "any", see NOTES §7, and no sample decides; a single-query `reject if` is the same either way).
    ///
    /// The time budget is what the fixpoint left of ``RunLimits/maxTime``.
    ///
    /// - Returns: ``AuthorizationResult/allowed(policyIndex:)`` when an `allow` policy matched and no check
    ///   failed, else ``AuthorizationResult/denied(policy:failedChecks:)``.
    /// - Throws: The first evaluation error of a check or policy (it aborts the authorization), or
    ///   ``DatalogError/Code/timeout``.
    public func authorize() throws(DatalogError) -> AuthorizationResult {
        var engine = self.engine
        let remaining = engine.limits.maxTime - runDuration
        let deadline = ContinuousClock.now.advanced(by: remaining > .zero ? remaining : .zero)
        var failed: [FailedCheck] = []
        func run(_ checks: [CompiledCheck]) throws(DatalogError) {
            for compiled in checks where try !Self.passes(compiled, queries, &engine, deadline) {
                if let blockID = compiled.blockID {
                    failed.append(.block(blockID: blockID, checkIndex: compiled.index, check: compiled.check))
                } else {
                    failed.append(.authorizer(checkIndex: compiled.index, check: compiled.check))
                }
            }
        }
        try run(authorizerChecks)
        try run(authorityChecks)
        var matched: MatchedPolicy?
        policies: for compiled in compiledPolicies {
            for query in compiled.queryStart..<compiled.queryEnd where try engine.exists(queries[query], deadline: deadline) {
                matched = MatchedPolicy(kind: compiled.policy.kind, index: compiled.index)
                break policies
            }
        }
        try run(blockChecks)
        if let matched, matched.kind == .allow, failed.isEmpty { return .allowed(policyIndex: matched.index) }
        return .denied(policy: matched, failedChecks: failed)
    }

    private static func passes(
        _ compiled: CompiledCheck, _ queries: [CompiledRule], _ engine: inout Engine,
        _ deadline: ContinuousClock.Instant
    ) throws(DatalogError) -> Bool {
        for position in compiled.queryStart..<compiled.queryEnd {
            let query = queries[position]
            let passes: Bool
            switch compiled.check.kind {
            case .one: passes = try engine.exists(query, deadline: deadline)
            case .all: passes = try engine.holdsForAll(query, deadline: deadline)
            case .reject: passes = try !engine.exists(query, deadline: deadline)
            }
            if passes { return true }
        }
        return false
    }

    // MARK: Queries

    /// The facts a rule produces over the finished world, as if it were an authorizer rule.
    ///
    /// Without its own `trusting` clause the rule sees the authority block's and the authorizer's facts
    /// (and facts derived from only those); with one, what the clause names plus the authorizer. The world
    /// does not change.
    ///
    /// - Parameter rule: The rule; its head variables must appear in body predicates.
    /// - Returns: The distinct head facts, sorted by name (UTF-8 bytes) and then terms in canonical order.
    /// - Throws: ``DatalogError/Code/unsafeRule`` for an unsafe rule, the first evaluation error, or
    ///   ``DatalogError/Code/timeout`` (the budget is ``RunLimits/maxTime``).
    public func query(_ rule: Rule) throws(DatalogError) -> [Fact] {
        try query(
            rule, trusting: OriginSet(rawValue: Self.trusted(rule.scopes, [], blockID: nil, keyBits: keyBits)))
    }

    /// The facts a rule produces over the finished world, seeing only facts whose origin is a subset of
    /// `origins`.
    ///
    /// - Parameters:
    ///   - rule: The rule; its own `trusting` clause is ignored.
    ///   - origins: The origins whose facts the rule may see.
    /// - Returns: The distinct head facts, sorted by name (UTF-8 bytes) and then terms in canonical order.
    /// - Throws: ``DatalogError/Code/unsafeRule`` for an unsafe rule, the first evaluation error, or
    ///   ``DatalogError/Code/timeout`` (the budget is ``RunLimits/maxTime``).
    public func query(_ rule: Rule, trusting origins: OriginSet) throws(DatalogError) -> [Fact] {
        try Self.validate(rule) { "the query" }
        var engine = self.engine
        let compiled = engine.compile(
            rule, blockBit: OriginSet.authorizerBit, trusted: origins.rawValue, isQuery: true)
        let rows = try engine.collect(compiled, deadline: ContinuousClock.now.advanced(by: engine.limits.maxTime))
        var seen = Set<[UInt32]>()
        var facts: [Fact] = []
        for row in rows where seen.insert(row.values).inserted {
            facts.append(Fact(rule.head.name, row.values.map { engine.terms[$0] }))
        }
        return facts.sorted(by: Self.factOrder)
    }

    // MARK: Contents

    /// The number of (origin, fact) entries after the fixpoint.
    public var factCount: Int { engine.factCount }

    /// The number of iterations of the fixpoint that added facts.
    public var iterations: Int { engine.iterations }

    /// The facts, grouped by origin set (groups in ``OriginSet`` order).
    public var facts: [FactGroup] {
        var groups: [UInt64: [Fact]] = [:]
        for relation in engine.relations {
            for row in 0..<relation.count {
                let terms = (0..<relation.arity).map { engine.terms[relation.values[row * relation.stride + $0]] }
                groups[relation.origin(of: row), default: []].append(Fact(relation.name, terms))
            }
        }
        return groups.map { FactGroup(origin: OriginSet(rawValue: $0.key), facts: $0.value.sorted(by: Self.factOrder)) }
            .sorted { $0.origin < $1.origin }
    }

    /// The rules of each block that has some, then the authorizer's.
    public var rules: [StatementGroup<Rule>] {
        groups(\.rules)
    }

    /// The checks of each block that has some, then the authorizer's.
    public var checks: [StatementGroup<Check>] {
        groups(\.checks)
    }

    /// The authorizer's policies, in order.
    public var policies: [Policy] { authorizer.policies }

    private func groups<Statement>(_ path: KeyPath<Program, [Statement]>) -> [StatementGroup<Statement>] {
        var result = blocks.filter { !$0.program[keyPath: path].isEmpty }.map {
            StatementGroup(blockID: $0.id, statements: $0.program[keyPath: path])
        }
        if !authorizer[keyPath: path].isEmpty {
            result.append(StatementGroup(blockID: nil, statements: authorizer[keyPath: path]))
        }
        return result
    }

    /// Orders facts by name (UTF-8 bytes), then arity, then terms in canonical order.
    static func factOrder(_ lhs: Fact, _ rhs: Fact) -> Bool {
        let (left, right) = (lhs.predicate, rhs.predicate)
        if !left.name.utf8.elementsEqual(right.name.utf8) {
            return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
        return left.terms.lexicographicallyPrecedes(right.terms, by: Term.canonicalOrder)
    }
}
