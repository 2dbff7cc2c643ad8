/// The tokens of a source text with the decoded values of its literals.
struct LexedSource: Sendable {
    var tokens: [Token] = []
    /// Decoded string literals, indexed by ``Token/value``.
    var strings: [String] = []
    /// Decoded `hex:` literals, indexed by ``Token/value``.
    var byteStrings: [[UInt8]] = []
    /// Key literals, indexed by ``Token/value``.
    var keys: [PublicKeyLiteral] = []
}

/// A hand-written lexer over UTF-8 bytes.
///
/// It tracks lines and columns (columns count Unicode scalars, from 1), skips whitespace and comments, and
/// decodes literals as it goes. Words are `[A-Za-z0-9_:]+`; which words are keywords depends on where they
/// stand, so the parser decides (keywords are matched case-insensitively, as biscuit-rust does).
struct Lexer {
    private let input: UnsafeBufferPointer<UInt8>
    private let limits: ParserLimits
    private var index = 0
    private var line = 1
    private var column = 1
    private var output = LexedSource()

    private init(input: UnsafeBufferPointer<UInt8>, limits: ParserLimits) {
        self.input = input
        self.limits = limits
    }

    /// Splits `input` into tokens, ending with one ``TokenKind/endOfInput`` token.
    ///
    /// - Parameters:
    ///   - input: UTF-8 bytes; invalid UTF-8 is reported inside string literals, and any other non-ASCII
    ///     byte outside them is an unexpected character.
    ///   - limits: The literal-size limit applies here.
    /// - Throws: ``DatalogError`` with the position of the first malformed token.
    static func tokenize(_ input: UnsafeBufferPointer<UInt8>, limits: ParserLimits) throws(DatalogError) -> LexedSource {
        var lexer = Lexer(input: input, limits: limits)
        lexer.output.tokens.reserveCapacity(input.count / 5 + 1)
        try lexer.run()
        return lexer.output
    }

