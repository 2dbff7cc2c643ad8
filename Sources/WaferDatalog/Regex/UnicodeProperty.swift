/// Resolves the name in `\p{…}` to a set of scalars.
///
/// Supported, with Rust's loose matching (case, spaces, `_`, `-` and an `Is` prefix ignored): every general
/// category by short or long name (`L`, `Letter`, `Lu`, `Uppercase_Letter`, `gc=Nd`, `digit`…), `Any`, `ASCII`,
/// `Assigned`, the 64 binary properties that Rust supports (`Alphabetic`, `White_Space`, `Uppercase`, `Emoji`,
/// `Extended_Pictographic`…, from ``UnicodeBinaryProperties16``), and scripts by name or alias, as `Script`
/// (`\p{Greek}`, `\p{sc=Grek}`) or `Script_Extensions` (`\p{scx=Greek}`), from ``UnicodeScripts``. The other
/// enumerated properties that Rust supports (`Grapheme_Cluster_Break`, `Word_Break`, `Sentence_Break`)
/// are not, and such a pattern is rejected as invalid; `Age` is (`\p{age=6.0}`, cumulative as in Rust).
enum UnicodeProperty {
    /// The set named `name` (`Lu`, `gc=Lu`, `Alphabetic`…), or `nil` when unknown or unsupported.
    static func set(named name: String) -> ScalarSet? {
        let parts = name.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false) }
        if parts.count == 2 {
            let key = normalize(String(parts[0]))
            let value = normalize(String(parts[1]))
            switch key {
            case "gc", "generalcategory":
                return generalCategory(value)
            case "age":
                return age(String(parts[1]))
            case "sc", "script":
                return script(value, extensions: false)
            case "scx", "scriptextensions":
                return script(value, extensions: true)
            default:
                return nil
            }
        }
        let loose = normalize(name)
        if let set = named(loose) { return set }
        // Loose matching also ignores an "is" prefix: `\p{IsAlphabetic}`.
        if loose.hasPrefix("is") && loose.count > 2 { return named(String(loose.dropFirst(2))) }
        return nil
    }

    private static func named(_ loose: String) -> ScalarSet? {
        if let set = generalCategory(loose) { return set }
        switch loose {
        case "any": return ScalarSet.all
        case "ascii": return ScalarSet(0, 0x7F)
        case "assigned": return UnicodeTables.category(.unassigned).inverted()
        default: return binaryProperty(loose) ?? script(loose, extensions: false)
        }
    }

    /// The scalars of a script, by loosely matched name or alias, as `Script` or as `Script_Extensions`.
    private static func script(_ loose: String, extensions: Bool) -> ScalarSet? {
        let table = extensions ? UnicodeScripts.scriptExtensions : UnicodeScripts.scripts
        for line in table.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let names = line[..<colon].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard names.contains(where: { normalize($0) == loose }), let longName = names.first else { continue }
            let key = (extensions ? "scx=" : "sc=") + longName
            return UnicodeClassCache.set(named: key) { ScalarSet(hexRanges: line[line.index(after: colon)...]) }
        }
        return nil
    }

    /// Lowercases and drops spaces, `_` and `-`, as Unicode's loose matching (UAX44-LM3) does.
    private static func normalize(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars where scalar != " " && scalar != "_" && scalar != "-" {
            result.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return result
    }

    private static func generalCategory(_ name: String) -> ScalarSet? {
        let tables = UnicodeTables.self
        let list: [Unicode.GeneralCategory]
        switch name {
        case "l", "letter": list = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "lc", "casedletter": list = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        case "lu", "uppercaseletter": list = [.uppercaseLetter]
        case "ll", "lowercaseletter": list = [.lowercaseLetter]
        case "lt", "titlecaseletter": list = [.titlecaseLetter]
        case "lm", "modifierletter": list = [.modifierLetter]
        case "lo", "otherletter": list = [.otherLetter]
        case "m", "mark", "combiningmark": list = [.nonspacingMark, .spacingMark, .enclosingMark]
        case "mn", "nonspacingmark": list = [.nonspacingMark]
        case "mc", "spacingmark": list = [.spacingMark]
        case "me", "enclosingmark": list = [.enclosingMark]
        case "n", "number": list = [.decimalNumber, .letterNumber, .otherNumber]
        case "nd", "decimalnumber", "digit": list = [.decimalNumber]
        case "nl", "letternumber": list = [.letterNumber]
        case "no", "othernumber": list = [.otherNumber]
        case "p", "punctuation", "punct":
            list = [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                    .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "pc", "connectorpunctuation": list = [.connectorPunctuation]
        case "pd", "dashpunctuation": list = [.dashPunctuation]
        case "ps", "openpunctuation": list = [.openPunctuation]
        case "pe", "closepunctuation": list = [.closePunctuation]
        case "pi", "initialpunctuation": list = [.initialPunctuation]
        case "pf", "finalpunctuation": list = [.finalPunctuation]
        case "po", "otherpunctuation": list = [.otherPunctuation]
        case "s", "symbol": list = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "sm", "mathsymbol": list = [.mathSymbol]
        case "sc", "currencysymbol": list = [.currencySymbol]
        case "sk", "modifiersymbol": list = [.modifierSymbol]
        case "so", "othersymbol": list = [.otherSymbol]
        case "z", "separator": list = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "zs", "spaceseparator": list = [.spaceSeparator]
        case "zl", "lineseparator": list = [.lineSeparator]
        case "zp", "paragraphseparator": list = [.paragraphSeparator]
        case "c", "other": list = [.control, .format, .surrogate, .privateUse, .unassigned]
        case "cc", "control", "cntrl": list = [.control]
        case "cf", "format": list = [.format]
        case "cs", "surrogate": list = [.surrogate]
        case "co", "privateuse": list = [.privateUse]
        case "cn", "unassigned": list = [.unassigned]
        default: return nil
        }
        return tables.categories(list)
    }

    /// The Unicode versions up to Rust's, as `Age` values.
    private static let ages = [
        "1.1", "2.0", "2.1", "3.0", "3.1", "3.2", "4.0", "4.1", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "6.3", "7.0",
        "8.0", "9.0", "10.0", "11.0", "12.0", "12.1", "13.0", "14.0", "15.0", "15.1", "16.0",
    ]

    /// `\p{age=V}`: as in Rust, every scalar assigned in Unicode version `V` *or earlier* (`3.0` or `V3_0`).
    ///
    /// Derived from the standard library's `Unicode.Scalar.Properties.age` by a scan of the whole code space on
    /// first use of each version (tens of milliseconds), then cached.
    private static func age(_ value: String) -> ScalarSet? {
        var version = value.lowercased().filter { $0 != " " }
        if version.hasPrefix("v") {
            version = String(version.dropFirst()).replacingUnderscores()
        }
        guard let index = ages.firstIndex(of: version) else { return nil }
        let parts = ages[index].split(separator: ".").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        let (major, minor) = (parts[0], parts[1])
        return UnicodeClassCache.set(named: "age=" + ages[index]) {
            var ranges: [(UInt32, UInt32)] = []
            for value in UInt32(0)...ScalarSet.maxScalar {
                guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age,
                      age.major < major || (age.major == major && age.minor <= minor) else { continue }
                if let last = ranges.last, last.1 &+ 1 == value {
                    ranges[ranges.count - 1].1 = value
                } else {
                    ranges.append((value, value))
                }
            }
            return ScalarSet(ranges: ranges)
        }
    }

    /// A binary property of ``UnicodeBinaryProperties16`` by loosely matched name or alias.
    private static func binaryProperty(_ loose: String) -> ScalarSet? {
        for line in UnicodeBinaryProperties16.table.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let names = line[..<colon].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard names.contains(where: { normalize($0) == loose }), let name = names.first else { continue }
            return UnicodeClassCache.set(named: name) { ScalarSet(hexRanges: line[line.index(after: colon)...]) }
        }
        return nil
    }
}

private extension String {
    /// The string with `_` replaced by `.`: `2_1` → `2.1`.
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "." : $0 })
    }
}
