/// A value or a variable in a Datalog statement.
///
/// Terms are the values of the Biscuit v3.3 Datalog language. Strings compare, hash and order by their UTF-8
/// bytes and are never Unicode-normalised (Swift's own `String ==` uses canonical equivalence, so `"é"` and
/// `"e\u{301}"` would be equal; as terms they are not); dates are seconds since the Unix epoch, UTC.
public indirect enum Term: Hashable, Sendable {
    /// A variable, named without its `$` sigil: `$user` is `.variable("user")`.
    case variable(String)
    /// A signed 64-bit integer.
    case integer(Int64)
    /// A UTF-8 string.
    case string(String)
    /// A date, in seconds since 1970-01-01T00:00:00Z.
    case date(UInt64)
    /// A byte string, written `hex:0a1b` in text.
    case bytes([UInt8])
    /// A Boolean.
    case bool(Bool)
    /// A set of scalar terms of one type, written `{1, 2}`; the empty set is `{,}`.
    case set(TermSet)
    /// The null value.
    case null
    /// An array of terms, written `[1, "a"]`.
    case array([Term])
    /// A map from integer or string keys to terms, written `{"a": 1, 2: true}`; the empty map is `{}`.
    case map(TermMap)

    /// Whether the term contains no variable at any depth, so that it can stand in a fact.
    public var isGround: Bool {
        switch self {
        case .variable: return false
        case .integer, .string, .date, .bytes, .bool, .null, .set: return true
        case .array(let elements): return elements.allSatisfy(\.isGround)
        case .map(let map): return map.entries.allSatisfy { $0.value.isGround }
        }
    }

    /// The name `.type()` returns for the term: `"integer"`, `"string"`, `"date"`, `"bytes"`, `"bool"`,
    /// `"set"`, `"null"`, `"array"` or `"map"`; `nil` for a variable.
    public var typeName: String? {
        switch self {
        case .variable: return nil
        case .integer: return "integer"
        case .string: return "string"
        case .date: return "date"
        case .bytes: return "bytes"
        case .bool: return "bool"
        case .set: return "set"
        case .null: return "null"
        case .array: return "array"
        case .map: return "map"
        }
    }
}

/// A set of terms in canonical order, so that two sets with the same elements are equal and hash alike.
///
/// The order is the one of ``Term/canonicalOrder(_:_:)``: by type (integer, string, date, bytes, bool, set,
/// null, array, map), then by value, strings by their UTF-8 bytes.
public struct TermSet: Hashable, Sendable, Sequence {
    /// The elements, sorted and without duplicates.
    public private(set) var elements: [Term]

    /// Creates a set from any terms, sorting them and dropping duplicates.
    ///
    /// - Parameter elements: The terms of the set, in any order, duplicates allowed.
    public init(_ elements: some Sequence<Term>) {
        var sorted = Array(elements)
        sorted.sort(by: Term.canonicalOrder)
        var unique: [Term] = []
        unique.reserveCapacity(sorted.count)
        for element in sorted where unique.last != element {
            unique.append(element)
        }
        self.elements = unique
    }

    /// The number of elements.
    public var count: Int { elements.count }

    /// Whether the set has no element.
    public var isEmpty: Bool { elements.isEmpty }

    /// Whether `term` is an element of the set.
    ///
    /// - Complexity: O(log n).
    public func contains(_ term: Term) -> Bool {
        var low = 0
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if Term.canonicalOrder(elements[middle], term) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < elements.count && elements[low] == term
    }

    /// Returns an iterator over the elements in canonical order.
    public func makeIterator() -> IndexingIterator<[Term]> { elements.makeIterator() }
}

/// A key of a ``TermMap``: an integer or a string.
public enum MapKey: Hashable, Sendable {
    /// An integer key.
    case integer(Int64)
    /// A string key.
    case string(String)

    /// The key as a term.
    public var term: Term {
        switch self {
        case .integer(let value): return .integer(value)
        case .string(let value): return .string(value)
        }
    }

    /// The canonical order of keys: integers first, by value, then strings by UTF-8 bytes.
    public static func canonicalOrder(_ lhs: MapKey, _ rhs: MapKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b
        case (.integer, .string): return true
        case (.string, .integer): return false
        case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }
}

/// A map from ``MapKey`` to ``Term`` in canonical key order; a key appears once (the last value given wins).
public struct TermMap: Hashable, Sendable {
    /// The entries, sorted by ``MapKey/canonicalOrder(_:_:)``, each key once.
    public private(set) var entries: [(key: MapKey, value: Term)]

