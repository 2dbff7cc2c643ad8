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
