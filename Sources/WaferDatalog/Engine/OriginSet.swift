/// The origin of a fact: the set of blocks (and possibly the authorizer) whose statements produced it.
///
/// A fact written in block `n` has origin `{n}`, an authorizer fact `{authorizer}`, and a fact derived by a
/// rule of block `b` has `{b}` plus the origins of every fact the rule matched. A rule, check or policy sees
/// a fact only when the fact's origin is a subset of what it trusts.
///
/// The set is one 64-bit word: bit `n` for block `n` (`0 ..< World.maxBlockCount`, that is 0…62) and the
/// top bit for the authorizer, so "is this fact visible" is a single AND.
public struct OriginSet: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The bit pattern: bit `n` for block `n`, bit 63 for the authorizer.
    public let rawValue: UInt64

    /// The bit of the authorizer.
    static let authorizerBit: UInt64 = 1 << 63

    /// Creates a set from its bit pattern.
    init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Creates a set from block ids and whether the authorizer belongs to it.
    ///
    /// - Parameters:
    ///   - blockIDs: Block ids in `0 ..< World.maxBlockCount`; other ids are ignored.
    ///   - containsAuthorizer: Whether the authorizer belongs to the set.
    public init(blockIDs: some Sequence<Int>, containsAuthorizer: Bool = false) {
        var bits: UInt64 = containsAuthorizer ? Self.authorizerBit : 0
        for id in blockIDs where id >= 0 && id < World.maxBlockCount { bits |= 1 << UInt64(id) }
        rawValue = bits
    }

    /// The set that holds only the authorizer.
    public static let authorizer = OriginSet(rawValue: authorizerBit)

    /// The block ids in the set, in increasing order.
    public var blockIDs: [Int] {
        (0..<World.maxBlockCount).filter { rawValue & (1 << UInt64($0)) != 0 }
    }

    /// Whether the authorizer belongs to the set.
    public var containsAuthorizer: Bool { rawValue & Self.authorizerBit != 0 }

    /// Whether every member of the set belongs to `other`.
    public func isSubset(of other: OriginSet) -> Bool { rawValue & ~other.rawValue == 0 }

    /// Orders by block ids (lexicographically, as sorted lists: `{authorizer}` comes before `{0}`, as in
    /// biscuit-rust's printed worlds); between sets with the same blocks, the one without the authorizer first.
    public static func < (lhs: OriginSet, rhs: OriginSet) -> Bool {
        let (left, right) = (lhs.blockIDs, rhs.blockIDs)
        if left != right { return left.lexicographicallyPrecedes(right) }
        return !lhs.containsAuthorizer && rhs.containsAuthorizer
    }

    /// The members, as biscuit-rust prints them: block ids, then `authorizer`: `{0, 2, authorizer}`.
    public var description: String {
        "{" + (blockIDs.map(String.init) + (containsAuthorizer ? ["authorizer"] : [])).joined(separator: ", ") + "}"
    }
}
