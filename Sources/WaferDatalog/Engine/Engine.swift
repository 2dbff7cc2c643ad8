/// What the join does with each complete match.
enum MatchMode: Sendable {
    /// Insert the head fact (fixpoint).
    case derive
    /// Stop at the first match whose expressions all hold (`check if`, policies).
    case exists
    /// Count matches; stop at the first whose expressions do not all hold (`check all`).
    case forAll
    /// Collect the head fact of every match whose expressions all hold (queries).
    case collect
}

/// The evaluation engine of one world: interned terms, relations, compiled rules, and the fixpoint.
///
/// A value type with mutating methods, so the hot path has no class indirection and no dynamic
/// exclusivity checks; ``World`` keeps the finished engine and copies it (copy-on-write) for each query.
struct Engine: Sendable {
    /// The interned terms.
    var terms = TermTable()
    /// The relations, by id.
    var relations: [Relation] = []
    /// The hash indexes joins asked for, of every relation (each relation chains its own).
    var indexes: [ColumnIndex] = []
    /// The id of each relation, by hash of its name's UTF-8 bytes and its arity.
    var relationIDs = IDTable(capacity: 32)
    /// The compiled rules of every block and of the authorizer.
    var rules: [CompiledRule] = []
    /// The parts of every compiled rule and query.
    var code = CompiledProgram()
    /// Whether a compiled statement's head or expressions named a variable that its body predicates do not
    /// bind (or a closure parameter): ``World`` then runs its full validation.
    private(set) var sawUnboundVariable = false
    /// The variable slots of the statement being compiled, kept between statements for their storage.
    private var scratchSlots = VariableSlots()
    /// The expression machine.
    var machine: ExpressionMachine
    /// The run limits.
    let limits: RunLimits

    /// The number of (origin, fact) entries in all relations.
    private(set) var factCount = 0
    /// Iterations that added facts, in the last run.
    private(set) var iterations = 0

    // Join state.
    private var bindings: [UInt32] = []
    private var headBuffer: [UInt32] = []
    private var deltaStart: [Int] = []
    private var deltaEnd: [Int] = []
    private var useDeltaSnapshot = false
    private var mode = MatchMode.derive
    private var matched = false
    private var matchCount = 0
    private var collected: [(origin: UInt64, values: [UInt32])] = []
    private var stepCounter = 0
    private var deadline = ContinuousClock.now
    private var mayFailFactLimit = false

    /// Creates an empty engine.
    init(externs: ExternFunctions, limits: RunLimits) {
        machine = ExpressionMachine(externs: externs)
        self.limits = limits
        relations.reserveCapacity(32)
        indexes.reserveCapacity(16)
        headBuffer.reserveCapacity(8)
    }

    // MARK: Loading

    /// The id of the relation `name`/`arity`, creating it the first time.
    mutating func relation(named name: String, arity: Int) -> Int {
        let hash = ByteHasher.hash(name, seed: UInt64(arity))
        let found = relationIDs.find(hash: hash) {
            relations[Int($0)].arity == arity && utf8Equal(relations[Int($0)].name, name)
        }
        if let found { return Int(found) }
        relations.append(Relation(name: name, arity: arity))
        relationIDs.insert(hash: hash, id: UInt32(truncatingIfNeeded: relations.count - 1))
        return relations.count - 1
    }

    /// Adds a ground fact with an origin.
    mutating func addFact(_ fact: Fact, origin: UInt64) {
        let relation = relation(named: fact.predicate.name, arity: fact.predicate.terms.count)
        let arity = fact.predicate.terms.count
        if headBuffer.count < arity { headBuffer.append(contentsOf: repeatElement(0, count: arity - headBuffer.count)) }
        for (column, term) in fact.predicate.terms.enumerated() { headBuffer[column] = terms.intern(term) }
        let inserted = headBuffer.withUnsafeBufferPointer { buffer in
            relations[relation].insert(UnsafeBufferPointer(rebasing: buffer[0..<arity]), origin: origin)
        }
        if inserted { factCount += 1 }
    }

