/// A compiled pattern: a Thompson NFA over Unicode scalars, and the alphabet partition that both matchers use.
///
/// Instructions are stored as parallel arrays. Each scalar belongs to one *byte class* (here: scalar class) of
/// the partition, chosen so that every consuming instruction, and every question a zero-width assertion asks
/// (is it `\n`, `\r`, a word scalar?), has the same answer for all scalars of a class. Matchers therefore only
/// ever see class numbers, and the lazy DFA has one column per class.
struct RegexProgram: Sendable {
    /// What an instruction does.
    enum Kind: UInt8, Sendable {
        /// Consume one scalar whose class is in set `operand`, then go to `next`.
        case consume
        /// Go to both `next` and `operand`.
        case split
        /// Go to `next` if assertion `operand` (a `RegexLook` raw value) holds here.
        case look
        /// The pattern has matched.
        case match
    }

    /// Bits describing the scalar before (or after) a position, used to decide assertions.
    enum Context {
        /// Before: the position is the start of the text. After: it is the end.
        static let edge: UInt8 = 1
        /// The scalar is `\n`.
        static let lineFeed: UInt8 = 2
        /// The scalar is `\r`.
        static let carriageReturn: UInt8 = 4
        /// The scalar is a Unicode word scalar (`\w`).
        static let unicodeWord: UInt8 = 8
        /// The scalar is an ASCII word character (`[0-9A-Za-z_]`).
        static let asciiWord: UInt8 = 16
    }

    var kinds: [Kind] = []
    var nexts: [Int32] = []
    var operands: [Int32] = []
    /// The first instruction.
    var start: Int32 = 0
    /// Whether every match must begin at the start of the text (the pattern begins with `\A` or `^`).
    var isAnchoredAtStart = false

    /// The class of each ASCII scalar.
    var asciiClasses: [Int32] = []
    /// The class of each scalar in U+0080...U+07FF (two UTF-8 bytes), at `value - 0x80`.
    var twoByteClasses: [Int32] = []
    /// Sorted first scalars of the partition's intervals; `intervalStarts[0] == 0`.
    var intervalStarts: [UInt32] = []
    /// The class of each interval.
    var intervalClasses: [Int32] = []
    /// The number of classes.
    var classCount = 0
    /// The `Context` bits of each class (`lineFeed`, `carriageReturn`, `unicodeWord`, `asciiWord`).
    var classContexts: [UInt8] = []
    /// Membership bitsets: set `s` holds class `c` when bit `c` of `setBits[s * wordsPerSet + c / 64]` is set.
    var setBits: [UInt64] = []
    var wordsPerSet = 0
    /// The `Context` bits of the previous scalar that some assertion reads; the lazy DFA keys states on these.
    var previousContextMask: UInt8 = 0

    /// The number of instructions.
    var count: Int { kinds.count }

    /// The class of a scalar that is not ASCII.
    ///
    /// - Complexity: O(log *k*) for *k* intervals.
    @inline(__always)
    func classOf(nonASCII value: UInt32) -> Int {
        var low = 0
        var high = intervalStarts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if intervalStarts[mid] <= value { low = mid } else { high = mid }
        }
        return Int(intervalClasses[low])
    }

    /// Whether set `set` holds class `classID`.
    @inline(__always)
    func setContains(_ set: Int32, _ classID: Int) -> Bool {
        let word = setBits[Int(set) * wordsPerSet + classID >> 6]
        return word & (1 << UInt64(classID & 63)) != 0
    }

    /// Whether assertion `look` holds between a scalar with context `before` and one with context `after`.
    @inline(__always)
    static func holds(_ look: RegexLook, before: UInt8, after: UInt8) -> Bool {
        switch look {
        case .startOfText: return before & Context.edge != 0
        case .endOfText: return after & Context.edge != 0
        case .startOfLine: return before & (Context.edge | Context.lineFeed) != 0
        case .endOfLine: return after & (Context.edge | Context.lineFeed) != 0
        case .startOfLineCRLF:
            return before & (Context.edge | Context.lineFeed) != 0
                || (before & Context.carriageReturn != 0 && after & Context.lineFeed == 0)
        case .endOfLineCRLF:
            return after & (Context.edge | Context.carriageReturn) != 0
                || (after & Context.lineFeed != 0 && before & Context.carriageReturn == 0)
        case .wordBoundary:
            return (before & Context.unicodeWord != 0) != (after & Context.unicodeWord != 0)
        case .notWordBoundary:
            return (before & Context.unicodeWord != 0) == (after & Context.unicodeWord != 0)
        case .wordStart: return before & Context.unicodeWord == 0 && after & Context.unicodeWord != 0
        case .wordEnd: return before & Context.unicodeWord != 0 && after & Context.unicodeWord == 0
        case .wordStartHalf: return before & Context.unicodeWord == 0
        case .wordEndHalf: return after & Context.unicodeWord == 0
        case .wordBoundaryASCII:
            return (before & Context.asciiWord != 0) != (after & Context.asciiWord != 0)
        case .notWordBoundaryASCII:
            return (before & Context.asciiWord != 0) == (after & Context.asciiWord != 0)
        case .wordStartASCII: return before & Context.asciiWord == 0 && after & Context.asciiWord != 0
        case .wordEndASCII: return before & Context.asciiWord != 0 && after & Context.asciiWord == 0
        case .wordStartHalfASCII: return before & Context.asciiWord == 0
        case .wordEndHalfASCII: return after & Context.asciiWord == 0
        }
    }
}