    /// Creates a map from key–value pairs; when a key repeats, the last value wins.
    ///
    /// - Parameter pairs: The entries, in any order.
    public init(_ pairs: some Sequence<(MapKey, Term)>) {
        var byKey: [MapKey: Term] = [:]
        for (key, value) in pairs { byKey[key] = value }
        entries = byKey.map { (key: $0.key, value: $0.value) }
            .sorted { MapKey.canonicalOrder($0.key, $1.key) }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value stored under `key`, or `nil` when the map has no such key.
    ///
    /// - Complexity: O(log n).
    public subscript(key: MapKey) -> Term? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if MapKey.canonicalOrder(entries[middle].key, key) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < entries.count && entries[low].key == key ? entries[low].value : nil
    }

    /// Two maps are equal when they have the same keys with equal values.
    public static func == (lhs: TermMap, rhs: TermMap) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes every key and value in canonical order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}

extension Term {
    /// The rank of each type in the canonical order.
    private var typeRank: Int {
        switch self {
        case .variable: return -1
        case .integer: return 0
        case .string: return 1
        case .date: return 2
        case .bytes: return 3
        case .bool: return 4
        case .set: return 5
        case .null: return 6
        case .array: return 7
        case .map: return 8
        }
    }

    /// A strict total order on terms, used to keep sets and printed worlds canonical.
    ///
    /// Terms order first by type (variable, integer, string, date, bytes, bool, set, null, array, map), then
    /// by value: strings and bytes by their bytes, `false` before `true`, sets, arrays and maps element by
    /// element.
    ///
    /// - Returns: `true` when `lhs` comes strictly before `rhs`.
    public static func canonicalOrder(_ lhs: Term, _ rhs: Term) -> Bool {
        let (leftRank, rightRank) = (lhs.typeRank, rhs.typeRank)
        if leftRank != rightRank { return leftRank < rightRank }
        switch (lhs, rhs) {
        case (.variable(let a), .variable(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.integer(let a), .integer(let b)): return a < b
        case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.date(let a), .date(let b)): return a < b
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b)
        case (.bool(let a), .bool(let b)): return !a && b
        case (.set(let a), .set(let b)):
            return a.elements.lexicographicallyPrecedes(b.elements, by: canonicalOrder)
        case (.array(let a), .array(let b)):
            return a.lexicographicallyPrecedes(b, by: canonicalOrder)
        case (.map(let a), .map(let b)):
            return a.entries.lexicographicallyPrecedes(b.entries) { left, right in
                if left.key != right.key { return MapKey.canonicalOrder(left.key, right.key) }
                return canonicalOrder(left.value, right.value)
            }
        default: return false
        }
    }
}

extension Term {
    /// Whether two terms are the same value; strings and variable names compare by their UTF-8 bytes.
    ///
    /// - Complexity: O(size of the smaller term).
    public static func == (lhs: Term, rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.variable(let a), .variable(let b)): return utf8Equal(a, b)
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        case (.date(let a), .date(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.set(let a), .set(let b)): return a.elements == b.elements
        case (.array(let a), .array(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        default: return false
        }
    }

    /// Hashes the term consistently with `==`: strings by their UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .variable(let name):
            hasher.combine(0 as UInt8)
            hashUTF8(name, into: &hasher)
        case .integer(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(2 as UInt8)
            hashUTF8(value, into: &hasher)
        case .date(let value):
            hasher.combine(3 as UInt8)
            hasher.combine(value)
        case .bytes(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)
        case .bool(let value):
            hasher.combine(5 as UInt8)
            hasher.combine(value)
        case .set(let set):
            hasher.combine(6 as UInt8)
            hasher.combine(set.elements)
        case .null:
            hasher.combine(7 as UInt8)
        case .array(let elements):
            hasher.combine(8 as UInt8)
            hasher.combine(elements)
        case .map(let map):
            hasher.combine(9 as UInt8)
            hasher.combine(map)
        }
    }
}

extension MapKey {
    /// Whether two keys are the same; strings compare by their UTF-8 bytes.
    public static func == (lhs: MapKey, rhs: MapKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        default: return false
        }
    }

    /// Hashes the key consistently with `==`: strings by their UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .integer(let value):
            hasher.combine(0 as UInt8)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(1 as UInt8)
            hashUTF8(value, into: &hasher)
        }
    }
}

/// Whether two strings have the same UTF-8 bytes (Swift's `==` compares canonical equivalence instead).
///
/// Compares the lengths first, then 8 bytes at a time: the engine calls this for every relation-name and
/// variable lookup.
func utf8Equal(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    var (lhs, rhs) = (lhs, rhs)
    return lhs.withUTF8 { left in
        rhs.withUTF8 { right in
            let (left, right) = (UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
            var offset = 0
            while offset + 8 <= left.count {
                if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            while offset < left.count {
                if left[offset] != right[offset] { return false }
                offset += 1
            }
            return true
        }
    }
}

/// Hashes a string's UTF-8 bytes (not its canonical form).
func hashUTF8(_ string: String, into hasher: inout Hasher) {
    let utf8 = string.utf8
    hasher.combine(utf8.count)
    let hashed: Void? = utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    if hashed == nil {
        for byte in utf8 { hasher.combine(byte) }
    }
}
