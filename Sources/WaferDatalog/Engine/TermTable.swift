/// The interning table of a world: every distinct ground term gets a 32-bit id.
///
/// Two terms get the same id exactly when they are the same Biscuit value (strings compared by their UTF-8
/// bytes), so the join compares ids, never terms. Interning happens only when statements are loaded:
/// a rule's head takes its terms from body bindings or from constants interned at load time, so the
/// fixpoint never hashes a term.
struct TermTable: Sendable {
    /// The terms, by id.
    private(set) var terms: [Term] = []
    /// The id of each term, by ``ByteHasher`` hash.
    private var ids: IDTable

    /// Creates a table with room for `capacity` terms.
    init(capacity: Int = 64) {
        terms.reserveCapacity(capacity)
        ids = IDTable(capacity: capacity)
    }

    /// The id of `term`, interning it the first time.
    ///
    /// - Complexity: O(size of the term), amortised.
    mutating func intern(_ term: Term) -> UInt32 {
        let hash = ByteHasher.hash(term)
        if let id = ids.find(hash: hash, { Self.isSame(terms[Int($0)], term) }) { return id }
        let id = UInt32(truncatingIfNeeded: terms.count)
        terms.append(term)
        ids.insert(hash: hash, id: id)
        return id
    }

    /// `lhs == rhs`, with strings and integers (most of a world's terms) compared directly.
    @inline(__always)
    private static func isSame(_ lhs: Term, _ rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.string(let left), .string(let right)): return utf8Equal(left, right)
        case (.integer(let left), .integer(let right)): return left == right
        default: return lhs == rhs
        }
    }

    /// The id of `term`, or `nil` when no fact or statement holds it.
    func id(of term: Term) -> UInt32? {
        ids.find(hash: ByteHasher.hash(term)) { terms[Int($0)] == term }
    }

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
