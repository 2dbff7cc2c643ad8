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

/// One body predicate of a rule, with its terms resolved to slots and constant ids.
struct CompiledAtom: Sendable {
    /// The relation it reads.
    let relation: Int
    /// The source of each column.
    let sources: [TermSource]
}

/// One step of a join: the rows of one relation, filtered and bound.
///
/// The step's columns and sources live in its plan's flat ``JoinPlan/columns`` and ``JoinPlan/sources``
/// arrays (one allocation per plan, not per step): `keyStart ..< checkEnd` are the columns that must equal a
/// source (first the key columns, bound before this step, which the hash index looks up; then repeated
/// variables of this predicate), and `checkEnd ..< bindEnd` the columns whose first variable occurrence this
/// step binds (their source is the slot written).
struct JoinStep: Sendable {
    /// The relation read.
    let relation: Int
    /// Which rows it reads.
    let range: RowRange
    /// The position of the hash index on the key columns in the relation, or -1 to scan the range.
    let indexPosition: Int
    /// Where the step's key columns start in the plan's arrays.
    let keyStart: Int
    /// Where its key columns end and its repeated-variable checks start.
    let keyEnd: Int
    /// Where its checks end and its bind columns start.
    let checkEnd: Int
    /// Where its bind columns end.
    let bindEnd: Int
}

/// The order in which a rule visits its body predicates, and what is bound when.
struct JoinPlan: Sendable {
    /// The steps, in visiting order.
    let steps: [JoinStep]
    /// The columns of every step (see ``JoinStep``).
    let columns: [Int]
    /// The source of each entry of ``columns``: a constant or a slot to compare, or the slot to bind.
    let sources: [TermSource]
    /// The relation read as delta (semi-naive variant), or -1 for a plan over every row.
    let deltaRelation: Int

    /// Builds a plan.
    ///
    /// - Parameters:
    ///   - atoms: The body predicates in source order.
    ///   - deltaAtom: The position of the predicate read as delta; the ones before it read old rows and
    ///     the ones after read all rows (semi-naive). `nil` builds a plan over every row.
    ///   - relations: The relations, to register the indexes the plan needs.
    init(atoms: [CompiledAtom], deltaAtom: Int?, relations: inout [Relation]) {
        var remaining = Array(atoms.indices)
        let slotCount = atoms.reduce(0) { max($0, ($1.sources.max() ?? -1) + 1) }
        var steps: [JoinStep] = []
        steps.reserveCapacity(atoms.count)
        var columns: [Int] = []
        var sources: [TermSource] = []
        var order: [Int] = []
        order.reserveCapacity(atoms.count)
        // Greedy order: the delta predicate first, then repeatedly the predicate with the most bound
        // columns (constants or variables bound earlier); source order breaks ties.
        var isBound = [Bool](repeating: false, count: slotCount)
        if let deltaAtom {
            order.append(deltaAtom)
            remaining.removeAll { $0 == deltaAtom }
            for source in atoms[deltaAtom].sources where source >= 0 { isBound[source] = true }
        }
        while !remaining.isEmpty {
            var best = 0
            var bestScore = -1
            for (offset, position) in remaining.enumerated() {
                let score = atoms[position].sources.reduce(0) { $0 + (($1 < 0 || isBound[$1]) ? 1 : 0) }
                if score > bestScore {
                    best = offset
                    bestScore = score
                }
            }
            let position = remaining.remove(at: best)
            order.append(position)
            for source in atoms[position].sources where source >= 0 { isBound[source] = true }
        }

        // Each step: key columns (bound before), bind columns (first occurrences), repeats (checked after).
        for slot in isBound.indices { isBound[slot] = false }
        var boundHere = [Bool](repeating: false, count: slotCount)
        for position in order {
            let atom = atoms[position]
            let range: RowRange
            if let deltaAtom {
                range = position < deltaAtom ? .old : (position == deltaAtom ? .delta : .all)
            } else {
                range = .all
            }
            var keyColumns: [Int] = []
            var keySources: [TermSource] = []
            var bindColumns: [Int] = []
            var bindSlots: [Int] = []
            var repeatColumns: [Int] = []
            var repeatSources: [TermSource] = []
            for (column, source) in atom.sources.enumerated() {
                if source < 0 || isBound[source] {
                    keyColumns.append(column)
                    keySources.append(source)
                } else if boundHere[source] {
                    repeatColumns.append(column)
                    repeatSources.append(source)
                } else {
                    boundHere[source] = true
                    bindColumns.append(column)
                    bindSlots.append(source)
                }
            }
            for slot in bindSlots { isBound[slot] = true }
            let indexPosition =
                keyColumns.isEmpty ? -1 : relations[atom.relation].indexPosition(columns: keyColumns)
            let keyStart = columns.count
            columns += keyColumns
            sources += keySources
            let keyEnd = columns.count
            columns += repeatColumns
            sources += repeatSources
            let checkEnd = columns.count
            columns += bindColumns
            sources += bindSlots
            steps.append(
                JoinStep(
                    relation: atom.relation, range: range, indexPosition: indexPosition, keyStart: keyStart,
                    keyEnd: keyEnd, checkEnd: checkEnd, bindEnd: columns.count))
        }
        self.columns = columns
        self.sources = sources
        self.steps = steps
        deltaRelation = deltaAtom.map { atoms[$0].relation } ?? -1
    }
}

/// A rule, or a query of a check or policy, compiled once when its block is loaded.
struct CompiledRule: Sendable {
    /// The bit of the block that holds the statement (the authorizer's bit for authorizer statements).
    let blockBit: UInt64
    /// The origins the statement trusts: a row is visible when its origin is a subset.
    let trusted: UInt64
    /// The relation the head writes (-1 for the query of a check or policy that is not collected).
    let headRelation: Int
    /// The source of each head term.
    let headSources: [TermSource]
    /// The body predicates, in source order.
    let atoms: [CompiledAtom]
    /// The expressions, in source order; all must be `true`.
    let expressions: [CompiledExpression]
    /// The number of variable slots (body variables first).
    let slotCount: Int
    /// The number of variables bound by body predicates (slots `0 ..< bodyVariableCount`).
    let bodyVariableCount: Int
    /// One plan per body predicate, that predicate reading the previous iteration's delta.
    let variants: [JoinPlan]
    /// The plan over every row, for checks, policies and queries.
    let fullPlan: JoinPlan
}
