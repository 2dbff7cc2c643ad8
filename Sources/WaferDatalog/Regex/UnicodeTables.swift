/// The Unicode character tables behind `\d`, `\w`, `\s`, `\b` and `\p{…}` general categories, as of Unicode
/// 16.0, the version of Rust's regex crate as biscuit-rust uses it.
///
/// General categories, `Alphabetic`, `White_Space` and `Join_Control` come from the generated ``UnicodeData16``;
/// each set is parsed on first use and shared through ``UnicodeClassCache`` (`\d` costs microseconds, `\w` about
/// a millisecond, `\p{Cn}`, which needs every category, a few milliseconds). Case folding, which no generated
/// table holds, is derived from the standard library's `Unicode.Scalar.Properties`, with scalars assigned after
/// Unicode 16.0 treated as unassigned (``assignedProperties(_:)``).
enum UnicodeTables {
    /// The Unicode version of Rust's regex crate as biscuit-rust uses it: major version 16.
    static let unicodeVersion = 16

    /// The properties of `value` if it is a scalar assigned in ``unicodeVersion`` or earlier.
    static func assignedProperties(_ value: UInt32) -> Unicode.Scalar.Properties? {
        guard let scalar = Unicode.Scalar(value) else { return nil }
        let properties = scalar.properties
        guard let age = properties.age, age.major <= unicodeVersion else { return nil }
        return properties
    }

    /// `Alphabetic`.
    static var alphabetic: ScalarSet { line("Alphabetic") }

    /// `White_Space`: Rust's `\s`.
    static var whiteSpace: ScalarSet { line("White_Space") }

    /// Rust's Unicode `\w`: Alphabetic, marks, decimal numbers, connector punctuation and Join_Control.
    static var word: ScalarSet {
        UnicodeClassCache.set(named: "\\w") {
            categories([.nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation])
                .union(alphabetic).union(line("Join_Control"))
        }
    }

    /// The set of one general category.
    static func category(_ category: Unicode.GeneralCategory) -> ScalarSet {
        switch category {
        case .surrogate:
            return ScalarSet(0xD800, 0xDFFF)
        case .unassigned:
            return UnicodeClassCache.set(named: "gc=Cn") {
                let assigned: [Unicode.GeneralCategory] = [
                    .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
                    .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                    .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                    .modifierSymbol, .otherSymbol, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
                    .format, .surrogate, .privateUse,
                ]
                return categories(assigned).inverted()
            }
        default:
            return line(abbreviation(category))
        }
    }

    /// The union of several general categories.
    static func categories(_ list: [Unicode.GeneralCategory]) -> ScalarSet {
        var ranges: [(UInt32, UInt32)] = []
        for member in list {
            let set = category(member)
            for index in 0..<set.rangeCount { ranges.append(set.range(at: index)) }
        }
        return ScalarSet(ranges: ranges)
    }

    /// The two-letter name of a category, as ``UnicodeData16`` lists it.
    private static func abbreviation(_ category: Unicode.GeneralCategory) -> String {
        switch category {
        case .uppercaseLetter: "Lu"
        case .lowercaseLetter: "Ll"
        case .titlecaseLetter: "Lt"
        case .modifierLetter: "Lm"
        case .otherLetter: "Lo"
        case .nonspacingMark: "Mn"
        case .spacingMark: "Mc"
        case .enclosingMark: "Me"
        case .decimalNumber: "Nd"
        case .letterNumber: "Nl"
        case .otherNumber: "No"
        case .connectorPunctuation: "Pc"
        case .dashPunctuation: "Pd"
        case .openPunctuation: "Ps"
        case .closePunctuation: "Pe"
        case .initialPunctuation: "Pi"
        case .finalPunctuation: "Pf"
        case .otherPunctuation: "Po"
        case .mathSymbol: "Sm"
        case .currencySymbol: "Sc"
        case .modifierSymbol: "Sk"
        case .otherSymbol: "So"
        case .spaceSeparator: "Zs"
        case .lineSeparator: "Zl"
        case .paragraphSeparator: "Zp"
        case .control: "Cc"
        case .format: "Cf"
        case .surrogate: "Cs"
        case .privateUse: "Co"
        case .unassigned: "Cn"
        @unknown default: "Cn"
        }
    }

    /// The set of one line of ``UnicodeData16``, parsed on first use.
    private static func line(_ name: String) -> ScalarSet {
        UnicodeClassCache.set(named: "ucd:" + name) {
            let prefix = Array((name + ":").utf8)
            for line in UnicodeData16.table.utf8.split(separator: UInt8(ascii: "\n"))
            where line.starts(with: prefix) {
                return ScalarSet(hexRanges: line.dropFirst(prefix.count))
            }
            return ScalarSet()
        }
    }
}
