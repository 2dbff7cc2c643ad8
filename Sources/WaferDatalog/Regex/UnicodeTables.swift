import Synchronization

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
            guard let properties = UnicodeTables.assignedProperties(value), properties.changesWhenCaseFolded else {
                continue
            }
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

/// The Unicode character tables behind `\d`, `\w`, `\s`, `\b` and `\p{…}`, derived from the standard library's
/// `Unicode.Scalar.Properties`, built once per process on first use (about 40 ms).
///
/// Rust's regex crate (regex-syntax 0.8.5 and later, which biscuit-rust uses) has Unicode 16.0 tables, while the
/// standard library may know a later version: scalars assigned after ``unicodeVersion`` are treated as
/// unassigned, so that `\w` or `\pS` answer as Rust does. (Property changes to older scalars in later versions
/// are not undone.)
///
/// Planes 0–3 and 14 are scanned; planes 4–13 are unassigned and planes 15–16 are private use (apart from their
/// last two noncharacters) in every Unicode version to date, so they are filled in without a scan.
struct UnicodeTables: Sendable {
    /// One set per general category, indexed by `GeneralCategoryIndex`.
    let categories: [ScalarSet]
    /// `Alphabetic`.
    let alphabetic: ScalarSet
    /// `White_Space`: Rust's `\s`.
    let whiteSpace: ScalarSet
    /// Rust's Unicode `\w`: Alphabetic, marks, decimal numbers, connector punctuation and Join_Control.
    let word: ScalarSet

    /// The process-wide tables.
    static let shared = UnicodeTables()

    /// The Unicode version of Rust's regex crate as biscuit-rust uses it: major version 16.
    static let unicodeVersion = 16

    /// The properties of `value` if it is a scalar assigned in ``unicodeVersion`` or earlier.
    static func assignedProperties(_ value: UInt32) -> Unicode.Scalar.Properties? {
        guard let scalar = Unicode.Scalar(value) else { return nil }
        let properties = scalar.properties
        guard let age = properties.age, age.major <= unicodeVersion else { return nil }
        return properties
    }

    /// The order of `categories`.
    static let categoryOrder: [Unicode.GeneralCategory] = [
        .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark,
        .decimalNumber, .letterNumber, .otherNumber,
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
        .finalPunctuation, .otherPunctuation,
        .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
        .spaceSeparator, .lineSeparator, .paragraphSeparator,
        .control, .format, .surrogate, .privateUse, .unassigned,
    ]

    private init() {
        let order = Self.categoryOrder
        var categoryRanges = [[(UInt32, UInt32)]](repeating: [], count: order.count)
        var indexOf: [Unicode.GeneralCategory: Int] = [:]
        for (index, category) in order.enumerated() { indexOf[category] = index }
        let unassigned = indexOf[.unassigned] ?? 0
        var alphabetic: [(UInt32, UInt32)] = []
        var whiteSpace: [(UInt32, UInt32)] = []
        var joinControl: [(UInt32, UInt32)] = []

        // Run-length accumulation: extend the last range when the scalar follows it.
        func add(_ value: UInt32, to ranges: inout [(UInt32, UInt32)]) {
            if let last = ranges.last, last.1 &+ 1 == value {
                ranges[ranges.count - 1].1 = value
            } else {
                ranges.append((value, value))
            }
        }
        func scan(_ scanned: ClosedRange<UInt32>) {
            for value in scanned {
                if (0xD800...0xDFFF).contains(value) {
                    // Surrogate code points are not scalars; list them under Cs for completeness.
                    add(value, to: &categoryRanges[indexOf[.surrogate] ?? 0])
                    continue
                }
                guard let properties = Self.assignedProperties(value) else {
                    // Unassigned, or assigned after the Unicode version of Rust's tables.
                    add(value, to: &categoryRanges[unassigned])
                    continue
                }
                add(value, to: &categoryRanges[indexOf[properties.generalCategory] ?? 0])
                if properties.isAlphabetic { add(value, to: &alphabetic) }
                if properties.isWhitespace { add(value, to: &whiteSpace) }
                if properties.isJoinControl { add(value, to: &joinControl) }
            }
        }
        scan(0...0x3FFFF)
        scan(0xE0000...0xEFFFF)
        let privateUse = indexOf[.privateUse] ?? 0
        categoryRanges[unassigned].append((0x40000, 0xDFFFF))
        for plane in UInt32(15)...16 {
            let base = plane << 16
            categoryRanges[privateUse].append((base, base + 0xFFFD))
            categoryRanges[unassigned].append((base + 0xFFFE, base + 0xFFFF))
        }
        categories = categoryRanges.map { ScalarSet(ranges: $0) }
        self.alphabetic = ScalarSet(ranges: alphabetic)
        self.whiteSpace = ScalarSet(ranges: whiteSpace)
        func category(_ category: Unicode.GeneralCategory) -> ScalarSet {
            indexOf[category].map { categoryRanges[$0] }.map { ScalarSet(ranges: $0) } ?? ScalarSet()
        }
        word = self.alphabetic
            .union(category(.nonspacingMark)).union(category(.spacingMark)).union(category(.enclosingMark))
            .union(category(.decimalNumber)).union(category(.connectorPunctuation))
            .union(ScalarSet(ranges: joinControl))
    }

    /// The set of one general category.
    func category(_ category: Unicode.GeneralCategory) -> ScalarSet {
        guard let index = Self.categoryOrder.firstIndex(of: category) else { return ScalarSet() }
        return categories[index]
    }

    /// The union of several general categories.
    func categories(_ list: [Unicode.GeneralCategory]) -> ScalarSet {
        list.reduce(ScalarSet()) { $0.union(category($1)) }
    }
}

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
                guard let properties = UnicodeTables.assignedProperties(value), test(properties) else { continue }
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
