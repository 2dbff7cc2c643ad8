/// The compiled patterns of `.matches`: each distinct pattern is compiled once per world.
///
/// Constant patterns (`$s.matches("file[0-9]+")`) are compiled when their statement is loaded and their
/// instruction refers to the compiled pattern by position (``Instruction/matchesPattern(_:_:)``), so
/// evaluating them hashes nothing. Patterns computed at run time are looked up by their bytes.
///
/// An invalid pattern (or one beyond ``DatalogRegex/Limits``) is remembered as such and never matches, as
/// biscuit-rust's `Regex::new(r).map(|re| re.is_match(s)).unwrap_or(false)`.
struct RegexCache: Sendable {
    /// The compiled patterns, `nil` for an invalid one, by position.
    private var patterns: [DatalogRegex?] = []
    /// The position of each pattern, by pattern bytes.
    private var positions: [StringKey: Int] = [:]

    /// The position of `pattern`, compiling it the first time.
    ///
    /// - Complexity: Compiling a new pattern is linear in its size.
    mutating func position(of pattern: String) -> Int {
        let key = StringKey(string: pattern)
        if let position = positions[key] { return position }
        patterns.append(try? DatalogRegex(pattern))
        positions[key] = patterns.count - 1
        return patterns.count - 1
    }

    /// Whether `text` contains a match of the pattern at `position`; `false` for an invalid pattern.
    ///
    /// - Complexity: Linear in `text`.
    func isMatch(position: Int, text: String) -> Bool {
        patterns[position]?.isMatch(text) ?? false
    }

    /// Whether `text` contains a match of `pattern`; `false` for an invalid pattern.
    ///
    /// - Complexity: Compiling a new pattern is linear in its size; matching is linear in `text`.
    mutating func isMatch(pattern: String, text: String) -> Bool {
        let position = position(of: pattern)  // first: it may append the pattern
        return isMatch(position: position, text: text)
    }

    /// The number of distinct patterns compiled so far (valid or not).
    var count: Int { patterns.count }
}
