/// A set of Unicode scalar values, stored as sorted, disjoint, non-adjacent closed ranges.
///
/// Every character class of a pattern (a literal, `.`, `[a-z]`, `\w`, `\p{L}`) becomes one `ScalarSet`.
/// The set operations are the ones that Rust's class syntax needs: union, intersection (`&&`),
/// difference (`--`), symmetric difference (`~~`), complement (`[^…]`) and simple case folding (`(?i)`).
struct ScalarSet: Hashable, Sendable {
    /// Flattened closed ranges: `bounds[2k]...bounds[2k + 1]`, sorted, disjoint and non-adjacent.
    private(set) var bounds: [UInt32]

    /// The largest Unicode scalar value.
    static let maxScalar: UInt32 = 0x10FFFF

    /// The empty set.
    init() {
        bounds = []
    }

    /// The set of one scalar.
    init(_ scalar: UInt32) {
        bounds = [scalar, scalar]
    }

    /// The set of one closed range; `lower` must not exceed `upper`.
    init(_ lower: UInt32, _ upper: UInt32) {
        bounds = [lower, upper]
    }

    /// The set of the given closed ranges, in any order, possibly overlapping.
    init(ranges: [(UInt32, UInt32)]) {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        var merged: [UInt32] = []
        merged.reserveCapacity(sorted.count * 2)
        for (lower, upper) in sorted {
            if let last = merged.last, lower <= last &+ 1 {
                if upper > last { merged[merged.count - 1] = upper }
            } else {
                merged.append(lower)
                merged.append(upper)
            }
        }
        bounds = merged
    }

    /// The set written as space-separated hexadecimal ranges, `41-5A 61-7A AA` in UTF-8, as the generated tables
    /// hold it.
    ///
    /// Characters other than hexadecimal digits, `-` and spaces are ignored; so is a range whose start exceeds
    /// its end.
    init(hexRanges text: some Sequence<UInt8>) {
        var ranges: [(UInt32, UInt32)] = []
        var lower: UInt32 = 0
        var value: UInt32 = 0
        var hasValue = false
        var inUpper = false
        func finish() {
            guard hasValue else { return }
            let start = inUpper ? lower : value
            if start <= value { ranges.append((start, value)) }
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = (value &<< 4) | UInt32(byte &- UInt8(ascii: "0"))
                hasValue = true
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                value = (value &<< 4) | UInt32(byte &- UInt8(ascii: "A") &+ 10)
                hasValue = true
            case UInt8(ascii: "-"):
                lower = value
                value = 0
                inUpper = true
            case UInt8(ascii: " "):
                finish()
                value = 0
                hasValue = false
                inUpper = false
            default:
                break
            }
        }
        finish()
        self.init(ranges: ranges)
    }

    /// Creates a set from bounds that are already sorted, disjoint and non-adjacent.
    init(normalizedBounds: [UInt32]) {
        bounds = normalizedBounds
    }

    /// Hashes the range count and the first and last few bounds: cheap for the big Unicode classes, and enough to
    /// tell the sets of one pattern apart (equality still compares every bound).
    func hash(into hasher: inout Hasher) {
        hasher.combine(bounds.count)
        for bound in bounds.prefix(8) { hasher.combine(bound) }
        for bound in bounds.suffix(8) { hasher.combine(bound) }
    }

    /// The set of every Unicode scalar value.
    static var all: ScalarSet { ScalarSet(0, maxScalar) }

    /// The number of ranges.
    var rangeCount: Int { bounds.count / 2 }

    /// Whether the set holds no scalar.
    var isEmpty: Bool { bounds.isEmpty }

    /// The `index`th range.
    func range(at index: Int) -> (lower: UInt32, upper: UInt32) {
        (bounds[2 * index], bounds[2 * index + 1])
    }

    /// Whether every scalar of the set is ASCII.
    var isASCII: Bool { bounds.last.map { $0 < 0x80 } ?? true }

    /// Whether the set holds `scalar`.
    ///
    /// - Complexity: O(log *r*) for *r* ranges.
    func contains(_ scalar: UInt32) -> Bool {
        var low = 0
        var high = rangeCount
        while low < high {
            let mid = (low + high) / 2
            if scalar < bounds[2 * mid] {
                high = mid
            } else if scalar > bounds[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// The scalars in either set.
    func union(_ other: ScalarSet) -> ScalarSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var ranges: [(UInt32, UInt32)] = []
        ranges.reserveCapacity(rangeCount + other.rangeCount)
        for index in 0..<rangeCount { ranges.append(range(at: index)) }
        for index in 0..<other.rangeCount { ranges.append(other.range(at: index)) }
        return ScalarSet(ranges: ranges)
    }

    /// The scalars not in this set.
    func inverted() -> ScalarSet {
        var result: [UInt32] = []
        result.reserveCapacity(bounds.count + 2)
        var next: UInt32 = 0
        for index in 0..<rangeCount {
            let (lower, upper) = range(at: index)
            if lower > next {
                result.append(next)
                result.append(lower - 1)
            }
            next = upper &+ 1
        }
        if next <= Self.maxScalar && (isEmpty || bounds[bounds.count - 1] < Self.maxScalar) {
            result.append(next)
            result.append(Self.maxScalar)
        }
        return ScalarSet(normalizedBounds: result)
    }

    /// The scalars in both sets.
    func intersection(_ other: ScalarSet) -> ScalarSet {
        var result: [UInt32] = []
        var left = 0
        var right = 0
        while left < rangeCount && right < other.rangeCount {
            let (a0, a1) = range(at: left)
            let (b0, b1) = other.range(at: right)
            let lower = max(a0, b0)
            let upper = min(a1, b1)
            if lower <= upper {
                result.append(lower)
                result.append(upper)
            }
            if a1 < b1 { left += 1 } else { right += 1 }
        }
        return ScalarSet(normalizedBounds: result)
    }

    /// The scalars in this set but not in `other`.
    func subtracting(_ other: ScalarSet) -> ScalarSet {
        intersection(other.inverted())
    }

    /// The scalars in exactly one of the two sets.
    func symmetricDifference(_ other: ScalarSet) -> ScalarSet {
        union(other).subtracting(intersection(other))
    }

    /// This set closed under simple case folding: every scalar's case variants are added.
    ///
    /// - Parameter asciiOnly: Fold only ASCII letters, as Rust does when Unicode mode is off (`(?-u)`).
    func caseFolded(asciiOnly: Bool) -> ScalarSet {
        var added: [(UInt32, UInt32)] = []
        if asciiOnly {
            for index in 0..<rangeCount {
                let (lower, upper) = range(at: index)
                let upperLetters = (max(lower, 0x41), min(upper, 0x5A))
                if upperLetters.0 <= upperLetters.1 { added.append((upperLetters.0 + 32, upperLetters.1 + 32)) }
                let lowerLetters = (max(lower, 0x61), min(upper, 0x7A))
                if lowerLetters.0 <= lowerLetters.1 { added.append((lowerLetters.0 - 32, lowerLetters.1 - 32)) }
            }
        } else {
            let table = CaseFolding.table
            for index in 0..<rangeCount {
                let (lower, upper) = range(at: index)
                table.forEachVariant(ofScalarsIn: lower...upper) { added.append(($0, $0)) }
            }
        }
        if added.isEmpty { return self }
        return union(ScalarSet(ranges: added))
    }
}
