import Synchronization

/// A compiled regular expression with the syntax of Rust's regex crate, matched in linear time.
///
/// This is the engine behind Datalog's `$s.matches("pattern")`. Biscuit defines `.matches` as Rust's
/// `Regex::is_match`: an *unanchored search*, true when the pattern matches anywhere in the string, unless the
/// pattern itself is anchored with `^`, `$`, `\A` or `\z`. Matching is over Unicode scalars: `.` matches one
/// scalar (`é` is one, however many UTF-8 bytes it takes), and classes hold scalars.
///
/// ## Linear time
///
/// No backtracking: the pattern is compiled to a Thompson NFA, which a lazily built DFA runs at one table
/// lookup per scalar; the DFA's cache is bounded, and when it thrashes the search continues by NFA simulation
/// (a Pike VM without capture slots). Either way a search costs O(*m* × *n*) at worst for a pattern of *m*
/// instructions and a text of *n* scalars, so `"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".matches("^(a+)+$")` is false at
/// once. Patterns are bounded by ``Limits``.
///
/// ## Syntax (Rust's `regex` crate)
///
/// - Literals, and escapes of the meta characters `\.` `\+` `\*` `\?` `\(` `\)` `\|` `\[` `\]` `\{` `\}` `\^`
///   `\$` `\#` `\&` `\-` `\~` `\\` (any ASCII punctuation may be escaped); `\a` `\f` `\t` `\n` `\r` `\v`;
///   `\x7F`, `\x{10FFFF}`, `\u007F`, `\u{7F}`, `\U0000007F`, `\U{7F}`.
/// - `.`: any scalar but `\n` (any scalar with `s`; neither `\r` nor `\n` with `R`).
/// - Classes: `[abc]`, `[^a-z]`, `[a-z0-9_]`, nested `[a[bc]]`, intersection `[a-z&&[^aeiou]]`, difference
///   `[a-z--m]`, symmetric difference `[a-g~~d-k]`, ASCII classes `[[:alpha:]]` and `[[:^digit:]]`; a `]` or
///   `-` first and a `-` last are literal.
/// - Perl classes, Unicode-aware: `\d` (general category Nd), `\s` (`White_Space`), `\w` (`Alphabetic`, marks,
///   Nd, connector punctuation, `Join_Control`), and `\D` `\S` `\W`; ASCII-only under `(?-u)`.
/// - Unicode classes `\pL`, `\p{Lu}`, `\p{Letter}`, `\p{gc=Nd}`, `\P{…}`, `\p{name!=value}`: every general
///   category by short or long name, `Any`, `ASCII`, `Assigned`, and the binary properties of
///   `Unicode.Scalar.Properties` (`Alphabetic`, `White_Space`, `Uppercase`, `Lowercase`, `Emoji`, `Math`…).
///   Scripts (`\p{Greek}`) are not supported and are rejected: the standard library does not expose them.
/// - Anchors `^` `$` (line anchors under `m`, also at `\r\n` under `mR`), `\A` `\z`; word boundaries `\b` `\B`,
///   `\<` `\>`, `\b{start}` `\b{end}` `\b{start-half}` `\b{end-half}`.
/// - Groups `(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`; alternation `|`.
/// - Flags `(?imsUuxR)`, negated `(?-i)`, scoped `(?i:…)`: `i` case-insensitive (Unicode simple case folding),
///   `m` multi-line, `s` `.` matches `\n`, `U` swap greed, `u` Unicode (on by default), `x` verbose (whitespace
///   and `#` comments ignored), `R` CRLF mode.
/// - Repetition `*` `+` `?` `{n}` `{n,}` `{n,m}` `{,m}`, each with a lazy `?` form (laziness does not change
///   whether a pattern matches).
/// - The empty pattern matches every string.
///
/// Rejected, as Rust rejects them: look-around (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`), backreferences (`\1`),
/// unknown escapes, and, under `(?-u)`, anything that could match invalid UTF-8 (`.`, negated classes, `\xFF`).
///
/// Two values are equal when their patterns are equal. Copies share one compiled program and one DFA cache,
/// which is safe to use from several threads at once.
public struct DatalogRegex: Sendable, Hashable, CustomStringConvertible {
    /// The bounds a pattern must stay within to be compiled.
    public struct Limits: Sendable, Hashable {
        /// The longest pattern accepted, in UTF-8 bytes. Default 4096.
        public var maxPatternLength: Int
        /// The most NFA instructions (states) a pattern may compile to. Default 100,000.
        public var maxCompiledSize: Int
        /// The largest count accepted in a counted repetition `{n,m}`. Default 1000.
        public var maxRepetition: Int

