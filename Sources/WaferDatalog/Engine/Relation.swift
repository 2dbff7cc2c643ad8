/// A hash index of one relation on a fixed list of columns: the rows whose values in those columns hash
/// alike are chained, newest row first.
///
/// Because each chain is in decreasing row order, a lookup restricted to a row range `lo..<hi` skips the
/// rows at or above `hi` and stops at the first row below `lo`: that is how one index serves the "old",
/// "delta" and "all" views of semi-naive evaluation.
struct ColumnIndex: Sendable {
    /// The relation indexed (its position in the engine's relations).
    let relation: Int
    /// The indexed columns below 64, one bit each.
    let columnMask: UInt64
    /// The indexed columns from 64 on, in increasing order (empty but for very wide relations).
    let wideColumns: [Int]
    /// The position of the relation's next index in the engine's ``Engine/indexes``, or -1.
    let nextOfRelation: Int
    /// The newest row of each bucket, or -1.
    var buckets: [Int32] = []
    /// For each indexed row, the next (older) row of its bucket, or -1.
    var next: [Int32] = []
    /// The rows `0..<indexedCount` are indexed.
    var indexedCount = 0

    /// Relations with at most this many rows are scanned instead of indexed.
    static let scanLimit = 16

    /// The indexed columns, in increasing order.
    var columns: [Int] {
        (0..<64).filter { columnMask & (1 << UInt64($0)) != 0 } + wideColumns
    }

    /// Encodes columns given in increasing order.
    private static func encode(_ columns: some Collection<Int>) -> (mask: UInt64, wide: [Int]) {
        var mask: UInt64 = 0
        var wide: [Int] = []
        for column in columns {
            if column < 64 { mask |= 1 << UInt64(column) } else { wide.append(column) }
        }
        return (mask, wide)
    }

    /// The position in `indexes` of the index of `relation` on `columns` (in increasing order), creating an
    /// empty one the first time; its buckets are allocated when it first indexes rows.
    static func position(
        relation: Int, columns: some Collection<Int>, relations: inout [Relation], indexes: inout [ColumnIndex]
    ) -> Int {
        let (mask, wide) = encode(columns)
        var position = relations[relation].firstIndex
        while position >= 0 {
            if indexes[position].columnMask == mask && indexes[position].wideColumns == wide { return position }
            position = indexes[position].nextOfRelation
        }
        indexes.append(
            ColumnIndex(
                relation: relation, columnMask: mask, wideColumns: wide, nextOfRelation: relations[relation].firstIndex))
        relations[relation].firstIndex = indexes.count - 1
        return indexes.count - 1
    }

    /// Whether ``update(from:)`` has rows of `relation` to add.
    @inline(__always)
    func needsUpdate(_ relation: Relation) -> Bool {
        relation.count > Self.scanLimit && indexedCount < relation.count
    }

    /// Brings the index up to date with every row of `relation`, unless it is small enough to scan
    /// (``scanLimit``).
    ///
    /// - Complexity: O(new rows × indexed columns), amortised.
    mutating func update(from relation: Relation) {
        let rowCount = relation.count
        guard indexedCount < rowCount, rowCount > Self.scanLimit else { return }
        if rowCount > buckets.count {
            var capacity = max(buckets.count, 32)
            while capacity < rowCount { capacity *= 2 }
            buckets = Array(repeating: -1, count: capacity)
            indexedCount = 0
            next.removeAll(keepingCapacity: true)
        }
        next.reserveCapacity(rowCount)
        let mask = buckets.count - 1
        let stride = relation.stride
        for row in indexedCount..<rowCount {
            var hash: UInt64 = 0x2545_F491_4F6C_DD1D
            var columns = columnMask
            while columns != 0 {
                let column = columns.trailingZeroBitCount
                columns &= columns - 1
                hash = mixHash(hash, UInt64(relation.values[row * stride + column]))
            }
            for column in wideColumns { hash = mixHash(hash, UInt64(relation.values[row * stride + column])) }
            let bucket = Int(truncatingIfNeeded: hash) & mask
            next.append(buckets[bucket])
            buckets[bucket] = Int32(truncatingIfNeeded: row)
        }
        indexedCount = rowCount
    }
}

