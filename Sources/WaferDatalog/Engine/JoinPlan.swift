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
/// The step's columns and sources live in its plan's flat ``JoinPlan/entries`` array (one allocation per
/// plan, not per step): `keyStart ..< checkEnd` are the columns that must equal a
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

/// A column of a join step and its source.
struct JoinEntry: Sendable {
    /// The column of the relation.
    let column: Int
    /// The constant or slot the column must equal, or the slot it binds.
    let source: TermSource
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

/// The order in which a rule visits its body predicates, and what is bound when.
struct JoinPlan: Sendable {
    /// The steps, in visiting order.
    let steps: [JoinStep]
    /// The columns of every step with their sources (see ``JoinStep``): a constant or a slot to compare,
    /// or the slot to bind.
    let entries: [JoinEntry]
    /// The relation read as delta (semi-naive variant), or -1 for a plan over every row.
    let deltaRelation: Int

    /// The plan of a rule without body predicates: no step, one empty match.
    static let empty = JoinPlan(steps: [], entries: [], deltaRelation: -1)

    private init(steps: [JoinStep], entries: [JoinEntry], deltaRelation: Int) {
        self.steps = steps
        self.entries = entries
        self.deltaRelation = deltaRelation
    }

    /// Builds a plan.
    ///
    /// - Parameters:
    ///   - atoms: The body predicates in source order.
    ///   - deltaAtom: The position of the predicate read as delta; the ones before it read old rows and
    ///     the ones after read all rows (semi-naive). `nil` builds a plan over every row.
    ///   - relations: The relations, to register the indexes the plan needs.
    init(atoms: [CompiledAtom], deltaAtom: Int?, relations: inout [Relation]) {
        let slotCount = atoms.reduce(0) { max($0, ($1.sources.max() ?? -1) + 1) }
        let totalArity = atoms.reduce(0) { $0 + $1.sources.count }
        var steps: [JoinStep] = []
        steps.reserveCapacity(atoms.count)
        var entries: [JoinEntry] = []
        entries.reserveCapacity(totalArity)
        // Whether each slot is bound, then whether each atom is placed.
        var scratch = FlagSet(count: slotCount + atoms.count)

        // Greedy order: the delta predicate first, then repeatedly the predicate with the most bound
        // columns (constants or variables bound by earlier steps); source order breaks ties. Each step is
        // emitted as soon as it is chosen, with what is bound at that point.
        for stepNumber in 0..<atoms.count {
            var position = -1
            if stepNumber == 0, let deltaAtom {
                position = deltaAtom
            } else {
                var bestScore = -1
                for candidate in atoms.indices where !scratch[slotCount + candidate] {
                    var score = 0
                    for source in atoms[candidate].sources where source < 0 || scratch[source] { score += 1 }
                    if score > bestScore {
                        position = candidate
                        bestScore = score
                    }
                }
            }
            scratch[slotCount + position] = true
            let atom = atoms[position]
            let range: RowRange
            if let deltaAtom {
                range = position < deltaAtom ? .old : (position == deltaAtom ? .delta : .all)
            } else {
                range = .all
            }
            // Key columns: constants and variables bound by earlier steps.
            let keyStart = entries.count
            for (column, source) in atom.sources.enumerated() where source < 0 || scratch[source] {
                entries.append(JoinEntry(column: column, source: source))
            }
            let keyEnd = entries.count
            // Repeated variables of this predicate, checked once the first occurrence is bound.
            for (column, source) in atom.sources.enumerated()
            where source >= 0 && !scratch[source] && atom.sources[..<column].contains(source) {
                entries.append(JoinEntry(column: column, source: source))
            }
            let checkEnd = entries.count
            // First occurrences, bound from the row.
            for (column, source) in atom.sources.enumerated()
            where source >= 0 && !scratch[source] && !atom.sources[..<column].contains(source) {
                entries.append(JoinEntry(column: column, source: source))
            }
            for source in atom.sources where source >= 0 { scratch[source] = true }
            let indexPosition =
                keyEnd == keyStart
                ? -1 : relations[atom.relation].indexPosition(columns: entries[keyStart..<keyEnd].lazy.map(\.column))
            steps.append(
                JoinStep(
                    relation: atom.relation, range: range, indexPosition: indexPosition, keyStart: keyStart,
                    keyEnd: keyEnd, checkEnd: checkEnd, bindEnd: entries.count))
        }
        self.entries = entries
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
    /// The plan over every row, for checks, policies and queries (and rules without body predicates);
    /// ``JoinPlan/empty`` for the other rules, which only run their variants.
    let fullPlan: JoinPlan
}
