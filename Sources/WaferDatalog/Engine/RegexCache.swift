/// The compiled patterns of `.matches`, by pattern.
///
/// Not wired yet: the linear-time `DatalogRegex` comes from the `regex` branch. Until that branch is
/// merged every `.matches` evaluates to `false`, as an invalid pattern does; the engine's tests of
/// `.matches` arrive with the merge.
struct RegexCache: Sendable {
    /// Whether `text` contains a match of `pattern`; `false` for an invalid pattern.
    mutating func isMatch(pattern: String, text: String) -> Bool { false }
}
