/// The kinds of token of Biscuit Datalog text.
enum TokenKind: UInt8, Sendable {
    /// `[A-Za-z0-9_:]+`: predicate names and the words `true`, `false`, `null`, `check`, `if`, `trusting`…
    case name
    /// `$name`; the token's text range excludes the `$`.
    case variable
    /// `{name}`; the token's text range is the name only.
    case parameter
    /// A string literal; ``Token/value`` indexes the lexer's decoded strings.
    case string
    /// Decimal digits; ``Token/value`` is the magnitude (at most 2⁶³, which only a `-` makes valid).
    case integer
    /// An RFC 3339 date; ``Token/value`` is the UTC timestamp in seconds.
    case date
    /// `hex:…`; ``Token/value`` indexes the lexer's decoded byte strings.
    case bytes
    /// `ed25519/…` or `secp256r1/…`; ``Token/value`` indexes the lexer's keys.
    case publicKey
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, semicolon, dot, colon
    /// `<-`
    case ruleArrow
    /// `->`
    case closureArrow
    /// `||`
    case orOr
    /// `&&`
    case andAnd
    case less, greater, lessEqual, greaterEqual
    /// `===`
    case strictEqual
    /// `!==`
    case strictNotEqual
    /// `==`
    case equal
    /// `!=`
    case notEqual
    case caret, pipe, ampersand, plus, minus, star, slash, bang
    case endOfInput

    /// How the token is named in error messages.
    var displayName: String {
        switch self {
        case .name: return "a name"
        case .variable: return "a variable"
        case .parameter: return "a parameter"
        case .string: return "a string"
        case .integer: return "an integer"
        case .date: return "a date"
        case .bytes: return "a byte string"
        case .publicKey: return "a public key"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .dot: return "'.'"
        case .colon: return "':'"
        case .ruleArrow: return "'<-'"
        case .closureArrow: return "'->'"
        case .orOr: return "'||'"
        case .andAnd: return "'&&'"
        case .less: return "'<'"
        case .greater: return "'>'"
        case .lessEqual: return "'<='"
        case .greaterEqual: return "'>='"
        case .strictEqual: return "'==='"
        case .strictNotEqual: return "'!=='"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .caret: return "'^'"
        case .pipe: return "'|'"
        case .ampersand: return "'&'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .bang: return "'!'"
        case .endOfInput: return "the end of the input"
        }
    }
}

/// One token: its kind, where it is, and its literal value.
///
/// Positions are stored in 32 bits to keep tokens small (the parser refuses inputs of 4 GiB or more).
struct Token: Sendable {
    var kind: TokenKind
    private var storedStart: UInt32
    private var storedEnd: UInt32
    private var storedLine: UInt32
    private var storedColumn: UInt32
    /// The literal's value or its index in a side table; see ``TokenKind``.
    var value: UInt64

    init(kind: TokenKind, start: Int, end: Int, line: Int, column: Int, value: UInt64) {
        self.kind = kind
        self.storedStart = UInt32(truncatingIfNeeded: start)
        self.storedEnd = UInt32(truncatingIfNeeded: end)
        self.storedLine = UInt32(truncatingIfNeeded: line)
        self.storedColumn = UInt32(truncatingIfNeeded: column)
        self.value = value
    }

    /// The byte offset of the token's first byte (after `$` or `{` for variables and parameters).
    var start: Int { Int(storedStart) }
    /// The byte offset just past the token's text.
    var end: Int { Int(storedEnd) }
    /// The line where the token starts (at the `$` or `{` for variables and parameters).
    var line: Int { Int(storedLine) }
    /// The column where the token starts, in Unicode scalars.
    var column: Int { Int(storedColumn) }

    var location: SourceLocation { SourceLocation(line: line, column: column) }
}