    /// Compiles a rule (or, with `isQuery`, the query of a check or policy, which needs no semi-naive
    /// variants) of the block with bit `blockBit`, trusting `trusted`.
    mutating func compile(_ rule: Rule, blockBit: UInt64, trusted: UInt64, isQuery: Bool = false) -> CompiledRule {
        var slots = scratchSlots
        scratchSlots = VariableSlots()  // keep `slots` uniquely referenced
        slots.removeAll()
        defer { scratchSlots = slots }
        let atomStart = code.atoms.count
        for predicate in rule.body {
            let relation = relation(named: predicate.name, arity: predicate.terms.count)
            let sourceStart = code.sources.count
            for term in predicate.terms {
                if case .variable(let name) = term {
                    code.sources.append(slots.slot(for: name))
                } else {
                    code.sources.append(constantSource(terms.intern(term)))
                }
            }
            code.atoms.append(CompiledAtom(relation: relation, sourceStart: sourceStart, sourceEnd: code.sources.count))
        }
        let atomEnd = code.atoms.count
        let bodyVariableCount = slots.count
        let headRelation = relation(named: rule.head.name, arity: rule.head.terms.count)
        let headStart = code.sources.count
        for term in rule.head.terms {
            if case .variable(let name) = term {
                code.sources.append(slots.slot(for: name))
            } else {
                code.sources.append(constantSource(terms.intern(term)))
            }
        }
        let headEnd = code.sources.count
        let expressionStart = code.expressions.count
        for expression in rule.expressions {
            code.expressions.append(CompiledExpression(expression, slots: &slots, regexes: &machine.regexes))
        }
        if slots.count > bodyVariableCount { sawUnboundVariable = true }
        let variantStart = code.plans.count
        if !isQuery {
            for deltaAtom in atomStart..<atomEnd {
                _ = code.makePlan(
                    atomStart: atomStart, atomEnd: atomEnd, deltaAtom: deltaAtom, slotCount: bodyVariableCount,
                    relations: &relations, indexes: &indexes)
            }
        }
        let variantEnd = code.plans.count
        let fullPlan =
            isQuery || atomStart == atomEnd
            ? code.makePlan(
                atomStart: atomStart, atomEnd: atomEnd, deltaAtom: nil, slotCount: bodyVariableCount,
                relations: &relations, indexes: &indexes)
            : -1
        return CompiledRule(
            blockBit: blockBit, trusted: trusted, headRelation: headRelation, headStart: headStart, headEnd: headEnd,
            atomStart: atomStart, atomEnd: atomEnd, expressionStart: expressionStart,
            expressionEnd: code.expressions.count, slotCount: slots.count, bodyVariableCount: bodyVariableCount,
            variantStart: variantStart, variantEnd: variantEnd, fullPlan: fullPlan)
    }

    // MARK: Fixpoint

    /// Runs every rule to the fixpoint with semi-naive evaluation.
    ///
    /// Iteration `k` joins, for each rule and each body predicate `p`, the rows `p` gained in iteration
    /// `k − 1` with the older rows of the predicates before it and all rows of those after it; rows added
    /// during the iteration are invisible to it, so the iterations are those of naive evaluation.
    ///
    /// - Throws: The first evaluation error, or ``DatalogError/Code/tooManyFacts``,
    ///   ``DatalogError/Code/tooManyIterations`` or ``DatalogError/Code/timeout``.
    mutating func run(deadline: ContinuousClock.Instant) throws(DatalogError) {
        self.deadline = deadline
        mode = .derive
        useDeltaSnapshot = true
        deltaStart.removeAll(keepingCapacity: true)
        deltaEnd.removeAll(keepingCapacity: true)
        deltaStart.reserveCapacity(relations.count)
        deltaEnd.reserveCapacity(relations.count)
        for relation in relations.indices {
            deltaStart.append(0)
            deltaEnd.append(relations[relation].count)
        }
        iterations = 0
        defer { useDeltaSnapshot = false }
        while true {
            let countBefore = factCount
            mayFailFactLimit = iterations + 1 < limits.maxIterations
            for ruleIndex in rules.indices {
                let rule = rules[ruleIndex]
                if rule.hasNoAtoms {
                    if iterations == 0 { try runPlan(rule.fullPlan, rule) }
                    continue
                }
                for variant in rule.variantStart..<rule.variantEnd {
                    let delta = code.plans[variant].deltaRelation
                    if deltaStart[delta] < deltaEnd[delta] { try runPlan(variant, rule) }
                }
            }
            if factCount == countBefore { return }
            iterations += 1
            if iterations >= limits.maxIterations { throw tooManyIterations() }
            if factCount >= limits.maxFacts { throw tooManyFacts() }
            if ContinuousClock.now >= deadline { throw timeout() }
            for relation in relations.indices {
                deltaStart[relation] = deltaEnd[relation]
                deltaEnd[relation] = relations[relation].count
            }
        }
    }