    // MARK: Character classes

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    @inline(__always) private static func hexValue(_ byte: UInt8) -> UInt8? {
        if isDigit(byte) { return byte &- 0x30 }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "f") { return lower &- UInt8(ascii: "a") &+ 10 }
        return nil
    }

    // MARK: Scanning

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    @inline(__always) private func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < input.count ? input[position] : nil
    }

    /// Advances over ASCII bytes that are not newlines.
    @inline(__always) private mutating func advance(_ count: Int = 1) {
        index += count
        column += count
    }

    private mutating func emit(_ kind: TokenKind, start: Int, line: Int, column: Int, value: UInt64 = 0) {
        output.tokens.append(Token(kind: kind, start: start, end: index, line: line, column: column, value: value))
    }

    private mutating func run() throws(DatalogError) {
        while true {
            try skipTrivia()
            guard index < input.count else {
                emit(.endOfInput, start: index, line: line, column: column)
                return
            }
            try lexToken()
        }
    }

    private mutating func skipTrivia() throws(DatalogError) {
        while index < input.count {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                column = 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while index < input.count, input[index] != UInt8(ascii: "\n") { skipScalar() }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                let start = location
                advance(2)
                while true {
                    guard index < input.count else {
                        throw DatalogError(.unterminatedComment, "unterminated comment: expected '*/' to close this '/*'", at: start)
                    }
                    if input[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        advance(2)
                        break
                    }
                    if input[index] == UInt8(ascii: "\n") {
                        index += 1
                        line += 1
                        column = 1
                    } else {
                        skipScalar()
                    }
                }
            default:
                return
            }
        }
    }

    /// Skips one byte, counting a column only for bytes that start a scalar (not UTF-8 continuation bytes).
    @inline(__always) private mutating func skipScalar() {
        if input[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
    }

    private mutating func lexToken() throws(DatalogError) {
        let start = index
        let (startLine, startColumn) = (line, column)
        let byte = input[index]
        let punctuation: (TokenKind, Int)?
        switch byte {
        case UInt8(ascii: "("): punctuation = (.leftParen, 1)
        case UInt8(ascii: ")"): punctuation = (.rightParen, 1)
        case UInt8(ascii: "["): punctuation = (.leftBracket, 1)
        case UInt8(ascii: "]"): punctuation = (.rightBracket, 1)
        case UInt8(ascii: "}"): punctuation = (.rightBrace, 1)
        case UInt8(ascii: ","): punctuation = (.comma, 1)
        case UInt8(ascii: ";"): punctuation = (.semicolon, 1)
        case UInt8(ascii: "."): punctuation = (.dot, 1)
        case UInt8(ascii: ":"): punctuation = (.colon, 1)
        case UInt8(ascii: "^"): punctuation = (.caret, 1)
        case UInt8(ascii: "+"): punctuation = (.plus, 1)
        case UInt8(ascii: "*"): punctuation = (.star, 1)
        case UInt8(ascii: "/"): punctuation = (.slash, 1)
        case UInt8(ascii: "|"): punctuation = peek(1) == UInt8(ascii: "|") ? (.orOr, 2) : (.pipe, 1)
        case UInt8(ascii: "&"): punctuation = peek(1) == UInt8(ascii: "&") ? (.andAnd, 2) : (.ampersand, 1)
        case UInt8(ascii: "-"): punctuation = peek(1) == UInt8(ascii: ">") ? (.closureArrow, 2) : (.minus, 1)
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "-"), !(peek(2).map(Lexer.isDigit) ?? false) {
                // `<-` directly followed by a digit is `<` and a negative integer: `$a<-1`.
                punctuation = (.ruleArrow, 2)
            } else {
                punctuation = peek(1) == UInt8(ascii: "=") ? (.lessEqual, 2) : (.less, 1)
            }
        case UInt8(ascii: ">"): punctuation = peek(1) == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") {
                punctuation = peek(2) == UInt8(ascii: "=") ? (.strictEqual, 3) : (.equal, 2)
            } else {
                throw DatalogError(.unexpectedToken, "unexpected '=': comparisons are written '==' or '==='", at: location)
            }
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") {
                punctuation = peek(2) == UInt8(ascii: "=") ? (.strictNotEqual, 3) : (.notEqual, 2)
            } else {
                punctuation = (.bang, 1)
            }
        default: punctuation = nil
        }
        if let (kind, length) = punctuation {
            advance(length)
            emit(kind, start: start, line: startLine, column: startColumn)
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            try lexString()
        case UInt8(ascii: "$"):
            advance()
            let nameStart = index
            while index < input.count, Lexer.isNameByte(input[index]) { advance() }
            guard index > nameStart else {
                throw DatalogError(.unexpectedToken, "expected a variable name after '$'", at: location)
            }
            output.tokens.append(Token(kind: .variable, start: nameStart, end: index, line: startLine, column: startColumn, value: 0))
        case UInt8(ascii: "{"):
            // `{name}` is a parameter when the name starts with a letter and the brace closes right after it.
            var end = index + 1
            if end < input.count, Lexer.isLetter(input[end]) {
                while end < input.count, Lexer.isNameByte(input[end]) { end += 1 }
                if end < input.count, input[end] == UInt8(ascii: "}") {
                    advance(end + 1 - index)
                    output.tokens.append(Token(kind: .parameter, start: start + 1, end: end, line: startLine, column: startColumn, value: 0))
                    return
                }
            }
            advance()
            emit(.leftBrace, start: start, line: startLine, column: startColumn)
        case _ where Lexer.isDigit(byte):
            try lexNumberOrDate()
        case _ where Lexer.isNameByte(byte):
            try lexWord()
        default:
            if byte >= 0x80 {
                throw DatalogError(.unexpectedToken, "unexpected non-ASCII character outside a string literal", at: location)
            }
            let printable = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "control character \(byte)"
            throw DatalogError(.unexpectedToken, "unexpected \(printable)", at: location)
        }
    }

    private mutating func lexWord() throws(DatalogError) {
        let start = index
        let (startLine, startColumn) = (line, column)
        while index < input.count, Lexer.isNameByte(input[index]) { advance() }
        try finishWord(start: start, line: startLine, column: startColumn)
    }

    private mutating func finishWord(start: Int, line startLine: Int, column startColumn: Int) throws(DatalogError) {
        let word = UnsafeBufferPointer(rebasing: input[start..<index])
        let startLocation = SourceLocation(line: startLine, column: startColumn)
        if word.count >= 4, word[0] == UInt8(ascii: "h"), word[1] == UInt8(ascii: "e"), word[2] == UInt8(ascii: "x"),
            word[3] == UInt8(ascii: ":")
        {
            let decoded = try decodeHex(UnsafeBufferPointer(rebasing: word[4...]), what: "byte string", at: startLocation)
            output.byteStrings.append(decoded)
            emit(.bytes, start: start, line: startLine, column: startColumn, value: UInt64(output.byteStrings.count - 1))
            return
        }
        if index < input.count, input[index] == UInt8(ascii: "/") {
            let algorithm: PublicKeyLiteral.Algorithm?
            if word.elementsEqual("ed25519".utf8) {
                algorithm = .ed25519
            } else if word.elementsEqual("secp256r1".utf8) {
                algorithm = .secp256r1
            } else {
                algorithm = nil
            }
            if let algorithm {
                advance()
                let hexStart = index
                while index < input.count, Lexer.hexValue(input[index]) != nil { advance() }
                let key = try decodeHex(UnsafeBufferPointer(rebasing: input[hexStart..<index]), what: "public key", at: startLocation)
                let expected = algorithm == .ed25519 ? 32 : 33
                guard key.count == expected else {
                    throw DatalogError(
                        .invalidLiteral,
                        "invalid \(algorithm.rawValue) public key: expected \(expected) bytes (\(expected * 2) hex digits), found \(key.count)",
                        at: startLocation)
                }
                output.keys.append(PublicKeyLiteral(algorithm: algorithm, bytes: key))
                emit(.publicKey, start: start, line: startLine, column: startColumn, value: UInt64(output.keys.count - 1))
                return
            }
        }
        emit(.name, start: start, line: startLine, column: startColumn)
    }

    private func decodeHex(_ digits: UnsafeBufferPointer<UInt8>, what: String, at location: SourceLocation) throws(DatalogError) -> [UInt8] {
        guard !digits.isEmpty else {
            throw DatalogError(.invalidLiteral, "expected hexadecimal digits in the \(what)", at: location)
        }
        guard digits.count % 2 == 0 else {
            throw DatalogError(.invalidLiteral, "the \(what) has an odd number of hexadecimal digits", at: location)
        }
        guard digits.count / 2 <= limits.maxLiteralBytes else {
            throw DatalogError(
                .literalTooLarge, "the \(what) is longer than the limit of \(limits.maxLiteralBytes) bytes", at: location)
        }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        var position = 0
        while position < digits.count {
            guard let high = Lexer.hexValue(digits[position]), let low = Lexer.hexValue(digits[position + 1]) else {
                throw DatalogError(.invalidLiteral, "invalid hexadecimal digit in the \(what)", at: location)
            }
            result.append(high << 4 | low)
            position += 2
        }
        return result
    }

    /// Whether the bytes at the cursor look like the start of a date: `DDDD-DD-DDT`.
    private func looksLikeDate() -> Bool {
        guard index + 10 < input.count else { return false }
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        for (offset, isDigit) in pattern.enumerated() {
            let byte = input[index + offset]
            if isDigit ? !Lexer.isDigit(byte) : byte != UInt8(ascii: "-") { return false }
        }
        return input[index + 10] | 0x20 == UInt8(ascii: "t")
    }

    private mutating func lexNumberOrDate() throws(DatalogError) {
        let start = index
        let (startLine, startColumn) = (line, column)
        let startLocation = location
        if looksLikeDate() {
            // As biscuit-rust: a date extends to the next delimiter.
            while index < input.count {
                switch input[index] {
                case UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ";"), UInt8(ascii: "}"),
                    UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    break
                default:
                    skipScalar()
                    continue
                }
                break
            }
            do throws(RFC3339.Failure) {
                let seconds = try RFC3339.parse(UnsafeBufferPointer(rebasing: input[start..<index]))
                emit(.date, start: start, line: startLine, column: startColumn, value: seconds)
            } catch {
                switch error {
                case .beforeEpoch:
                    throw DatalogError(.invalidDate, "invalid date: dates before 1970-01-01T00:00:00Z cannot be represented", at: startLocation)
                case .malformed(let reason):
                    var message = "invalid RFC 3339 date: \(reason)"
                    if input[start..<index].contains(UInt8(ascii: ".")) || input[start..<index].contains(UInt8(ascii: "(")) {
                        message += " (a date used before a method call needs parentheses: '(2023-12-28T00:00:00Z).type()')"
                    }
                    throw DatalogError(.invalidDate, message, at: startLocation)
                }
            }
            return
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while index < input.count, Lexer.isDigit(input[index]) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(input[index] &- 0x30))
            overflow = overflow || o1 || o2
            magnitude = sum
            advance()
        }
        if index < input.count, Lexer.isLetter(input[index]) || input[index] == UInt8(ascii: "_") {
            // `1st`, `2fa_enabled`: biscuit-rust names may start with digits. A ':' after digits stays a
            // map-entry separator (`{1: "a"}`).
            while index < input.count, Lexer.isNameByte(input[index]) { advance() }
            try finishWord(start: start, line: startLine, column: startColumn)
            return
        }
        guard !overflow, magnitude <= 1 << 63 else {
            throw DatalogError(.integerOverflow, "integer literal out of the 64-bit signed range", at: startLocation)
        }
        emit(.integer, start: start, line: startLine, column: startColumn, value: magnitude)
    }

    private mutating func lexString() throws(DatalogError) {
        let start = index
        let (startLine, startColumn) = (line, column)
        let startLocation = location
        advance()
        var decoded: [UInt8] = []
        var runStart = index
        while true {
            guard index < input.count else {
                throw DatalogError(.invalidString, "unterminated string: expected '\"' to close this string", at: startLocation)
            }
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                decoded.append(contentsOf: input[runStart..<index])
                advance()
                break
            }
            if byte == UInt8(ascii: "\\") {
                decoded.append(contentsOf: input[runStart..<index])
                let escapeLocation = location
                guard let escaped = peek(1) else {
                    throw DatalogError(.invalidString, "unterminated string: expected '\"' to close this string", at: startLocation)
                }
                switch escaped {
                case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): decoded.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): decoded.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): decoded.append(UInt8(ascii: "\r"))
                default:
                    throw DatalogError(
                        .invalidString, "unknown escape sequence in a string: expected \\\", \\\\, \\n, \\t or \\r",
                        at: escapeLocation)
                }
                advance(2)
                runStart = index
            } else if byte == UInt8(ascii: "\n") {
                index += 1
                line += 1
                column = 1
            } else if byte < 0x80 {
                advance()
            } else {
                let length = utf8SequenceLength(at: index)
                guard length > 0 else {
                    throw DatalogError(.invalidString, "invalid UTF-8 in a string literal", at: location)
                }
                index += length
                column += 1
            }
            if decoded.count + (index - runStart) > limits.maxLiteralBytes {
                throw DatalogError(
                    .literalTooLarge, "the string is longer than the limit of \(limits.maxLiteralBytes) bytes", at: startLocation)
            }
        }
        output.strings.append(String(decoding: decoded, as: UTF8.self))
        emit(.string, start: start, line: startLine, column: startColumn, value: UInt64(output.strings.count - 1))
    }

    /// The length of the well-formed UTF-8 sequence of a non-ASCII scalar at `position`, or 0 when malformed.
    private func utf8SequenceLength(at position: Int) -> Int {
        let lead = input[position]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: return 0
        }
        guard position + length <= input.count else { return 0 }
        let second = input[position + 1]
        guard second >= lowerBound, second <= upperBound else { return 0 }
        for offset in 2..<max(length, 2) where input[position + offset] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }
}
