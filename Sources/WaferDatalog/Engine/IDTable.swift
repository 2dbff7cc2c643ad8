/// An open-addressing hash table from a caller-computed 64-bit hash to 32-bit ids.
///
/// The engine's interning tables (terms, predicate names) use it instead of `Dictionary` so that a lookup
/// costs one fast hash of the key's bytes (``ByteHasher``) and no `Hasher` seeding and finalisation; the
/// caller decides equality, so strings compare by UTF-8 bytes.
struct IDTable: Sendable {
    /// Per slot: the hash's high 32 bits (which also choose the slot) and the id plus one in the low 32
    /// bits; 0 marks an empty slot.
    private var slots: [UInt64]
    /// The number of ids stored.
    private(set) var count = 0

    /// Creates a table with room for `capacity` ids before it grows.
    init(capacity: Int) {
        var size = 8
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
    }

    /// The id stored under `hash` for which `matches` holds, or `nil`.
    @inline(__always)
    func find(hash: UInt64, _ matches: (UInt32) -> Bool) -> UInt32? {
        let mask = slots.count - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: tag) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored >> 32 == tag {
                let id = UInt32(truncatingIfNeeded: stored) - 1
                if matches(id) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `id` under `hash`; the caller has checked that no equal key is present.
    mutating func insert(hash: UInt64, id: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        place((hash >> 32) << 32 | UInt64(id + 1))
        count += 1
    }

    private mutating func place(_ entry: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entry >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    /// Doubles the table, re-placing each entry by its stored tag.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        for entry in old where entry != 0 { place(entry) }
    }
}

/// A fast, non-cryptographic hash of bytes and words for the engine's own tables (not `Hasher`: no
/// per-call seeding; the tables hold only the world's own terms, so flooding resistance is not needed
/// beyond what the fact budget already bounds).
enum ByteHasher {
    /// Hashes bytes eight at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = mixHash(seed, UInt64(bytes.count))
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mixHash(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = mixHash(hash, tail)
        }
        return finalize(hash)
    }

    /// Hashes a string's UTF-8 bytes.
    @inline(__always)
    static func hash(_ string: String, seed: UInt64) -> UInt64 {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// Spreads the bits of a running hash (so that its high bits, which choose ``IDTable`` slots, depend on
    /// every input bit).
    @inline(__always)
    static func finalize(_ hash: UInt64) -> UInt64 {
        var value = hash ^ (hash >> 33)
        value = value &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value = value &* 0xC4CE_B9FE_1A85_EC53
        return value ^ (value >> 33)
    }

    /// Hashes a term consistently with `Term.==` (strings by their bytes).
    static func hash(_ term: Term) -> UInt64 {
        finalize(combine(term, into: 0x1234_5678_9ABC_DEF1))
    }

    private static func combine(_ term: Term, into hash: UInt64) -> UInt64 {
        switch term {
        case .variable(let name): return mixHash(hash, Self.hash(name, seed: 1))
        case .integer(let value): return mixHash(mixHash(hash, 2), UInt64(bitPattern: value))
        case .string(let value): return mixHash(hash, Self.hash(value, seed: 3))
        case .date(let value): return mixHash(mixHash(hash, 4), value)
        case .bytes(let value): return mixHash(hash, value.withUnsafeBytes { Self.hash($0, seed: 5) })
        case .bool(let value): return mixHash(mixHash(hash, 6), value ? 1 : 0)
        case .set(let set):
            var result = mixHash(mixHash(hash, 7), UInt64(set.count))
            for element in set.elements { result = combine(element, into: result) }
            return result
        case .null: return mixHash(hash, 8)
        case .array(let elements):
            var result = mixHash(mixHash(hash, 9), UInt64(elements.count))
            for element in elements { result = combine(element, into: result) }
            return result
        case .map(let map):
            var result = mixHash(mixHash(hash, 10), UInt64(map.count))
            for entry in map.entries {
                result = combine(entry.key.term, into: result)
                result = combine(entry.value, into: result)
            }
            return result
        }
    }
}