    private func tooManyIterations() -> DatalogError {
        DatalogError(
            .tooManyIterations,
            "the world did not reach its fixpoint within the limit of \(limits.maxIterations) iterations (maxIterations)")
    }

    private func tooManyFacts() -> DatalogError {
        DatalogError(
            .tooManyFacts, "the world reached the limit of \(limits.maxFacts) facts (maxFacts)")
    }

    private func timeout() -> DatalogError {
        DatalogError(.timeout, "the evaluation took longer than the limit of \(limits.maxTime) (maxTime)")
    }

    // MARK: Queries over the finished world

    /// Whether `query` has a match whose expressions all hold.
    mutating func exists(_ query: CompiledRule, deadline: ContinuousClock.Instant) throws(DatalogError) -> Bool {
        self.deadline = deadline
        mode = .exists
        matched = false
        try runPlan(query.fullPlan, query)
        return matched
    }

    /// Whether `query` has at least one match and all of its matches satisfy the expressions (`check all`).
    mutating func holdsForAll(
        _ query: CompiledRule, deadline: ContinuousClock.Instant
    ) throws(DatalogError) -> Bool {
        self.deadline = deadline
        mode = .forAll
        matched = true
        matchCount = 0
        try runPlan(query.fullPlan, query)
        return matched && matchCount > 0
    }

    /// The head facts (term ids) and their origins of every match of `query` whose expressions hold.
    mutating func collect(
        _ query: CompiledRule, deadline: ContinuousClock.Instant
    ) throws(DatalogError) -> [(origin: UInt64, values: [UInt32])] {
        self.deadline = deadline
        mode = .collect
        collected = []
        try runPlan(query.fullPlan, query)
        defer { collected = [] }
        return collected
    }

    // MARK: Join

    private mutating func runPlan(_ planIndex: Int, _ rule: CompiledRule) throws(DatalogError) {
        let plan = code.plans[planIndex]
        for stepIndex in plan.stepStart..<plan.stepEnd where code.steps[stepIndex].indexPosition >= 0 {
            let (relation, position) = (code.steps[stepIndex].relation, code.steps[stepIndex].indexPosition)
            // Test before the mutating call: on a copied engine (authorize, query) the mutation would copy
            // the indexes even when there is nothing to index.
            if indexes[position].needsUpdate(relations[relation]) { indexes[position].update(from: relations[relation]) }
        }
        if bindings.count < rule.bodyVariableCount {
            bindings = Array(repeating: 0, count: rule.bodyVariableCount)
        }
        let headCount = rule.headEnd - rule.headStart
        if headBuffer.count < headCount {
            headBuffer.append(contentsOf: repeatElement(0, count: headCount - headBuffer.count))
        }
        _ = try join(plan.stepStart, plan.stepEnd, origin: rule.blockBit, rule)
    }

    /// The rows a step may read.
    ///
    /// `mutating` (like ``value(of:)``) although it changes nothing: a non-mutating call from the join,
    /// which mutates `self`, made the optimiser copy the whole engine at every step.
    @inline(__always)
    private mutating func bounds(_ step: JoinStep) -> (Int, Int) {
        guard useDeltaSnapshot else { return (0, relations[step.relation].count) }
        switch step.range {
        case .old: return (0, deltaStart[step.relation])
        case .delta: return (deltaStart[step.relation], deltaEnd[step.relation])
        case .all: return (0, deltaEnd[step.relation])
        }
    }

