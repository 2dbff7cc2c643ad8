import Testing
import WaferDatalog

/// One row of a match table: does `pattern` match somewhere in `input`, per Rust's `Regex::is_match`?
struct RegexCase: CustomTestStringConvertible, Sendable {
    let pattern: String
    let input: String
    let expected: Bool

    init(_ pattern: String, _ input: String, _ expected: Bool) {
        self.pattern = pattern
        self.input = input
        self.expected = expected
    }

    var testDescription: String { "\(pattern.debugDescription) ~ \(input.debugDescription) → \(expected)" }
}

@Suite("DatalogRegex")
struct RegexTests {
    /// Expected results are Rust `regex` 1.x semantics.
    static let matchCases: [RegexCase] = [
        // Biscuit samples (test014, test017).
        RegexCase("file[0-9]+.txt", "file1", false),
        RegexCase("file[0-9]+.txt", "file123.txt", true),
        RegexCase("a*c?.e", "aaabde", true),
        // Unanchored search, anchors.
        RegexCase("", "", true),
        RegexCase("", "abc", true),
        RegexCase("b", "abc", true),
        RegexCase("^b", "abc", false),
        RegexCase("b$", "abc", false),
        RegexCase("c$", "abc", true),
        RegexCase("^abc$", "abc", true),
        RegexCase("^$", "", true),
        RegexCase("^$", "a", false),
        RegexCase("\\Aa", "ba", false),
        RegexCase("a\\z", "ab", false),
        RegexCase("a$", "a\n", false),
        RegexCase("(?m)a$", "a\nb", true),
        RegexCase("(?m)^b", "a\nb", true),
        RegexCase("^b", "a\nb", false),
        RegexCase("(?m)^$", "a\n", true),
        RegexCase("(?m)a$", "a\r\nb", false),
        RegexCase("(?mR)a$", "a\r\nb", true),
        RegexCase("(?mR)^b", "a\r\nb", true),
        RegexCase("(?mR)^$", "\r\n", true),
        RegexCase("(?m)\\Ab", "a\nb", false),
        // Literals and escapes.
        RegexCase("a.c", "abc", true),
        RegexCase("a\\.c", "abc", false),
        RegexCase("a\\.c", "a.c", true),
        RegexCase("\\\\", "a\\b", true),
        RegexCase("\\n", "a\nb", true),
        RegexCase("\\t", "a\tb", true),
        RegexCase("\\x41", "A", true),
        RegexCase("\\x{1F600}", "😀", true),
        RegexCase("\\u00e9", "é", true),
        RegexCase("\\u{e9}", "é", true),
        RegexCase("\\U0001F600", "😀", true),
        RegexCase("\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$", "*+?()[]{}|^$", true),
        RegexCase("\\/\\:", "/:", true),
        RegexCase("a}", "a}", true),
        RegexCase("a]", "a]", true),
        // Dot.
        RegexCase(".", "\n", false),
        RegexCase("(?s).", "\n", true),
        RegexCase("^.$", "é", true),
        RegexCase("^.$", "😀", true),
        RegexCase("^..$", "é", false),
        RegexCase("(?R).", "\r", false),
        // Classes.
        RegexCase("[abc]", "xbx", true),
        RegexCase("[abc]", "xyz", false),
        RegexCase("[^a-z]", "abc", false),
        RegexCase("[^a-z]", "abC", true),
        RegexCase("^[a-z0-9_]+$", "abc_09", true),
        RegexCase("[]a]", "]", true),
        RegexCase("[^]a]", "]", false),
        RegexCase("[a-]", "-", true),
        RegexCase("[-a]", "-", true),
        RegexCase("[é]", "café", true),
        RegexCase("[à-ÿ]", "é", true),
        RegexCase("[[:alpha:]]", "1a", true),
        RegexCase("[[:alpha:]]", "12", false),
        RegexCase("[[:^digit:]]", "12", false),
        RegexCase("[a[bc]]", "c", true),
        RegexCase("[a-z&&[^aeiou]]", "aei", false),
        RegexCase("[a-z&&[^aeiou]]", "aeb", true),
        RegexCase("[a-z--[b-y]]", "m", false),
        RegexCase("[a-z--[b-y]]", "z", true),
        RegexCase("[a-g~~d-k]", "e", false),
        RegexCase("[a-g~~d-k]", "h", true),
        RegexCase("[\\d]", "5", true),
        RegexCase("[\\W]", "a", false),
        RegexCase("[\\-]", "-", true),
        // Perl and Unicode classes.
        RegexCase("\\d", "a5", true),
        RegexCase("\\d", "٣", true),
        RegexCase("(?-u:\\d)", "٣", false),
        RegexCase("\\D", "5", false),
        RegexCase("\\w", "é", true),
        RegexCase("(?-u:\\w)", "é", false),
        RegexCase("\\W", "_", false),
        RegexCase("\\s", "\u{2003}", true),
        RegexCase("\\S", " \t\n", false),
        RegexCase("\\pL", "é", true),
        RegexCase("\\p{Lu}", "abc", false),
        RegexCase("\\p{Lu}", "aBc", true),
        RegexCase("\\P{L}", "abc", false),
        RegexCase("\\p{Nd}", "7", true),
        RegexCase("\\p{gc=Nd}", "7", true),
        RegexCase("\\p{Uppercase_Letter}", "É", true),
        RegexCase("\\p{Alphabetic}", "ж", true),
        RegexCase("\\p{Emoji}", "😀", true),
        // Word boundaries.
        RegexCase("\\bfoo\\b", "a foo b", true),
        RegexCase("\\bfoo\\b", "afoo", false),
        RegexCase("\\Bfoo", "afoo", true),
        RegexCase("\\bé", "é", true),
        RegexCase("(?-u:\\b)é", "é", false),
        RegexCase("\\<foo\\>", "foo", true),
        RegexCase("\\b{start}o", "foo", false),
        RegexCase("o\\b{end}", "foo", true),
        RegexCase("\\b{start-half}x", "ax", false),
        RegexCase("x\\b{end-half}", "x!", true),
        // Groups and alternation.
        RegexCase("(ab)+c", "ababc", true),
        RegexCase("(?:ab)+c", "abac", false),
        RegexCase("(?P<word>ab)c", "abc", true),
        RegexCase("(?<word>ab)c", "abc", true),
        RegexCase("cat|dog", "hotdog", true),
        RegexCase("^(cat|dog)$", "hotdog", false),
        RegexCase("a(|b)c", "ac", true),
        RegexCase("()", "x", true),
        // Flags.
        RegexCase("(?i)hello", "HeLLo", true),
        RegexCase("(?i:h)ello", "HELLO", false),
        RegexCase("(?i:h)ello", "Hello", true),
        RegexCase("a(?i)b|c", "C", true),
        RegexCase("(a(?i)b)c", "aBC", false),
        RegexCase("(?i)é", "É", true),
        RegexCase("(?i)k", "\u{212A}", true),
        RegexCase("(?i)s", "ſ", true),
        RegexCase("(?i)σ", "ς", true),
        RegexCase("(?i)[a-c]", "B", true),
        RegexCase("(?i)[^a]", "A", false),
        RegexCase("(?i)\\p{Lu}", "a", true),
        RegexCase("(?i)(?-i)a", "A", false),
        RegexCase("(?x) a b # comment\n c", "abc", true),
        RegexCase("(?x)a\\ b", "a b", true),
        RegexCase("(?x)[a b]", " ", false),
        RegexCase("(?U)a+", "aa", true),
        // Repetition.
        RegexCase("^a*$", "", true),
        RegexCase("^a+$", "", false),
        RegexCase("^a?b$", "ab", true),
        RegexCase("^a{3}$", "aaa", true),
        RegexCase("^a{3}$", "aa", false),
        RegexCase("^a{2,}$", "aaaaa", true),
        RegexCase("^a{2,}$", "a", false),
        RegexCase("^a{2,3}$", "aaaa", false),
        RegexCase("^a{2,3}$", "aaa", true),
        RegexCase("^a{ 2 , 3 }$", "aa", true),
        RegexCase("^a{0}$", "", true),
        RegexCase("^a{,2}$", "aa", true),
        RegexCase("^a*?$", "aaa", true),
        RegexCase("^a+?b??$", "aab", true),
        RegexCase("^a{2}?$", "aa", true),
        RegexCase("^(a*)*$", "aaa", true),
        RegexCase("^(a*)+b$", "aaab", true),
        RegexCase("^(?:a|b)*c$", "ababc", true),
        RegexCase("^a**$", "aa", true),
        RegexCase("^(a{2}){2}$", "aaaa", true),
        // Pathological for backtrackers: must be false, and fast.
        RegexCase("^(a+)+$", String(repeating: "a", count: 30) + "!", false),
        RegexCase("(a|aa)*b", String(repeating: "a", count: 10_000), false),
        RegexCase("(x+x+)+y", String(repeating: "x", count: 5_000), false),
        RegexCase("^(\\w+\\s?)*$", String(repeating: "word ", count: 2_000) + "!", false),
    ]

    @Test("matches like Rust's Regex::is_match", arguments: matchCases)
    func matches(_ row: RegexCase) throws {
        let regex = try DatalogRegex(row.pattern)
        #expect(regex.isMatch(row.input) == row.expected)
        #expect(regex.isMatchBySimulation(row.input) == row.expected)
    }
}