/// The (origin, fact) entries of one predicate name and arity, stored row after row in one array.
///
/// Row `r` occupies `values[r * stride ..< (r + 1) * stride]`: the `arity` term ids, then the origin's bit
/// pattern as two 32-bit words (low, high). Rows are only appended; an open-addressing table over rows
/// keeps (origin, fact) entries distinct.
struct Relation: Sendable {
    /// The predicate's name.
    let name: String
    /// The number of terms of each fact.
    let arity: Int
    /// The number of words of each row: the arity plus two for the origin.
    let stride: Int
    /// The rows.
    private(set) var values: [UInt32] = []
    /// The number of rows.
    private(set) var count = 0
    /// Row numbers plus one, by hash of (values, origin); 0 marks an empty slot. Empty while the relation
    /// is small enough to scan.
    private var dedup: [UInt32] = []
    /// The position of the relation's newest index in the engine's ``Engine/indexes``, or -1.
    var firstIndex = -1

    /// Creates an empty relation.
    init(name: String, arity: Int) {
        self.name = name
        self.arity = arity
        stride = arity + 2
    }

    /// The origin of a row, as an ``OriginSet`` bit pattern.
    @inline(__always)
    func origin(of row: Int) -> UInt64 {
        let base = row &* stride &+ arity
        return UInt64(values[base]) | UInt64(values[base + 1]) << 32
    }

    /// Appends the entry (`row`, `origin`) unless it is already present.
    ///
    /// - Returns: Whether a new row was added.
    /// - Complexity: O(arity), amortised.
    mutating func insert(_ row: UnsafeBufferPointer<UInt32>, origin: UInt64) -> Bool {
        if count < Self.linearLimit {
            // Small relations (most of an authorizer's) skip the hash table: a scan is cheaper than
            // allocating it.
            for existing in 0..<count where rowEquals(existing, row, origin) { return false }
            if values.isEmpty { values.reserveCapacity(stride * Self.linearLimit) }
            append(row, origin)
            if count == Self.linearLimit { growDedup() }
            return true
        }
        var hash = mixHash(0x51_7CC1_B727_220A, origin)
        for value in row { hash = mixHash(hash, UInt64(value)) }
        let mask = dedup.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = dedup[slot]
            if stored == 0 { break }
            if rowEquals(Int(stored) - 1, row, origin) { return false }
            slot = (slot + 1) & mask
        }
        dedup[slot] = UInt32(truncatingIfNeeded: count + 1)
        append(row, origin)
        if count * 2 > dedup.count { growDedup() }
        return true
    }

    /// Below this many rows, duplicates are found by scanning and there is no hash table.
    private static let linearLimit = 4

    @inline(__always)
    private mutating func append(_ row: UnsafeBufferPointer<UInt32>, _ origin: UInt64) {
        values.append(contentsOf: row)
        values.append(UInt32(truncatingIfNeeded: origin))
        values.append(UInt32(truncatingIfNeeded: origin >> 32))
        count += 1
    }

    @inline(__always)
    private func rowEquals(_ existing: Int, _ row: UnsafeBufferPointer<UInt32>, _ origin: UInt64) -> Bool {
        let base = existing * stride
        for column in 0..<arity where values[base + column] != row[column] { return false }
        return origin == self.origin(of: existing)
    }

    private mutating func growDedup() {
        var table = [UInt32](repeating: 0, count: max(16, dedup.count * 2))
        let mask = table.count - 1
        for row in 0..<count {
            var hash = mixHash(0x51_7CC1_B727_220A, origin(of: row))
            for column in 0..<arity { hash = mixHash(hash, UInt64(values[row * stride + column])) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(truncatingIfNeeded: row + 1)
        }
        dedup = table
    }
}