    /// The term id a source stands for: a constant's id, or a slot's binding.
    @inline(__always)
    private mutating func value(of source: TermSource) -> UInt32 {
        source >= 0 ? bindings[source] : UInt32(truncatingIfNeeded: -(source + 1))
    }

    /// Visits the matches of the steps `stepIndex ..< stepEnd` of ``CompiledProgram/steps``; returns
    /// `true` to stop the whole join.
    private mutating func join(
        _ stepIndex: Int, _ stepEnd: Int, origin: UInt64, _ rule: CompiledRule
    ) throws(DatalogError) -> Bool {
        if stepIndex == stepEnd { return try complete(origin: origin, rule) }
        let step = code.steps[stepIndex]
        let (low, high) = bounds(step)
        if low >= high { return false }
        // Scan when the step binds no column, or when its index does not cover the range (a small
        // relation, which is never indexed).
        if step.indexPosition < 0
            || indexes[step.indexPosition].indexedCount < high
        {
            for row in low..<high {
                if try visit(row, step, stepIndex, stepEnd, origin: origin, rule) { return true }
            }
            return false
        }
        var hash: UInt64 = 0x2545_F491_4F6C_DD1D
        for position in step.keyStart..<step.keyEnd {
            hash = mixHash(hash, UInt64(value(of: code.entries[position].source)))
        }
        let bucketCount = indexes[step.indexPosition].buckets.count
        var row = Int(indexes[step.indexPosition].buckets[
            Int(truncatingIfNeeded: hash) & (bucketCount - 1)])
        while row >= low {
            if row < high, try visit(row, step, stepIndex, stepEnd, origin: origin, rule) { return true }
            row = Int(indexes[step.indexPosition].next[row])
        }
        return false
    }

    @inline(__always)
    private mutating func visit(
        _ row: Int, _ step: JoinStep, _ stepIndex: Int, _ stepEnd: Int, origin: UInt64, _ rule: CompiledRule
    ) throws(DatalogError) -> Bool {
        stepCounter &+= 1
        if stepCounter & 1023 == 0, ContinuousClock.now >= deadline { throw timeout() }
        let rowOrigin = relations[step.relation].origin(of: row)
        if rowOrigin & ~rule.trusted != 0 { return false }
        let base = row &* relations[step.relation].stride
        for position in step.checkEnd..<step.bindEnd {
            let entry = code.entries[position]
            bindings[entry.source] = relations[step.relation].values[base + entry.column]
        }
        for position in step.keyStart..<step.checkEnd {
            let entry = code.entries[position]
            if relations[step.relation].values[base + entry.column] != value(of: entry.source) { return false }
        }
        return try join(stepIndex + 1, stepEnd, origin: origin | rowOrigin, rule)
    }

    /// Handles a complete match of the body predicates.
    private mutating func complete(origin: UInt64, _ rule: CompiledRule) throws(DatalogError) -> Bool {
        var holds = true
        if rule.expressionStart < rule.expressionEnd {
            machine.resetSlots(count: rule.slotCount)
            for slot in 0..<rule.bodyVariableCount { machine.slots[slot] = terms[bindings[slot]] }
            for expression in rule.expressionStart..<rule.expressionEnd
            where try !machine.evaluateCondition(code.expressions[expression]) {
                holds = false
                break
            }
        }
        switch mode {
        case .derive:
            guard holds else { return false }
            for position in rule.headStart..<rule.headEnd {
                headBuffer[position - rule.headStart] = value(of: code.sources[position])
            }
            let arity = rule.headEnd - rule.headStart
            let inserted = headBuffer.withUnsafeBufferPointer { buffer in
                relations[rule.headRelation].insert(UnsafeBufferPointer(rebasing: buffer[0..<arity]), origin: origin)
            }
            if inserted {
                factCount += 1
                if mayFailFactLimit && factCount >= limits.maxFacts { throw tooManyFacts() }
            }
            return false
        case .exists:
            if holds { matched = true }
            return holds
        case .forAll:
            matchCount += 1
            if !holds { matched = false }
            return !holds
        case .collect:
            if holds { collected.append((origin, (rule.headStart..<rule.headEnd).map { value(of: code.sources[$0]) })) }
            return false
        }
    }
}
