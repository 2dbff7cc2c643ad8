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
/// - Unicode classes `\pL`, `\p{Lu}`, `\p{Letter}`, `\p{gc=Nd}`, `\P{…}`: every general category by short or
///   long name, `Any`, `ASCII`, `Assigned`, the binary properties of `Unicode.Scalar.Properties`
///   (`Alphabetic`, `White_Space`, `Uppercase`, `Lowercase`, `Emoji`, `Math`…), and scripts by name or alias
///   (`\p{Greek}`, `\p{sc=Cyrl}`, `\p{scx=Arabic}` for `Script_Extensions`). Other enumerated properties
///   (`Age`, `Block`…) are rejected. As in Rust, `\p{name!=value}` parses but is *not* negated.
/// - Anchors `^` `$` (line anchors under `m`, also at `\r\n` under `mR`), `\A` `\z`; word boundaries `\b` `\B`,
///   `\<` `\>`, `\b{start}` `\b{end}` `\b{start-half}` `\b{end-half}`.
/// - Groups `(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`; alternation `|`.
/// - Flags `(?imsUuxR)`, negated `(?-i)`, scoped `(?i:…)`: `i` case-insensitive (Unicode simple case folding),
///   `m` multi-line, `s` `.` matches `\n`, `U` swap greed, `u` Unicode (on by default), `x` verbose (whitespace
///   and `#` comments ignored), `R` CRLF mode.
/// - Repetition `*` `+` `?` `{n}` `{n,}` `{n,m}` (spaces allowed around the numbers, not before a `}` after a
///   comma), each with a lazy `?` form (laziness does not change whether a pattern matches); `{,m}` is refused,
///   as Rust refuses it.
/// - The empty pattern matches every string.
///
/// ## Unicode
///
/// Rust's regex crate (as biscuit-rust uses it) has Unicode 16.0 tables. Ours are derived from the standard
/// library's `Unicode.Scalar.Properties`, with scalars assigned after Unicode 16.0 treated as unassigned, and
/// from the generated script tables of `UnicodeScripts` (16.0). `(?i)` uses simple case folding, derived from
/// the case mappings of scalars that change under case folding (`k` ≈ `K` ≈ U+212A KELVIN SIGN, `σ` ≈ `ς` ≈
/// `Σ`, dotless `ı` alone). Agreement is tested against biscuit-rust itself (`RegexRustVectors.swift`).
///
/// Rejected, as Rust rejects them: look-around (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`), backreferences (`\1`),
/// unknown escapes, and, under `(?-u)`, anything that could match invalid UTF-8 (`.`, negated classes, `\xFF`)
/// or non-ASCII scalars in classes. Size limits differ in kind: Rust bounds the bytes of its compiled program,
/// ``Limits`` bounds instructions, so a few patterns near the limits (`\w{1000}` is too large for Rust, not here)
/// are judged differently.
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
        /// The largest count accepted in a counted repetition `{n,m}`. Default 100,000.
        ///
        /// Rust's regex crate has no cap of its own on counts (1000 is Go's): `a{30000}` compiles there, and only
        /// its compiled-size limit refuses `a{1000}{1000}`. So the default leaves the bound to
        /// ``maxCompiledSize``; this limit only refuses absurd counts before any arithmetic on them.
        public var maxRepetition: Int

        /// Creates limits.
        ///
        /// - Parameters:
        ///   - maxPatternLength: The longest pattern accepted, in UTF-8 bytes.
        ///   - maxCompiledSize: The most NFA instructions a pattern may compile to.
        ///   - maxRepetition: The largest count accepted in a counted repetition.
        public init(maxPatternLength: Int = 4096, maxCompiledSize: Int = 100_000, maxRepetition: Int = 100_000) {
            self.maxPatternLength = maxPatternLength
            self.maxCompiledSize = maxCompiledSize
            self.maxRepetition = maxRepetition
        }

        /// 4096-byte patterns, 100,000 instructions, repetition counts up to 100,000.
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
    /// - Complexity: O(*p* + *m*) for a pattern of *p* bytes compiling to *m* instructions, plus, the first time
    ///   a process uses a Unicode class, parsing it from the generated tables (`\d` 0.5 ms, `\w` about 1 ms) or,
    ///   for `(?i)`, deriving case folding (about 6 ms), and for `\p{age=…}`, scanning the code space (~30 ms).
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
            throw DatalogError(.regexTooLarge, "regex \(RegexParser.quoted(pattern)): compiles to more than "
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
