extension DatalogError.Code {
    /// A regular expression for `.matches()` is not valid in the syntax of Rust's `regex` crate.
    ///
    /// The message names the pattern, what is wrong and the byte offset in the pattern where it is:
    /// `regex "a(b": unclosed group opened at offset 1`.
    public static let invalidRegex = DatalogError.Code("invalidRegex")

    /// A regular expression for `.matches()` exceeds a limit of ``DatalogRegex/Limits``: pattern length,
    /// counted repetition, nesting depth or compiled size.
    public static let regexTooLarge = DatalogError.Code("regexTooLarge")
}
