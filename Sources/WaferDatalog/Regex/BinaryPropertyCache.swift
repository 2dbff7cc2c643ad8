import Synchronization

/// Sets for binary Unicode properties (`\p{Emoji}`, `\p{Uppercase}`…), computed on first use and shared.
///
/// A shared cache behind a `Mutex`, as STYLE §7 asks: each property costs one scan of the scanned planes.
enum BinaryPropertyCache {
    private static let cache = Mutex<[String: ScalarSet]>([:])

    /// The set cached under `name`, made by `make` on first use.
    static func set(named name: String, make: () -> ScalarSet) -> ScalarSet {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let set = make()
        cache.withLock { $0[name] = set }
        return set
    }

    /// The set of scalars for which `test` holds, cached under `name`.
    static func set(named name: String, where test: (Unicode.Scalar.Properties) -> Bool) -> ScalarSet {
        set(named: name) { scan(where: test) }
    }

    private static func scan(where test: (Unicode.Scalar.Properties) -> Bool) -> ScalarSet {
        var ranges: [(UInt32, UInt32)] = []
        for scanned in [UInt32(0)...0x3FFFF, 0xE0000...0xEFFFF] {
            for value in scanned {
                guard let scalar = Unicode.Scalar(value), test(scalar.properties),
                      UnicodeTables.assignedProperties(value) != nil else { continue }
                if let last = ranges.last, last.1 &+ 1 == value {
                    ranges[ranges.count - 1].1 = value
                } else {
                    ranges.append((value, value))
                }
            }
        }
        return ScalarSet(ranges: ranges)
    }
}
