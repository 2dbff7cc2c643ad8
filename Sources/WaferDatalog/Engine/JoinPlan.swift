/// Which rows of a relation a join step reads, in semi-naive evaluation.
enum RowRange: UInt8, Sendable {
    /// Rows known before the previous iteration.
    case old
    /// Rows added by the previous iteration.
    case delta
    /// Every row known at the start of the iteration (after the fixpoint: every row).
    case all
}

/// A term of a compiled predicate: `>= 0` is a variable slot, `< 0` is the constant with id `-(value + 1)`.
typealias TermSource = Int

/// Encodes a constant's term id as a ``TermSource``.
@inline(__always)
func constantSource(_ id: UInt32) -> TermSource { -Int(id) - 1 }

/// One body predicate of a rule: its relation and the range of its column sources in
/// ``CompiledProgram/sources``.
struct CompiledAtom: Sendable {
    /// The relation it reads.
    let relation: Int
    /// Where its sources start in ``CompiledProgram/sources``.
    let sourceStart: Int
    /// Where its sources end.
    let sourceEnd: Int
}

/// A column of a join step and its source.
struct JoinEntry: Sendable {
    /// The column of the relation.
    let column: Int
    /// The constant or slot the column must equal, or the slot it binds.
    let source: TermSource
}

/// One step of a join: the rows of one relation, filtered and bound.
///
/// The step's columns live in ``CompiledProgram/entries``: `keyStart ..< checkEnd` are the columns that
/// must equal a source (first the key columns, bound before this step, which the hash index looks up; then
/// repeated variables of this predicate), and `checkEnd ..< bindEnd` the columns whose first variable
/// occurrence this step binds (their source is the slot written).
struct JoinStep: Sendable {
    /// The relation read.
    let relation: Int
    /// Which rows it reads.
    let range: RowRange
    /// The position of the hash index on the key columns in ``Engine/indexes``, or -1 to scan the range.
    let indexPosition: Int
    /// Where the step's key columns start in ``CompiledProgram/entries``.
    let keyStart: Int
    /// Where its key columns end and its repeated-variable checks start.
    let keyEnd: Int
    /// Where its checks end and its bind columns start.
    let checkEnd: Int
    /// Where its bind columns end.
    let bindEnd: Int
}

/// The order in which a rule visits its body predicates: a range of ``CompiledProgram/steps``.
struct JoinPlan: Sendable {
    /// Where the plan's steps start in ``CompiledProgram/steps``.
    let stepStart: Int
    /// Where they end.
    let stepEnd: Int
    /// The relation read as delta (semi-naive variant), or -1 for a plan over every row.
    let deltaRelation: Int
}

/// A rule, or a query of a check or policy, compiled once when its block is loaded.
///
/// A plain value: its parts are ranges of the engine's ``CompiledProgram`` arrays, so compiling a rule
/// allocates nothing of its own and copying it costs no reference counting.
struct CompiledRule: Sendable {
    /// The bit of the block that holds the statement (the authorizer's bit for authorizer statements).
    let blockBit: UInt64
    /// The origins the statement trusts: a row is visible when its origin is a subset.
    let trusted: UInt64
    /// The relation the head writes.
    let headRelation: Int
    /// Where the head's term sources start in ``CompiledProgram/sources``.
    let headStart: Int
    /// Where they end.
    let headEnd: Int
    /// Where the body predicates start in ``CompiledProgram/atoms`` (source order).
    let atomStart: Int
    /// Where they end.
    let atomEnd: Int
    /// Where the expressions start in ``CompiledProgram/expressions`` (source order).
    let expressionStart: Int
    /// Where they end.
    let expressionEnd: Int
    /// The number of variable slots (body variables first).
    let slotCount: Int
    /// The number of variables bound by body predicates (slots `0 ..< bodyVariableCount`).
    let bodyVariableCount: Int
    /// Where the semi-naive variants start in ``CompiledProgram/plans``: one per body predicate, that
    /// predicate reading the previous iteration's delta.
    let variantStart: Int
    /// Where they end.
    let variantEnd: Int
    /// The plan over every row in ``CompiledProgram/plans`` (checks, policies, queries, and rules without
    /// body predicates), or -1.
    let fullPlan: Int

    /// Whether the body has no predicate.
    var hasNoAtoms: Bool { atomStart == atomEnd }
}

/// The compiled statements of a world, in a few flat arrays shared by every rule.
struct CompiledProgram: Sendable {
    /// Column sources of body predicates and heads.
    var sources: [TermSource] = []
    /// Body predicates.
    var atoms: [CompiledAtom] = []
    /// Join steps.
    var steps: [JoinStep] = []
    /// Columns of join steps.
    var entries: [JoinEntry] = []
    /// Join plans.
    var plans: [JoinPlan] = []
    /// Expressions.
    var expressions: [CompiledExpression] = []

