/// The syntax tree of a parsed pattern, with flags already applied.
///
/// Capture groups, their names and laziness do not change whether a pattern matches, so the tree keeps none of
/// them: a group is its content, `a*?` is `a*`, `(?i)a` is the class `[Aa]`.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// Matches one scalar of the set (literals and classes alike).
    case scalars(ScalarSet)
    /// A zero-width assertion: `^`, `$`, `\A`, `\z`, `\b`, `\B`…
    case look(RegexLook)
    /// The nodes in sequence.
    case concatenation([RegexNode])
    /// Any one of the nodes.
    case alternation([RegexNode])
    /// The node repeated between `min` and `max` times; `max == nil` means no upper bound.
    case repetition(RegexNode, min: Int, max: Int?)
}
