/// Resolves the name in `\p{…}` to a set of scalars.
///
/// Supported, with Rust's loose matching (case, spaces, `_`, `-` and an `Is` prefix ignored): every general
/// category by short or long name (`L`, `Letter`, `Lu`, `Uppercase_Letter`, `gc=Nd`, `digit`…), `Any`, `ASCII`,
/// `Assigned`, the binary properties that the standard library exposes (`Alphabetic`, `White_Space`,
/// `Uppercase`, `Emoji`…), and scripts by name or alias, as `Script` (`\p{Greek}`, `\p{sc=Grek}`) or
/// `Script_Extensions` (`\p{scx=Greek}`), from the tables of ``UnicodeScripts``. Other enumerated properties
/// (`Age`, `Block`, `Word_Break`…) are not supported, and such a pattern is rejected as invalid.
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
            return BinaryPropertyCache.set(named: key) { ScalarSet(hexRanges: line[line.index(after: colon)...]) }
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

    private static func binaryProperty(_ name: String) -> ScalarSet? {
        let tables = UnicodeTables.self
        let test: (Unicode.Scalar.Properties) -> Bool
        let key: String
        switch name {
        case "alphabetic", "alpha": return tables.alphabetic
        case "whitespace", "wspace", "space": return tables.whiteSpace
        case "uppercase", "upper": (key, test) = ("Uppercase", { $0.isUppercase })
        case "lowercase", "lower": (key, test) = ("Lowercase", { $0.isLowercase })
        case "cased": (key, test) = ("Cased", { $0.isCased })
        case "caseignorable", "ci": (key, test) = ("Case_Ignorable", { $0.isCaseIgnorable })
        case "math": (key, test) = ("Math", { $0.isMath })
        case "hexdigit", "hex": (key, test) = ("Hex_Digit", { $0.isHexDigit })
        case "asciihexdigit", "ahex": (key, test) = ("ASCII_Hex_Digit", { $0.isASCIIHexDigit })
        case "dash": (key, test) = ("Dash", { $0.isDash })
        case "diacritic", "dia": (key, test) = ("Diacritic", { $0.isDiacritic })
        case "extender", "ext": (key, test) = ("Extender", { $0.isExtender })
        case "ideographic", "ideo": (key, test) = ("Ideographic", { $0.isIdeographic })
        case "unifiedideograph", "uideo": (key, test) = ("Unified_Ideograph", { $0.isUnifiedIdeograph })
        case "joincontrol", "joinc": (key, test) = ("Join_Control", { $0.isJoinControl })
        case "noncharactercodepoint", "nchar": (key, test) = ("Noncharacter_Code_Point", { $0.isNoncharacterCodePoint })
        case "quotationmark", "qmark": (key, test) = ("Quotation_Mark", { $0.isQuotationMark })
        case "terminalpunctuation", "term": (key, test) = ("Terminal_Punctuation", { $0.isTerminalPunctuation })
        case "sentenceterminal", "sterm": (key, test) = ("Sentence_Terminal", { $0.isSentenceTerminal })
        case "variationselector", "vs": (key, test) = ("Variation_Selector", { $0.isVariationSelector })
        case "idstart", "ids": (key, test) = ("ID_Start", { $0.isIDStart })
        case "idcontinue", "idc": (key, test) = ("ID_Continue", { $0.isIDContinue })
        case "xidstart", "xids": (key, test) = ("XID_Start", { $0.isXIDStart })
        case "xidcontinue", "xidc": (key, test) = ("XID_Continue", { $0.isXIDContinue })
        case "defaultignorablecodepoint", "di":
            (key, test) = ("Default_Ignorable_Code_Point", { $0.isDefaultIgnorableCodePoint })
        case "graphemebase", "grbase": (key, test) = ("Grapheme_Base", { $0.isGraphemeBase })
        case "graphemeextend", "grext": (key, test) = ("Grapheme_Extend", { $0.isGraphemeExtend })
        case "patternsyntax", "patsyn": (key, test) = ("Pattern_Syntax", { $0.isPatternSyntax })
        case "patternwhitespace", "patws": (key, test) = ("Pattern_White_Space", { $0.isPatternWhitespace })
        case "bidicontrol", "bidic": (key, test) = ("Bidi_Control", { $0.isBidiControl })
        case "bidimirrored", "bidim": (key, test) = ("Bidi_Mirrored", { $0.isBidiMirrored })
        case "deprecated", "dep": (key, test) = ("Deprecated", { $0.isDeprecated })
        case "softdotted", "sd": (key, test) = ("Soft_Dotted", { $0.isSoftDotted })
        case "radical": (key, test) = ("Radical", { $0.isRadical })
        case "logicalorderexception", "loe": (key, test) = ("Logical_Order_Exception", { $0.isLogicalOrderException })
        case "emoji": (key, test) = ("Emoji", { $0.isEmoji })
        case "emojipresentation", "epres": (key, test) = ("Emoji_Presentation", { $0.isEmojiPresentation })
        case "emojimodifier", "emod": (key, test) = ("Emoji_Modifier", { $0.isEmojiModifier })
        case "emojimodifierbase", "ebase": (key, test) = ("Emoji_Modifier_Base", { $0.isEmojiModifierBase })
        case "changeswhenlowercased", "cwl": (key, test) = ("CWL", { $0.changesWhenLowercased })
        case "changeswhenuppercased", "cwu": (key, test) = ("CWU", { $0.changesWhenUppercased })
        case "changeswhentitlecased", "cwt": (key, test) = ("CWT", { $0.changesWhenTitlecased })
        case "changeswhencasefolded", "cwcf": (key, test) = ("CWCF", { $0.changesWhenCaseFolded })
        case "changeswhencasemapped", "cwcm": (key, test) = ("CWCM", { $0.changesWhenCaseMapped })
        case "changeswhennfkccasefolded", "cwkcf": (key, test) = ("CWKCF", { $0.changesWhenNFKCCaseFolded })
        default: return nil
        }
        return BinaryPropertyCache.set(named: key, where: test)
    }
}