    /// Creates an empty program with room for a typical authorizer.
    init() {
        sources.reserveCapacity(128)
        atoms.reserveCapacity(32)
        steps.reserveCapacity(64)
        entries.reserveCapacity(128)
        plans.reserveCapacity(32)
        expressions.reserveCapacity(16)
    }

    /// Builds a plan for the body predicates `atomStart ..< atomEnd` and returns its index in ``plans``.
    ///
    /// The greedy order reads the delta predicate first (semi-naive variant), then repeatedly the predicate
    /// with the most bound columns (constants or variables bound by earlier steps), source order breaking
    /// ties; each step is emitted as soon as it is chosen, with what is bound at that point.
    ///
    /// - Parameters:
    ///   - deltaAtom: The index in ``atoms`` of the predicate read as delta; the ones before it read old
    ///     rows and the ones after read all rows. `nil` builds a plan over every row.
    ///   - slotCount: The number of body variables.
    ///   - relations: The relations, whose index lists the plan extends.
    ///   - indexes: The indexes, to register those the plan needs.
    mutating func makePlan(
        atomStart: Int, atomEnd: Int, deltaAtom: Int?, slotCount: Int, relations: inout [Relation],
        indexes: inout [ColumnIndex]
    ) -> Int {
        let stepStart = steps.count
        // Whether each slot is bound, then whether each atom is placed.
        var scratch = FlagSet(count: slotCount + atomEnd - atomStart)
        for stepNumber in 0..<(atomEnd - atomStart) {
            var position = -1
            if stepNumber == 0, let deltaAtom {
                position = deltaAtom
            } else {
                var bestScore = -1
                for candidate in atomStart..<atomEnd where !scratch[slotCount + candidate - atomStart] {
                    var score = 0
                    for index in atoms[candidate].sourceStart..<atoms[candidate].sourceEnd
                    where sources[index] < 0 || scratch[sources[index]] {
                        score += 1
                    }
                    if score > bestScore {
                        position = candidate
                        bestScore = score
                    }
                }
            }
            scratch[slotCount + position - atomStart] = true
            let atom = atoms[position]
            let range: RowRange
            if let deltaAtom {
                range = position < deltaAtom ? .old : (position == deltaAtom ? .delta : .all)
            } else {
                range = .all
            }
            let columns = atom.sourceStart..<atom.sourceEnd
            func isRepeat(_ index: Int) -> Bool { sources[atom.sourceStart..<index].contains(sources[index]) }
            // Key columns: constants and variables bound by earlier steps.
            let keyStart = entries.count
            for index in columns where sources[index] < 0 || scratch[sources[index]] {
                entries.append(JoinEntry(column: index - atom.sourceStart, source: sources[index]))
            }
            let keyEnd = entries.count
            // Repeated variables of this predicate, checked once the first occurrence is bound.
            for index in columns where sources[index] >= 0 && !scratch[sources[index]] && isRepeat(index) {
                entries.append(JoinEntry(column: index - atom.sourceStart, source: sources[index]))
            }
            let checkEnd = entries.count
            // First occurrences, bound from the row.
            for index in columns where sources[index] >= 0 && !scratch[sources[index]] && !isRepeat(index) {
                entries.append(JoinEntry(column: index - atom.sourceStart, source: sources[index]))
            }
            for index in columns where sources[index] >= 0 { scratch[sources[index]] = true }
            let indexPosition =
                keyEnd == keyStart
                ? -1
                : ColumnIndex.position(
                    relation: atom.relation, columns: entries[keyStart..<keyEnd].lazy.map(\.column),
                    relations: &relations, indexes: &indexes)
            steps.append(
                JoinStep(
                    relation: atom.relation, range: range, indexPosition: indexPosition, keyStart: keyStart,
                    keyEnd: keyEnd, checkEnd: checkEnd, bindEnd: entries.count))
        }
        plans.append(
            JoinPlan(stepStart: stepStart, stepEnd: steps.count, deltaRelation: deltaAtom.map { atoms[$0].relation } ?? -1))
        return plans.count - 1
    }
}

/// Boolean flags in one machine word when there are at most 64 of them, else in an array.
struct FlagSet {
    private var word: UInt64 = 0
    private var overflow: [Bool]

    /// Creates `count` flags, all `false`.
    init(count: Int) {
        overflow = count > 64 ? [Bool](repeating: false, count: count) : []
    }

    subscript(index: Int) -> Bool {
        get { overflow.isEmpty ? word & (1 << UInt64(index)) != 0 : overflow[index] }
        set {
            if overflow.isEmpty {
                if newValue { word |= 1 << UInt64(index) } else { word &= ~(1 << UInt64(index)) }
            } else {
                overflow[index] = newValue
            }
        }
    }
}
