/// A string as a dictionary key compared by its UTF-8 bytes (Swift's `String ==` compares canonical
/// equivalence; Biscuit names and patterns compare by bytes, as ``Term``'s own `==` does).
struct StringKey: Hashable, Sendable {
    /// The string.
    let string: String

    static func == (lhs: StringKey, rhs: StringKey) -> Bool { utf8Equal(lhs.string, rhs.string) }

    func hash(into hasher: inout Hasher) { hashUTF8(string, into: &hasher) }
}
