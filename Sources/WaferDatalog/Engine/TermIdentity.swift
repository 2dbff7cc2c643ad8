/// Byte-exact equality of terms, as Biscuit compares them.
///
/// Swift's `String ==` compares by Unicode canonical equivalence (`"é" == "e\u{301}"`), while Biscuit compares
/// strings by their UTF-8 bytes. Everything the engine interns, joins or compares goes through these
/// functions (and ``ByteHasher``), never through `Term.==`.
extension Term {
    /// Whether two terms are the same value, comparing strings by their UTF-8 bytes.
    ///
    /// - Complexity: O(size of the smaller term).
    static func identical(_ lhs: Term, _ rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.variable(let a), .variable(let b)): return utf8Equal(a, b)
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        case (.date(let a), .date(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.set(let a), .set(let b)):
            return a.count == b.count && a.elements.elementsEqual(b.elements, by: identical)
        case (.array(let a), .array(let b)):
            return a.count == b.count && a.elementsEqual(b, by: identical)
        case (.map(let a), .map(let b)):
            return a.count == b.count
                && a.entries.elementsEqual(b.entries) { left, right in
                    MapKey.identical(left.key, right.key) && identical(left.value, right.value)
                }
        default: return false
        }
    }
}

extension MapKey {
    /// Whether two keys are the same, comparing strings by their UTF-8 bytes.
    static func identical(_ lhs: MapKey, _ rhs: MapKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        default: return false
        }
    }
}

/// Whether two strings have the same UTF-8 bytes (Swift's `==` compares canonical equivalence instead).
@inline(__always)
func utf8Equal(_ lhs: String, _ rhs: String) -> Bool {
    let compared = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right in left.elementsEqual(right) }
    }
    if let compared, let compared { return compared }
    return lhs.utf8.elementsEqual(rhs.utf8)
}

/// Hashes a string's UTF-8 bytes (not its canonical form).
private func hashUTF8(_ string: String, into hasher: inout Hasher) {
    let utf8 = string.utf8
    hasher.combine(utf8.count)
    let hashed: Void? = utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    if hashed == nil {
        for byte in utf8 { hasher.combine(byte) }
    }
}

/// A string as a dictionary key compared by its UTF-8 bytes.
struct StringKey: Hashable, Sendable {
    /// The string.
    let string: String

    static func == (lhs: StringKey, rhs: StringKey) -> Bool { utf8Equal(lhs.string, rhs.string) }

    func hash(into hasher: inout Hasher) { hashUTF8(string, into: &hasher) }
}