        /// Creates limits.
        ///
        /// - Parameters:
        ///   - maxPatternLength: The longest pattern accepted, in UTF-8 bytes.
        ///   - maxCompiledSize: The most NFA instructions a pattern may compile to.
        ///   - maxRepetition: The largest count accepted in a counted repetition.
        public init(maxPatternLength: Int = 4096, maxCompiledSize: Int = 100_000, maxRepetition: Int = 1000) {
            self.maxPatternLength = maxPatternLength
            self.maxCompiledSize = maxCompiledSize
            self.maxRepetition = maxRepetition
        }

        /// 4096-byte patterns, 100,000 instructions, repetition counts up to 1000.
        public static let `default` = Limits()
    }

    /// The pattern, as given.
    public let pattern: String

    private let compiled: CompiledRegex

    /// Parses and compiles a pattern.
    ///
    /// - Parameters:
    ///   - pattern: A regular expression in the syntax of Rust's `regex` crate.
    ///   - limits: The bounds the pattern must stay within.
    /// - Throws: `DatalogError` with code `invalidRegex` when the pattern is not valid (the message says what is
    ///   wrong and at which byte offset), or `regexTooLarge` when it exceeds `limits`.
    /// - Complexity: O(*p* + *m*) for a pattern of *p* bytes compiling to *m* instructions, plus a one-time
    ///   derivation of Unicode tables (about 40 ms) the first time a process uses `\w`, `\d`, `\s`, `\b` or `\p`.
    public init(_ pattern: String, limits: Limits = .default) throws(DatalogError) {
        try self.init(pattern, limits: limits, dfaStateLimit: nil)
    }

    /// Parses and compiles a pattern, with a DFA cache of at most `dfaStateLimit` states (for tests of the
    /// cache's clearing and fallback).
    package init(_ pattern: String, limits: Limits = .default, dfaStateLimit: Int?) throws(DatalogError) {
        let length = pattern.utf8.count
        guard length <= limits.maxPatternLength else {
            throw DatalogError(.regexTooLarge,
                               "regex of \(length) bytes exceeds the limit of \(limits.maxPatternLength) bytes")
        }
        var parser = RegexParser(pattern: pattern, limits: limits)
        let node = try parser.parse()
        guard RegexCompiler.instructionCount(of: node, limit: limits.maxCompiledSize) != nil else {
            throw DatalogError(.regexTooLarge, "regex \"\(pattern.prefix(64))\": compiles to more than "
                + "\(limits.maxCompiledSize) instructions")
        }
        self.pattern = pattern
        self.compiled = CompiledRegex(program: RegexCompiler.compile(node), dfaStateLimit: dfaStateLimit)
    }

    /// Whether the pattern matches anywhere in `text`, as Rust's `Regex::is_match`.
    ///
    /// - Parameter text: The string to search.
    /// - Returns: `true` when some substring of `text` matches the pattern (the empty pattern matches any text).
    /// - Complexity: O(*m* × *n*) at worst for *m* instructions and *n* scalars; usually O(*n*), one DFA table
    ///   lookup per scalar, with no allocation once the DFA states it visits are cached.
    public func isMatch(_ text: String) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable({ compiled.isMatch($0) }) {
            return result
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { compiled.isMatch($0) } ?? false
    }

    /// Whether the pattern matches anywhere in `text`, by NFA simulation only, without the DFA.
    ///
    /// For differential testing of the two matchers.
    package func isMatchBySimulation(_ text: String) -> Bool {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { PikeVM.isMatch(compiled.program, $0) } ?? false
    }

    /// How many times the shared DFA cache has been cleared because it was full, over its lifetime.
    ///
    /// For tests and measurements of the cache-thrashing fallback.
    package var dfaCacheClearCount: Int { compiled.cacheClearCount }

    /// The pattern.
    public var description: String { pattern }

    /// Whether two regexes have the same pattern.
    public static func == (lhs: DatalogRegex, rhs: DatalogRegex) -> Bool {
        lhs.pattern == rhs.pattern
    }

    /// Hashes the pattern.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
    }
}

/// The compiled program and its DFA cache, shared by copies of a ``DatalogRegex``.
final class CompiledRegex: Sendable {
    let program: RegexProgram
    private let cache: Mutex<LazyDFA>

    private let dfaStateLimit: Int?

    init(program: RegexProgram, dfaStateLimit: Int?) {
        self.program = program
        self.dfaStateLimit = dfaStateLimit
        self.cache = Mutex(LazyDFA(program: program, maxStates: dfaStateLimit))
    }

    var cacheClearCount: Int { cache.withLock { $0.clearCount } }

    /// Runs the shared lazy DFA, or a private one when another thread holds the shared one.
    func isMatch(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let program = self.program
        if let result = cache.withLockIfAvailable({ $0.isMatch(program, text) }) {
            return result
        }
        var privateDFA = LazyDFA(program: program, maxStates: dfaStateLimit)
        return privateDFA.isMatch(program, text)
    }
}
