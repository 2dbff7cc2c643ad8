/// Unicode simple case folding, derived once per process from the standard library's case mappings.
///
/// Rust's `(?i)` matches the scalars that have the same simple case folding (CaseFolding.txt, statuses C and
/// S). The standard library does not expose case folding, so the orbits are derived: every scalar that changes
/// under case folding (`Changes_When_Casefolded`) is joined with its single-scalar lowercase, uppercase and
/// titlecase mappings. So `k`, `K` and the Kelvin sign U+212A form one orbit, as do `s`, `S` and `ſ`, and
/// `σ`, `ς`, `Σ`; full mappings to several scalars (`ß` → `SS`) are ignored, as simple folding ignores them; and
/// dotless `ı`, which does not change under folding, stays alone, as in Rust. Known difference: the two
/// status-S pairs that no case mapping links (U+1FD3/U+0390 and U+1FE3/U+03B0) are not joined.
struct CaseFolding: Sendable {
    /// Every scalar that has at least one case variant, sorted.
    private let scalars: [UInt32]
    /// For `scalars[i]`, its variants (the orbit minus itself) are `variants[offsets[i]..<offsets[i + 1]]`.
    private let offsets: [Int]
    private let variants: [UInt32]

    /// The process-wide table, built on first use (about 2,900 scalars, a few milliseconds).
    static let table = CaseFolding()

    private init() {
        // Union-find over scalars that change under some case mapping. All of them lie in planes 0 and 1.
        var parent: [UInt32: UInt32] = [:]
        func find(_ scalar: UInt32) -> UInt32 {
            var root = scalar
            while let next = parent[root], next != root { root = next }
            var walker = scalar
            while let next = parent[walker], next != root {
                parent[walker] = root
                walker = next
            }
            return root
        }
        func unite(_ a: UInt32, _ b: UInt32) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let rootA = find(a)
            let rootB = find(b)
            if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
        }
        func single(_ mapping: String) -> UInt32? {
            var iterator = mapping.unicodeScalars.makeIterator()
            guard let first = iterator.next(), iterator.next() == nil else { return nil }
            return first.value
        }
        for value in UInt32(0)...0x1FFFF {
            // The cheap test first: only about 1,500 scalars change under case folding. The standard library
            // says U+1FBE GREEK PROSGEGRAMMENI does not, yet CaseFolding.txt folds it to U+03B9 (status C), and
            // Rust matches it with ι, Ι and U+0345: it is the one exception, found by checking every cased
            // scalar against biscuit-rust.
            guard let scalar = Unicode.Scalar(value),
                  scalar.properties.changesWhenCaseFolded || value == 0x1FBE,
                  let properties = UnicodeTables.assignedProperties(value) else { continue }
            for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                if let other = single(mapping), other != value { unite(value, other) }
            }
        }
        var orbits: [UInt32: [UInt32]] = [:]
        for scalar in parent.keys { orbits[find(scalar), default: []].append(scalar) }
        var scalars: [UInt32] = []
        var offsets: [Int] = [0]
        var variants: [UInt32] = []
        for scalar in parent.keys.sorted() {
            let orbit = orbits[find(scalar)] ?? []
            scalars.append(scalar)
            for member in orbit.sorted() where member != scalar { variants.append(member) }
            offsets.append(variants.count)
        }
        self.scalars = scalars
        self.offsets = offsets
        self.variants = variants
    }

    /// Calls `body` with every case variant of every scalar in `range`.
    ///
    /// - Complexity: O(log *c* + *k*) where *c* is the number of cased scalars and *k* those in `range`.
    func forEachVariant(ofScalarsIn range: ClosedRange<UInt32>, _ body: (UInt32) -> Void) {
        var low = 0
        var high = scalars.count
        while low < high {
            let mid = (low + high) / 2
            if scalars[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < scalars.count && scalars[index] <= range.upperBound {
            for variant in variants[offsets[index]..<offsets[index + 1]] { body(variant) }
            index += 1
        }
    }
}
