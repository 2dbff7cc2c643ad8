import Synchronization

/// Sets of Unicode classes (`\p{Emoji}`, `\p{Greek}`, `\w`…), parsed from the generated tables on first use and
/// shared by every pattern of the process.
///
/// A shared cache behind a `Mutex`, as STYLE §7 asks. It holds at most one set per supported property value, a
/// few hundred in all, so it needs no eviction.
enum UnicodeClassCache {
    private static let cache = Mutex<[String: ScalarSet]>([:])

    /// The set cached under `name`, made by `make` on first use.
    static func set(named name: String, make: () -> ScalarSet) -> ScalarSet {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let set = make()
        cache.withLock { $0[name] = set }
        return set
    }
}
