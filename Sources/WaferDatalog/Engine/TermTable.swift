/// The interning table of a world: every distinct ground term gets a 32-bit id.
///
/// Two terms get the same id exactly when they are the same Biscuit value (strings compared by their UTF-8
/// bytes), so the join compares ids, never terms. Interning happens only when statements are loaded:
/// a rule's head takes its terms from body bindings or from constants interned at load time, so the
/// fixpoint never hashes a term.
struct TermTable: Sendable {
    /// The terms, by id.
    private(set) var terms: [Term] = []
    /// The id of each term.
    private var ids: [TermKey: UInt32] = [:]

    /// The id of `term`, interning it the first time.
    ///
    /// - Complexity: O(size of the term), amortised.
    mutating func intern(_ term: Term) -> UInt32 {
        let key = TermKey(term: term)
        if let id = ids[key] { return id }
        let id = UInt32(truncatingIfNeeded: terms.count)
        terms.append(term)
        ids[key] = id
        return id
    }

    /// The id of `term`, or `nil` when no fact or statement holds it.
    func id(of term: Term) -> UInt32? { ids[TermKey(term: term)] }

    /// The term of an id.
    subscript(id: UInt32) -> Term { terms[Int(id)] }
}

/// Mixes one 64-bit word into a running hash (a multiply–xorshift step; fast, and good enough for the
/// power-of-two tables of ``Relation``).
@inline(__always)
func mixHash(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var value = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
    value ^= value >> 29
    return value
}

/// A hash index of one relation on a fixed list of columns: the rows whose values in those columns hash
/// alike are chained, newest row first.
///
/// Because each chain is in decreasing row order, a lookup restricted to a row range `lo..<hi` skips the
/// rows at or above `hi` and stops at the first row below `lo`: that is how one index serves the "old",
/// "delta" and "all" views of semi-naive evaluation.
struct ColumnIndex: Sendable {
    /// The indexed columns, in increasing order.
    let columns: [Int]
    /// The newest row of each bucket, or -1.
    var buckets: [Int32]
    /// For each indexed row, the next (older) row of its bucket, or -1.
    var next: [Int32] = []
    /// The rows `0..<indexedCount` are indexed.
    var indexedCount = 0

    /// Creates an empty index on `columns`.
    init(columns: [Int]) {
        self.columns = columns
        buckets = Array(repeating: -1, count: 16)
    }
}

/// The (origin, fact) entries of one predicate name and arity, stored column-contiguously by row.
///
/// Row `r` holds the term ids `values[r * arity ..< (r + 1) * arity]` and the origin `origins[r]`. Rows are
/// only appended; an open-addressing table over rows keeps (origin, fact) entries distinct.
struct Relation: Sendable {
    /// The predicate's name.
    let name: String
    /// The number of terms of each fact.
    let arity: Int
    /// The term ids, row after row.
    var values: [UInt32] = []
    /// The origin of each row, as an ``OriginSet`` bit pattern.
    var origins: [UInt64] = []
    /// Row numbers plus one, by hash of (values, origin); 0 marks an empty slot.
    private var dedup: [UInt32] = Array(repeating: 0, count: 16)
    /// The indexes built so far, on the column lists joins asked for.
    var indexes: [ColumnIndex] = []

    /// Creates an empty relation.
    init(name: String, arity: Int) {
        self.name = name
        self.arity = arity
    }

    /// The number of rows.
    var count: Int { origins.count }

    /// Appends the entry (`row`, `origin`) unless it is already present.
    ///
    /// - Returns: Whether a new row was added.
    /// - Complexity: O(arity), amortised.
    mutating func insert(_ row: UnsafeBufferPointer<UInt32>, origin: UInt64) -> Bool {
        var hash = mixHash(0x51_7CC1_B727_220A, origin)
        for value in row { hash = mixHash(hash, UInt64(value)) }
        let mask = dedup.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = dedup[slot]
            if stored == 0 { break }
            let existing = Int(stored) - 1
            if origins[existing] == origin && rowEquals(existing, row) { return false }
            slot = (slot + 1) & mask
        }
        dedup[slot] = UInt32(truncatingIfNeeded: count + 1)
        values.append(contentsOf: row)
        origins.append(origin)
        if count * 2 > dedup.count { growDedup() }
        return true
    }

    @inline(__always)
    private func rowEquals(_ existing: Int, _ row: UnsafeBufferPointer<UInt32>) -> Bool {
        let base = existing * arity
        for column in 0..<arity where values[base + column] != row[column] { return false }
        return true
    }

    private mutating func growDedup() {
        var table = [UInt32](repeating: 0, count: dedup.count * 2)
        let mask = table.count - 1
        for row in 0..<count {
            var hash = mixHash(0x51_7CC1_B727_220A, origins[row])
            for column in 0..<arity { hash = mixHash(hash, UInt64(values[row * arity + column])) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(truncatingIfNeeded: row + 1)
        }
        dedup = table
    }

    /// The position in ``indexes`` of the index on `columns`, creating an empty one the first time.
    mutating func indexPosition(columns: [Int]) -> Int {
        if let position = indexes.firstIndex(where: { $0.columns == columns }) { return position }
        indexes.append(ColumnIndex(columns: columns))
        return indexes.count - 1
    }

    /// Brings the index at `position` up to date with every row.
    ///
    /// - Complexity: O(new rows × indexed columns), amortised.
    mutating func updateIndex(_ position: Int) {
        let rowCount = count
        guard indexes[position].indexedCount < rowCount else { return }
        var index = indexes[position]
        indexes[position] = ColumnIndex(columns: [])  // keep `index` uniquely referenced while it grows
        if rowCount > index.buckets.count {
            var capacity = index.buckets.count
            while capacity < rowCount { capacity *= 2 }
            index.buckets = Array(repeating: -1, count: capacity)
            index.indexedCount = 0
            index.next.removeAll(keepingCapacity: true)
        }
        index.next.reserveCapacity(rowCount)
        let mask = index.buckets.count - 1
        for row in index.indexedCount..<rowCount {
            var hash: UInt64 = 0x2545_F491_4F6C_DD1D
            for column in index.columns { hash = mixHash(hash, UInt64(values[row * arity + column])) }
            let bucket = Int(truncatingIfNeeded: hash) & mask
            index.next.append(index.buckets[bucket])
            index.buckets[bucket] = Int32(truncatingIfNeeded: row)
        }
        index.indexedCount = rowCount
        indexes[position] = index
    }
}
