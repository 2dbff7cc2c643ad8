/// Parses a pattern in the syntax of Rust's `regex` crate into a ``RegexNode`` tree, applying flags as it goes.
///
/// A recursive-descent parser over the pattern's Unicode scalars. Errors carry the byte offset in the pattern,
/// as Rust reports them. Nesting (groups, bracketed classes, stacked repetitions) is capped at
/// ``maxNesting``, Rust's default nest limit, so that no later recursion over the tree can run out of stack.
struct RegexParser {
    /// The deepest nesting of groups, classes and repetitions accepted, as Rust's default `nest_limit`.
    static let maxNesting = 250

    /// The mode flags of `(?imsUuxR)`.
    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotMatchesNewline = false
        var unicode = true
        var verbose = false
        var crlf = false
    }

    private let pattern: String
    private let scalars: [Unicode.Scalar]
    /// `offsets[i]` is the byte offset of `scalars[i]`; `offsets[scalars.count]` is the pattern's byte length.
    private let offsets: [Int]
    private let limits: DatalogRegex.Limits
    private var position = 0
    private var flags = Flags()
    private var captureNames: Set<String> = []

    /// Creates a parser for `pattern`.
    init(pattern: String, limits: DatalogRegex.Limits) {
        self.pattern = pattern
        self.limits = limits
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in pattern.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    /// Parses the whole pattern.
    ///
    /// - Throws: `invalidRegex` for a syntax error, `regexTooLarge` for nesting or repetition beyond the limits.
    mutating func parse() throws(DatalogError) -> RegexNode {
        let (node, _) = try parseAlternation(depth: 0)
        if position < scalars.count {
            // parseAlternation stops only at the end or at ')'.
            throw invalid("unopened group: ')' has no matching '('", at: position)
        }
        return node
    }

    // MARK: - Errors

    /// The pattern as quoted in messages, shortened when long.
    private var quotedPattern: String { Self.quoted(pattern) }

    /// `pattern` in double quotes with `"`, `\\`, control and format characters escaped, cut after 64 scalars.
    static func quoted(_ pattern: String) -> String {
        let scalars = pattern.unicodeScalars
        let shown = scalars.count > 64 ? String(String.UnicodeScalarView(scalars.prefix(64))) + "…" : pattern
        var quoted = "\""
        for scalar in shown.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case _ where scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format:
                // Safe to log: no raw control or bidirectional-formatting characters.
                quoted += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    private func byteOffset(_ index: Int) -> Int {
        offsets[min(index, offsets.count - 1)]
    }

    private func invalid(_ what: String, at index: Int) -> DatalogError {
        DatalogError(.invalidRegex, "regex \(quotedPattern): \(what) at offset \(byteOffset(index))")
    }

    private func tooLarge(_ what: String, at index: Int) -> DatalogError {
        DatalogError(.regexTooLarge, "regex \(quotedPattern): \(what) at offset \(byteOffset(index))")
    }

    // MARK: - Scanning

    private var isAtEnd: Bool { position >= scalars.count }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < scalars.count ? scalars[index] : nil
    }

    private mutating func advance() {
        position += 1
    }

    /// Skips whitespace and `#` comments when the `x` flag is on.
    private mutating func skipVerboseSpace() {
        guard flags.verbose else { return }
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "#" {
                while let next = peek(), next != "\n" { advance() }
            } else {
                return
            }
        }
    }

    // MARK: - Alternation, concatenation, repetition

    /// Parses `a|b|…` up to the end of the pattern or an unconsumed `)`. Returns the node and its nesting height.
    private mutating func parseAlternation(depth: Int) throws(DatalogError) -> (RegexNode, Int) {
        var branches: [RegexNode] = []
        var height = 0
        while true {
            let (branch, branchHeight) = try parseConcatenation(depth: depth)
            branches.append(branch)
            height = max(height, branchHeight)
            if peek() == "|" {
                advance()
                continue
            }
            break
        }
        return (branches.count == 1 ? branches[0] : .alternation(branches), height)
    }

    private mutating func parseConcatenation(depth: Int) throws(DatalogError) -> (RegexNode, Int) {
        var items: [(node: RegexNode, height: Int)] = []
        // Whether the last thing parsed was a flag group `(?i)`, which a repetition operator cannot apply to.
        var lastWasFlags = false
        while true {
            skipVerboseSpace()
            guard let scalar = peek(), scalar != "|", scalar != ")" else { break }
            let start = position
            switch scalar {
            case "*", "+", "?", "{":
                guard !lastWasFlags, let last = items.popLast() else {
                    throw invalid("repetition operator missing expression", at: start)
                }
                let (min, max) = try parseRepetitionOperator()
                let height = last.height + 1
                if height > Self.maxNesting {
                    throw tooLarge("nesting deeper than \(Self.maxNesting) levels", at: start)
                }
                items.append((.repetition(last.node, min: min, max: max), height))
            default:
                if let atom = try parseAtom(depth: depth) {
                    items.append(atom)
                    lastWasFlags = false
                } else {
                    lastWasFlags = true
                }
            }
        }
        let height = items.reduce(0) { max($0, $1.height) }
        switch items.count {
        case 0: return (.empty, 0)
        case 1: return items[0]
        default: return (.concatenation(items.map(\.node)), height)
        }
    }

    /// Parses `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}`, each optionally followed by the lazy `?`.
    private mutating func parseRepetitionOperator() throws(DatalogError) -> (Int, Int?) {
        let start = position
        let operatorScalar = scalars[position]
        advance()
        var bounds: (Int, Int?)
        switch operatorScalar {
        case "*": bounds = (0, nil)
        case "+": bounds = (1, nil)
        case "?": bounds = (0, 1)
        default: bounds = try parseCountedRepetition(openedAt: start)
        }
        // As Rust does, `x` mode allows space between a counted repetition and its lazy `?`, not after `*+?`.
        if operatorScalar == "{" { skipVerboseSpace() }
        if peek() == "?" { advance() }  // Laziness does not change whether a pattern matches.
        return bounds
    }

    private mutating func parseCountedRepetition(openedAt start: Int) throws(DatalogError) -> (Int, Int?) {
        // Rust trims whitespace around the numbers (and, in `x` mode, comments too).
        func skipSpaces(_ parser: inout RegexParser) {
            while let scalar = parser.peek(), scalar.properties.isWhitespace { parser.advance() }
            parser.skipVerboseSpace()
        }
        skipSpaces(&self)
        let minimum = try parseDecimal(openedAt: start)
        skipSpaces(&self)
        var maximum: Int? = minimum
        if peek() == "," {
            advance()
            // `{1,}` is open-ended but `{1, }` is an error in Rust: only `x` mode skips space before the `}`.
            skipVerboseSpace()
            if peek() == "}" {
                maximum = nil
            } else {
                skipSpaces(&self)
                maximum = try parseDecimal(openedAt: start)
                skipSpaces(&self)
            }
        }
        guard let close = peek() else { throw invalid("unclosed counted repetition", at: start) }
        guard close == "}" else {
            throw invalid("counted repetition expects '}' or ',' but found '\(close)'", at: position)
        }
        advance()
        if let maximum, maximum < minimum {
            throw invalid("invalid repetition range {\(minimum),\(maximum)}: the minimum exceeds the maximum", at: start)
        }
        let largest = maximum ?? minimum
        if largest > limits.maxRepetition {
            throw tooLarge("counted repetition \(largest) exceeds the limit of \(limits.maxRepetition)", at: start)
        }
        return (minimum, maximum)
    }

    private mutating func parseDecimal(openedAt start: Int) throws(DatalogError) -> Int {
        guard !isAtEnd else { throw invalid("unclosed counted repetition", at: start) }
        let first = position
        var value = 0
        while let scalar = peek(), ("0"..."9").contains(scalar) {
            let digit = Int(scalar.value - 0x30)
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 || sum > Int(UInt32.max) {
                throw invalid("repetition count is too large for a 32-bit number", at: first)
            }
            value = sum
            advance()
        }
        if position == first {
            if isAtEnd { throw invalid("unclosed counted repetition", at: start) }
            throw invalid("counted repetition expects a decimal number", at: position)
        }
        return value
    }

    // MARK: - Atoms

    /// Parses one atom. Returns `nil` for a flag group `(?i)` that only changes the flags.
    private mutating func parseAtom(depth: Int) throws(DatalogError) -> (RegexNode, Int)? {
        let start = position
        let scalar = scalars[position]
        advance()
        switch scalar {
        case "(":
            return try parseGroup(openedAt: start, depth: depth)
        case "[":
            if depth + 1 > Self.maxNesting {
                throw tooLarge("nesting deeper than \(Self.maxNesting) levels", at: start)
            }
            return (.scalars(try parseClass(openedAt: start, depth: depth + 1)), 1)
        case ".":
            var excluded = ScalarSet()
            if !flags.dotMatchesNewline {
                excluded = flags.crlf ? ScalarSet(ranges: [(0x0A, 0x0A), (0x0D, 0x0D)]) : ScalarSet(0x0A)
            }
            let set = excluded.inverted()
            if !flags.unicode { throw invalid("'.' can match invalid UTF-8 when Unicode mode is off (?-u)", at: start) }
            return (.scalars(set), 0)
        case "^":
            let look: RegexLook = flags.multiLine ? (flags.crlf ? .startOfLineCRLF : .startOfLine) : .startOfText
            return (.look(look), 0)
        case "$":
            let look: RegexLook = flags.multiLine ? (flags.crlf ? .endOfLineCRLF : .endOfLine) : .endOfText
            return (.look(look), 0)
        case "\\":
            switch try parseEscape(escapeStart: start, inClass: false) {
            case .literal(let value): return (.scalars(literalSet(value)), 0)
            case .set(let set): return (.scalars(set), 0)
            case .look(let look): return (.look(look), 0)
            }
        default:
            return (.scalars(literalSet(scalar.value)), 0)
        }
    }

    /// The set for a literal scalar under the current flags.
    private func literalSet(_ value: UInt32) -> ScalarSet {
        let set = ScalarSet(value)
        return flags.caseInsensitive ? set.caseFolded(asciiOnly: !flags.unicode) : set
    }

    /// Parses a group after its `(`: `(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`, `(?flags)`, `(?flags:…)`.
    private mutating func parseGroup(openedAt start: Int, depth: Int) throws(DatalogError) -> (RegexNode, Int)? {
        if depth + 1 > Self.maxNesting {
            throw tooLarge("nesting deeper than \(Self.maxNesting) levels", at: start)
        }
        let saved = flags
        if peek() == "?" {
            advance()
            switch peek() {
            case "=", "!":
                throw invalid("look-around, including look-ahead and look-behind, is not supported", at: start)
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw invalid("look-around, including look-ahead and look-behind, is not supported", at: start)
            case "P" where peek(1) == "<":
                advance()
                advance()
                try parseCaptureName(groupStart: start)
            case "<":
                advance()
                try parseCaptureName(groupStart: start)
            default:
                let endsGroup = try parseFlags(groupStart: start)
                if endsGroup { return nil }  // `(?i)`: the flags hold until the end of the enclosing group.
            }
        }
        let (inner, height) = try parseAlternation(depth: depth + 1)
        guard peek() == ")" else { throw invalid("unclosed group opened", at: start) }
        advance()
        flags = saved
        return (inner, height + 1)
    }

    /// Parses a capture name up to and including `>`, and checks it is valid and new.
    private mutating func parseCaptureName(groupStart: Int) throws(DatalogError) {
        let nameStart = position
        var name = ""
        while let scalar = peek(), scalar != ">" {
            let isValid = scalar == "_" || scalar.properties.isAlphabetic
                || (!name.isEmpty && (scalar == "." || scalar == "[" || scalar == "]"
                    || scalar.properties.numericType != nil))
            guard isValid else { throw invalid("invalid character '\(scalar)' in capture group name", at: position) }
            name.unicodeScalars.append(scalar)
            advance()
        }
        guard peek() == ">" else { throw invalid("unclosed capture group name", at: nameStart) }
        guard !name.isEmpty else { throw invalid("empty capture group name", at: nameStart) }
        advance()
        guard captureNames.insert(name).inserted else {
            throw invalid("duplicate capture group name '\(name)'", at: nameStart)
        }
    }

    /// Parses flags after `(?` up to `)` or `:`. Returns `true` for `)` (flags for the rest of the group).
    private mutating func parseFlags(groupStart: Int) throws(DatalogError) -> Bool {
        var negationIndex: Int?
        var flagsSinceNegation = 0
        var seen: Set<UInt32> = []
        while true {
            guard let scalar = peek() else { throw invalid("unclosed group opened", at: groupStart) }
            let index = position
            advance()
            switch scalar {
            case ")", ":":
                if let negationIndex, flagsSinceNegation == 0 {
                    throw invalid("expected a flag after '-'", at: negationIndex)
                }
                if seen.isEmpty && scalar == ")" { throw invalid("empty flag group '(?)'", at: groupStart) }
                return scalar == ")"
            case "-":
                if negationIndex != nil { throw invalid("repeated negation '-' in flags", at: index) }
                negationIndex = index
            case "i", "m", "s", "U", "u", "x", "R":
                guard seen.insert(scalar.value).inserted else { throw invalid("duplicate flag '\(scalar)'", at: index) }
                let on = negationIndex == nil
                if !on { flagsSinceNegation += 1 }
                switch scalar {
                case "i": flags.caseInsensitive = on
                case "m": flags.multiLine = on
                case "s": flags.dotMatchesNewline = on
                case "u": flags.unicode = on
                case "x": flags.verbose = on
                case "R": flags.crlf = on
                default: break  // `U` swaps greediness, which does not change whether a pattern matches.
                }
            default:
                throw invalid("unrecognized flag '\(scalar)'", at: index)
            }
        }
    }

    // MARK: - Escapes

    private enum Escape {
        case literal(UInt32)
        case set(ScalarSet)
        case look(RegexLook)
    }

    /// Parses an escape after its `\`.
    private mutating func parseEscape(escapeStart: Int, inClass: Bool) throws(DatalogError) -> Escape {
        guard let scalar = peek() else { throw invalid("incomplete escape sequence", at: escapeStart) }
        advance()
        func look(_ parser: RegexParser, _ look: RegexLook) throws(DatalogError) -> Escape {
            if inClass {
                throw parser.invalid("assertion '\\\(scalar)' is not allowed in a character class", at: escapeStart)
            }
            return .look(look)
        }
        switch scalar {
        case "0"..."9":
            throw invalid("backreferences are not supported", at: escapeStart)
        case "A": return try look(self, .startOfText)
        case "z": return try look(self, .endOfText)
        case "b":
            if !inClass, peek() == "{", let first = peek(1), Self.isSpecialWordBoundaryScalar(first) {
                // `\b{5}` is `\b` repeated, `\b{start}` an assertion: Rust tells them apart by the first scalar.
                return .look(try parseSpecialWordBoundary(escapeStart: escapeStart))
            }
            return try look(self, flags.unicode ? .wordBoundary : .wordBoundaryASCII)
        case "B": return try look(self, flags.unicode ? .notWordBoundary : .notWordBoundaryASCII)
        case "<": return try look(self, flags.unicode ? .wordStart : .wordStartASCII)
        case ">": return try look(self, flags.unicode ? .wordEnd : .wordEndASCII)
        case "d", "D", "s", "S", "w", "W":
            return .set(try perlClass(scalar, at: escapeStart))
        case "p", "P":
            return .set(try parseUnicodeClass(negated: scalar == "P", escapeStart: escapeStart))
        case "a": return .literal(0x07)
        case "f": return .literal(0x0C)
        case "t": return .literal(0x09)
        case "n": return .literal(0x0A)
        case "r": return .literal(0x0D)
        case "v": return .literal(0x0B)
        case "x", "u", "U":
            let digits = scalar == "x" ? 2 : (scalar == "u" ? 4 : 8)
            let isBraced = peek() == "{"
            let value = try parseHex(fixedDigits: digits, escapeStart: escapeStart)
            // Under (?-u), Rust reads `\xNN` (and only that form) as a byte, which above 0x7F is not UTF-8.
            if !flags.unicode && scalar == "x" && !isBraced && value > 0x7F {
                throw invalid("'\\x' escape above 0x7F can match invalid UTF-8 when Unicode mode is off", at: escapeStart)
            }
            return .literal(value)
        default:
            guard Self.isEscapable(scalar) else {
                throw invalid("unrecognized escape sequence '\\\(scalar)'", at: escapeStart)
            }
            return .literal(scalar.value)
        }
    }

    /// Whether `\c` is a literal `c`: any ASCII character but letters, digits, `<` and `>`, as in Rust.
    private static func isEscapable(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        switch scalar {
        case "0"..."9", "A"..."Z", "a"..."z", "<", ">": return false
        default: return true
        }
    }

    private static func isSpecialWordBoundaryScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "-"
    }

    /// Parses `{start}`, `{end}`, `{start-half}` or `{end-half}` after `\b`.
    private mutating func parseSpecialWordBoundary(escapeStart: Int) throws(DatalogError) -> RegexLook {
        advance()  // {
        var name = ""
        while let scalar = peek(), Self.isSpecialWordBoundaryScalar(scalar) {
            name.unicodeScalars.append(scalar)
            advance()
        }
        guard peek() == "}" else { throw invalid("unclosed special word boundary '\\b{'", at: escapeStart) }
        advance()
        let unicode = flags.unicode
        switch name {
        case "start": return unicode ? .wordStart : .wordStartASCII
        case "end": return unicode ? .wordEnd : .wordEndASCII
        case "start-half": return unicode ? .wordStartHalf : .wordStartHalfASCII
        case "end-half": return unicode ? .wordEndHalf : .wordEndHalfASCII
        default:
            throw invalid("unrecognized special word boundary '\\b{\(name)}' (expected start, end, start-half or end-half)",
                          at: escapeStart)
        }
    }

    /// Parses the hexadecimal digits of `\x`, `\u` or `\U`: exactly `fixedDigits` digits, or 1–8 in braces.
    private mutating func parseHex(fixedDigits: Int, escapeStart: Int) throws(DatalogError) -> UInt32 {
        var value: UInt32 = 0
        var count = 0
        func digit(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar {
            case "0"..."9": scalar.value - 0x30
            case "a"..."f": scalar.value - 0x61 + 10
            case "A"..."F": scalar.value - 0x41 + 10
            default: nil
            }
        }
        if peek() == "{" {
            advance()
            while let scalar = peek(), scalar != "}" {
                guard let digit = digit(scalar) else {
                    throw invalid("invalid hexadecimal digit '\(scalar)' in escape", at: position)
                }
                count += 1
                // Leading zeros are fine; anything above U+10FFFF is refused below.
                value = value > 0x10FFFF ? value : value << 4 | digit
                advance()
            }
            guard peek() == "}" else { throw invalid("unclosed hexadecimal escape", at: escapeStart) }
            advance()
            if count == 0 { throw invalid("empty hexadecimal escape '{}'", at: escapeStart) }
        } else {
            while count < fixedDigits {
                guard let scalar = peek() else { throw invalid("incomplete hexadecimal escape", at: escapeStart) }
                guard let digit = digit(scalar) else {
                    throw invalid("invalid hexadecimal digit '\(scalar)' in escape", at: position)
                }
                value = value << 4 | digit
                count += 1
                advance()
            }
        }
        guard Unicode.Scalar(value) != nil else {
            throw invalid("hexadecimal escape is not a Unicode scalar value", at: escapeStart)
        }
        return value
    }

    // MARK: - Classes

    /// `\d`, `\s`, `\w` and their negations, Unicode-aware unless `(?-u)`.
    private func perlClass(_ scalar: Unicode.Scalar, at index: Int) throws(DatalogError) -> ScalarSet {
        let positive: ScalarSet
        switch scalar {
        case "d", "D":
            positive = flags.unicode ? UnicodeTables.category(.decimalNumber) : ScalarSet(0x30, 0x39)
        case "s", "S":
            positive = flags.unicode ? UnicodeTables.whiteSpace : Self.asciiSpace
        default:
            positive = flags.unicode ? UnicodeTables.word : Self.asciiWord
        }
        let isNegated = scalar == "D" || scalar == "S" || scalar == "W"
        if isNegated && !flags.unicode {
            throw invalid("'\\\(scalar)' can match invalid UTF-8 when Unicode mode is off (?-u)", at: index)
        }
        return isNegated ? positive.inverted() : positive
    }

    static let asciiSpace = ScalarSet(ranges: [(0x09, 0x0D), (0x20, 0x20)])
    static let asciiWord = ScalarSet(ranges: [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])

    /// Parses `\pX`, `\p{Name}`, `\p{name=value}` after `\p` or `\P`.
    private mutating func parseUnicodeClass(negated: Bool, escapeStart: Int) throws(DatalogError) -> ScalarSet {
        var name = ""
        if peek() == "{" {
            advance()
            while let scalar = peek(), scalar != "}" {
                name.unicodeScalars.append(scalar)
                advance()
            }
            guard peek() == "}" else { throw invalid("unclosed Unicode class name", at: escapeStart) }
            advance()
        } else {
            guard let scalar = peek() else { throw invalid("incomplete Unicode class escape", at: escapeStart) }
            name.unicodeScalars.append(scalar)
            advance()
        }
        guard flags.unicode else {
            throw invalid("Unicode classes are not allowed when Unicode mode is off (?-u)", at: escapeStart)
        }
        var query = name
        if let notEqual = name.firstRange(of: "!=") {
            // Rust's regex-syntax parses `\p{name!=value}` but its translator ignores the operator, so the class
            // is not negated: biscuit-rust answers `"a".matches("\\p{gc!=L}")` with true. Do the same.
            query = String(name[..<notEqual.lowerBound]) + "=" + String(name[notEqual.upperBound...])
        }
        guard var set = UnicodeProperty.set(named: query) else {
            throw invalid("unknown or unsupported Unicode class '\(name)'", at: escapeStart)
        }
        if flags.caseInsensitive { set = set.caseFolded(asciiOnly: false) }
        return negated ? set.inverted() : set
    }

    /// Parses a bracketed class after its `[`, including nested classes and `&&`, `--`, `~~`.
    private mutating func parseClass(openedAt start: Int, depth: Int) throws(DatalogError) -> ScalarSet {
        skipVerboseSpace()
        var negated = false
        if peek() == "^" {
            negated = true
            advance()
        }
        // Any number of leading '-' are literal; a ']' right after '[' or '[^' is literal too.
        var leadingDashes = false
        while peek() == "-" {
            leadingDashes = true
            advance()
            skipVerboseSpace()
        }
        var result = try parseClassUnion(classStart: start, depth: depth, isFirst: !leadingDashes)
        if leadingDashes { result = result.union(ScalarSet(0x2D)) }
        while true {
            skipVerboseSpace()
            guard let scalar = peek() else { throw invalid("unclosed character class", at: start) }
            if scalar == "]" {
                advance()
                break
            }
            // parseClassUnion stops only at ']' or at a set operator.
            let operatorScalar = scalar
            advance()
            advance()
            let right = try parseClassUnion(classStart: start, depth: depth, isFirst: false)
            switch operatorScalar {
            case "&": result = result.intersection(right)
            case "-": result = result.subtracting(right)
            default: result = result.symmetricDifference(right)
            }
        }
        if flags.caseInsensitive { result = result.caseFolded(asciiOnly: !flags.unicode) }
        if negated {
            if !flags.unicode {
                throw invalid("a negated class can match invalid UTF-8 when Unicode mode is off (?-u)", at: start)
            }
            result = result.inverted()
        }
        return result
    }

    /// Whether the scanner is at a class set operator: `&&`, `--` or `~~`.
    private func isAtClassOperator() -> Bool {
        guard let first = peek(), let second = peek(1), first == second else { return false }
        return first == "&" || first == "-" || first == "~"
    }

    /// Parses class items up to `]` or a set operator, which it does not consume.
    private mutating func parseClassUnion(classStart: Int, depth: Int, isFirst: Bool) throws(DatalogError) -> ScalarSet {
        var ranges: [(UInt32, UInt32)] = []
        var union = ScalarSet()
        var first = isFirst
        while true {
            skipVerboseSpace()
            guard let scalar = peek() else { throw invalid("unclosed character class", at: classStart) }
            if scalar == "]" && !first { break }
            if !first && isAtClassOperator() { break }
            first = false
            let itemStart = position
            let lower: UInt32
            switch scalar {
            case "[":
                if let ascii = try parseASCIIClass() {
                    union = union.union(ascii)
                    continue
                }
                if depth + 1 > Self.maxNesting {
                    throw tooLarge("nesting deeper than \(Self.maxNesting) levels", at: itemStart)
                }
                advance()
                union = union.union(try parseClass(openedAt: itemStart, depth: depth + 1))
                continue
            case "\\":
                advance()
                switch try parseEscape(escapeStart: itemStart, inClass: true) {
                case .set(let set):
                    union = union.union(set)
                    continue
                case .literal(let value):
                    lower = value
                case .look:
                    throw invalid("assertion is not allowed in a character class", at: itemStart)
                }
            default:
                advance()
                lower = scalar.value
            }
            if !flags.unicode && lower > 0x7F {
                throw invalid("non-ASCII scalar in a class when Unicode mode is off (?-u)", at: itemStart)
            }
            // A range `a-z`, unless the '-' is the last item or starts an operator `--`.
            skipVerboseSpace()
            if peek() == "-", let after = peek(1), after != "]", after != "-" {
                advance()
                skipVerboseSpace()
                let upperStart = position
                guard let upperScalar = peek() else { throw invalid("unclosed character class", at: classStart) }
                let upper: UInt32
                if upperScalar == "\\" {
                    advance()
                    guard case .literal(let value) = try parseEscape(escapeStart: upperStart, inClass: true) else {
                        throw invalid("a class range must end in a single character", at: upperStart)
                    }
                    upper = value
                } else if upperScalar == "[" {
                    throw invalid("a class range must end in a single character", at: upperStart)
                } else {
                    advance()
                    upper = upperScalar.value
                }
                if !flags.unicode && upper > 0x7F {
                    throw invalid("non-ASCII scalar in a class when Unicode mode is off (?-u)", at: upperStart)
                }
                guard lower <= upper else {
                    throw invalid("invalid character class range: the start exceeds the end", at: itemStart)
                }
                ranges.append((lower, upper))
            } else {
                ranges.append((lower, lower))
            }
        }
        return union.union(ScalarSet(ranges: ranges))
    }

    /// Parses `[:name:]` or `[:^name:]` at the scanner; on anything else, consumes nothing and returns `nil`.
    private mutating func parseASCIIClass() throws(DatalogError) -> ScalarSet? {
        guard peek() == "[", peek(1) == ":" else { return nil }
        let saved = position
        position += 2
        var negated = false
        if peek() == "^" {
            negated = true
            advance()
        }
        var name = ""
        while let scalar = peek(), scalar != ":", name.unicodeScalars.count <= 8 {
            name.unicodeScalars.append(scalar)
            advance()
        }
        guard peek() == ":", peek(1) == "]", let set = Self.asciiClass(named: name) else {
            position = saved
            return nil
        }
        position += 2
        if negated && !flags.unicode {
            throw invalid("a negated ASCII class can match invalid UTF-8 when Unicode mode is off (?-u)", at: saved)
        }
        return negated ? set.inverted() : set
    }

    /// The POSIX ASCII classes of Rust: `[[:alpha:]]` and friends.
    private static func asciiClass(named name: String) -> ScalarSet? {
        switch name {
        case "alnum": ScalarSet(ranges: [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)])
        case "alpha": ScalarSet(ranges: [(0x41, 0x5A), (0x61, 0x7A)])
        case "ascii": ScalarSet(0x00, 0x7F)
        case "blank": ScalarSet(ranges: [(0x09, 0x09), (0x20, 0x20)])
        case "cntrl": ScalarSet(ranges: [(0x00, 0x1F), (0x7F, 0x7F)])
        case "digit": ScalarSet(0x30, 0x39)
        case "graph": ScalarSet(0x21, 0x7E)
        case "lower": ScalarSet(0x61, 0x7A)
        case "print": ScalarSet(0x20, 0x7E)
        case "punct": ScalarSet(ranges: [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)])
        case "space": asciiSpace
        case "upper": ScalarSet(0x41, 0x5A)
        case "word": asciiWord
        case "xdigit": ScalarSet(ranges: [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)])
        default: nil
        }
    }
}
