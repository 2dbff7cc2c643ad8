/// The compiled patterns of `.matches`, by pattern: each distinct pattern is compiled once per world.
///
/// An invalid pattern (or one beyond ``DatalogRegex/Limits``) is remembered as such and never matches, as
/// biscuit-rust's `Regex::new(r).map(|re| re.is_match(s)).unwrap_or(false)`.
struct RegexCache: Sendable {
    /// The compiled pattern, or `nil` for an invalid one, by pattern bytes.
    private var compiled: [StringKey: DatalogRegex?] = [:]

    /// Whether `text` contains a match of `pattern`; `false` for an invalid pattern.
    ///
    /// - Complexity: Compiling a new pattern is linear in its size; matching is linear in `text`.
    mutating func isMatch(pattern: String, text: String) -> Bool {
        let key = StringKey(string: pattern)
        if let cached = compiled[key] { return cached?.isMatch(text) ?? false }
        let regex = try? DatalogRegex(pattern)
        compiled[key] = .some(regex)
        return regex?.isMatch(text) ?? false
    }

    /// Compiles `pattern` now, if it was not compiled yet, so that copies of the cache share it.
    mutating func precompile(_ pattern: String) {
        let key = StringKey(string: pattern)
        if compiled[key] == nil { compiled[key] = .some(try? DatalogRegex(pattern)) }
    }

    /// The number of distinct patterns compiled so far (valid or not).
    var count: Int { compiled.count }
}
