/// Bounds on the Datalog text the parser accepts, so that hostile input cannot exhaust memory or stack.
///
/// Each bound has its own error code, reported with the position where it was exceeded.
public struct ParserLimits: Hashable, Sendable {
    /// The longest source text, in UTF-8 bytes (default 1 MiB). Longer input fails with
    /// ``DatalogError/Code/inputTooLarge`` before any parsing.
    public var maxInputBytes: Int
    /// The deepest nesting of parentheses, closures, method arguments, `!` negations, arrays, maps and sets
    /// (default 64). Deeper input fails with ``DatalogError/Code/nestingTooDeep``.
    public var maxNestingDepth: Int
    /// The longest string or `hex:` byte literal, in bytes after decoding (default 64 KiB). Longer literals
    /// fail with ``DatalogError/Code/literalTooLarge``.
    public var maxLiteralBytes: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxInputBytes: The longest source text, in UTF-8 bytes.
    ///   - maxNestingDepth: The deepest nesting of expressions and collection terms.
    ///   - maxLiteralBytes: The longest string or byte literal, in bytes.
    public init(maxInputBytes: Int = 1 << 20, maxNestingDepth: Int = 64, maxLiteralBytes: Int = 64 << 10) {
        self.maxInputBytes = maxInputBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxLiteralBytes = maxLiteralBytes
    }

    /// 1 MiB of input, nesting depth 64, literals up to 64 KiB.
    public static let `default` = ParserLimits()
}
