extension DatalogError.Code {
    /// A token that cannot stand where it was found, such as a `)` where a term was expected.
    public static let unexpectedToken = DatalogError.Code("unexpectedToken")
    /// The text ended in the middle of a statement.
    public static let unexpectedEndOfInput = DatalogError.Code("unexpectedEndOfInput")
    /// A character that starts no token, or a malformed literal (odd-length `hex:`, bad key, bad name).
    public static let invalidLiteral = DatalogError.Code("invalidLiteral")
    /// An integer literal outside the signed 64-bit range.
    public static let integerOverflow = DatalogError.Code("integerOverflow")
    /// A date literal that is not a valid RFC 3339 date-time, or that lies before 1970.
    public static let invalidDate = DatalogError.Code("invalidDate")
    /// A string literal with an unknown escape, invalid UTF-8, or no closing quote.
    public static let invalidString = DatalogError.Code("invalidString")
    /// A comment `/* …` without its closing `*/`.
    public static let unterminatedComment = DatalogError.Code("unterminatedComment")
    /// A fact with a variable or without terms.
    public static let invalidFact = DatalogError.Code("invalidFact")
    /// A set holding a variable, a set, an array, or elements of different types.
    public static let invalidSet = DatalogError.Code("invalidSet")
    /// A rule, check or policy using a variable that no predicate of its body binds.
    public static let unsafeRule = DatalogError.Code("unsafeRule")
    /// A closure parameter named like a variable already bound where the closure appears.
    public static let shadowedVariable = DatalogError.Code("shadowedVariable")
    /// Parentheses, closures, arrays, maps, sets or negations nested deeper than the parser's limit.
    public static let nestingTooDeep = DatalogError.Code("nestingTooDeep")
    /// Source text longer than the parser's limit.
    public static let inputTooLarge = DatalogError.Code("inputTooLarge")
    /// A string or byte literal longer than the parser's limit.
    public static let literalTooLarge = DatalogError.Code("literalTooLarge")
    /// A `{name}` parameter for which the caller supplied no value.
    public static let missingParameter = DatalogError.Code("missingParameter")
    /// A parameter value of the wrong kind for its place, such as a key where a term is expected.
    public static let invalidParameter = DatalogError.Code("invalidParameter")
}
