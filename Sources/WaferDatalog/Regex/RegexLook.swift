/// A zero-width assertion, decided by the scalars before and after a position.
enum RegexLook: UInt8, Sendable, CaseIterable {
    /// `\A`, or `^` without `(?m)`.
    case startOfText
    /// `\z`, or `$` without `(?m)`.
    case endOfText
    /// `^` with `(?m)`: at the start, or after `\n`.
    case startOfLine
    /// `$` with `(?m)`: at the end, or before `\n`.
    case endOfLine
    /// `^` with `(?mR)`: at the start, after `\n`, or after `\r` not followed by `\n`.
    case startOfLineCRLF
    /// `$` with `(?mR)`: at the end, before `\r`, or before `\n` not preceded by `\r`.
    case endOfLineCRLF
    /// `\b`: a word scalar on exactly one side (Unicode `\w`).
    case wordBoundary
    /// `\B`: not a Unicode word boundary.
    case notWordBoundary
    /// `\b{start}` or `\<`: a non-word scalar (or the start) before and a word scalar after.
    case wordStart
    /// `\b{end}` or `\>`: a word scalar before and a non-word scalar (or the end) after.
    case wordEnd
    /// `\b{start-half}`: a non-word scalar (or the start) before.
    case wordStartHalf
    /// `\b{end-half}`: a non-word scalar (or the end) after.
    case wordEndHalf
    /// `\b` with `(?-u)`: ASCII word characters only.
    case wordBoundaryASCII
    /// `\B` with `(?-u)`.
    case notWordBoundaryASCII
    /// `\b{start}` with `(?-u)`.
    case wordStartASCII
    /// `\b{end}` with `(?-u)`.
    case wordEndASCII
    /// `\b{start-half}` with `(?-u)`.
    case wordStartHalfASCII
    /// `\b{end-half}` with `(?-u)`.
    case wordEndHalfASCII

    /// Whether the assertion needs to know if neighbouring scalars are Unicode word scalars.
    var needsUnicodeWord: Bool {
        switch self {
        case .wordBoundary, .notWordBoundary, .wordStart, .wordEnd, .wordStartHalf, .wordEndHalf: true
        default: false
        }
    }

    /// Whether the assertion needs to know if neighbouring scalars are ASCII word characters.
    var needsASCIIWord: Bool {
        switch self {
        case .wordBoundaryASCII, .notWordBoundaryASCII, .wordStartASCII, .wordEndASCII,
             .wordStartHalfASCII, .wordEndHalfASCII: true
        default: false
        }
    }
}
