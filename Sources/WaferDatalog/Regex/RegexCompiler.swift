/// Compiles a ``RegexNode`` tree into a ``RegexProgram``: Thompson's construction, then the alphabet partition.
struct RegexCompiler {
    private var program = RegexProgram()
    private var setIndex: [ScalarSet: Int32] = [:]
    private var sets: [ScalarSet] = []
    private var looksUsed: Set<RegexLook> = []

    /// The number of instructions `node` compiles to, or `nil` when it exceeds `limit`.
    ///
    /// Computed on the tree, before anything is built, so that `a{1000}{1000}` is refused without being expanded.
    static func instructionCount(of node: RegexNode, limit: Int) -> Int? {
        func add(_ a: Int?, _ b: Int?) -> Int? {
            guard let a, let b else { return nil }
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow || sum > limit ? nil : sum
        }
        func multiply(_ a: Int?, _ b: Int) -> Int? {
            guard let a else { return nil }
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow || product > limit ? nil : product
        }
        func count(_ node: RegexNode) -> Int? {
            switch node {
            case .empty: return 0
            case .scalars, .look: return 1
            case .concatenation(let nodes):
                return nodes.reduce(Optional(0)) { add($0, count($1)) }
            case .alternation(let nodes):
                return nodes.reduce(Optional(nodes.count - 1)) { add($0, count($1)) }
            case .repetition(let child, let min, let max):
                let body = count(child)
                if let max {
                    // `min` copies, then `max - min` optional copies with a split each.
                    return add(multiply(body, min), multiply(add(body, 1), max - min))
                }
                // `max(min, 1)` copies, the last of which loops back through one split.
                return add(multiply(body, Swift.max(min, 1)), 1)
            }
        }
        return count(node).flatMap { $0 + 1 <= limit ? $0 + 1 : nil }
    }

    /// Compiles `node`. Call ``instructionCount(of:limit:)`` first to bound the size.
    static func compile(_ node: RegexNode) -> RegexProgram {
        var compiler = RegexCompiler()
        let match = compiler.append(.match, next: -1, operand: 0)
        compiler.program.start = compiler.emit(node, next: match)
        compiler.program.isAnchoredAtStart = isAnchoredAtStart(node)
        compiler.buildPartition()
        return compiler.program
    }

    // MARK: - Thompson construction

    private mutating func append(_ kind: RegexProgram.Kind, next: Int32, operand: Int32) -> Int32 {
        program.kinds.append(kind)
        program.nexts.append(next)
        program.operands.append(operand)
        return Int32(program.kinds.count - 1)
    }

    /// Emits `node` so that it continues at `next`, and returns its entry. Built back to front.
    private mutating func emit(_ node: RegexNode, next: Int32) -> Int32 {
        switch node {
        case .empty:
            return next
        case .scalars(let set):
            let index: Int32
            if let known = setIndex[set] {
                index = known
            } else {
                index = Int32(sets.count)
                sets.append(set)
                setIndex[set] = index
            }
            return append(.consume, next: next, operand: index)
        case .look(let look):
            looksUsed.insert(look)
            return append(.look, next: next, operand: Int32(look.rawValue))
        case .concatenation(let nodes):
            var entry = next
            for child in nodes.reversed() { entry = emit(child, next: entry) }
            return entry
        case .alternation(let nodes):
            guard var entry = nodes.last.map({ emit($0, next: next) }) else { return next }
            for child in nodes.dropLast().reversed() {
                let branch = emit(child, next: next)
                entry = append(.split, next: branch, operand: entry)
            }
            return entry
        case .repetition(let child, let min, let max):
            var entry = next
            var mandatory = min
            if let max {
                for _ in 0..<(max - min) {
                    let body = emit(child, next: entry)
                    entry = append(.split, next: body, operand: next)
                }
            } else {
                // A loop: split → body → split, leaving through the split's second branch.
                let loop = append(.split, next: -1, operand: next)
                let body = emit(child, next: loop)
                program.nexts[Int(loop)] = body
                if min > 0 {
                    entry = body
                    mandatory -= 1
                } else {
                    entry = loop
                }
            }
            for _ in 0..<mandatory { entry = emit(child, next: entry) }
            return entry
        }
    }

    /// Whether every match of `node` must begin at the start of the text.
    private static func isAnchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .look(let look): return look == .startOfText
        case .concatenation(let nodes):
            for child in nodes {
                if isAnchoredAtStart(child) { return true }
                switch child {
                case .empty, .look: continue  // Zero-width: the anchor may still come.
                default: return false
                }
            }
            return false
        case .alternation(let nodes): return !nodes.isEmpty && nodes.allSatisfy(isAnchoredAtStart)
        case .repetition(let child, let min, _): return min > 0 && isAnchoredAtStart(child)
        case .empty, .scalars: return false
        }
    }

    // MARK: - Alphabet partition

    /// Splits the scalars into classes that no set and no assertion can tell apart.
    private mutating func buildPartition() {
        let needsUnicodeWord = looksUsed.contains { $0.needsUnicodeWord }
        let needsASCIIWord = looksUsed.contains { $0.needsASCIIWord }
        var contextSets: [(ScalarSet, UInt8)] = [
            (ScalarSet(0x0A), RegexProgram.Context.lineFeed),
            (ScalarSet(0x0D), RegexProgram.Context.carriageReturn),
        ]
        if needsUnicodeWord { contextSets.append((UnicodeTables.word, RegexProgram.Context.unicodeWord)) }
        if needsASCIIWord { contextSets.append((RegexParser.asciiWord, RegexProgram.Context.asciiWord)) }

        // Interval starts: 0 and every range's lower bound and successor of its upper bound, sorted and unique.
        let allSets = sets + contextSets.map(\.0)
        var starts: [UInt32] = [0]
        starts.reserveCapacity(allSets.reduce(1) { $0 + $1.bounds.count })
        for set in allSets {
            for index in 0..<set.rangeCount {
                let (lower, upper) = set.range(at: index)
                starts.append(lower)
                if upper < ScalarSet.maxScalar { starts.append(upper + 1) }
            }
        }
        starts.sort()
        var unique = 0
        for start in starts where unique == 0 || starts[unique - 1] != start {
            starts[unique] = start
            unique += 1
        }
        starts.removeLast(starts.count - unique)
        let intervalStarts = starts
        func firstInterval(atOrAfter value: UInt32) -> Int {
            var low = 0
            var high = intervalStarts.count
            while low < high {
                let mid = (low + high) / 2
                if intervalStarts[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }
        // Refine: start with one class; each set splits every class into the part inside and the part outside.
        // Class numbers are dense and only grow, so arrays indexed by class serve as maps: `renamed[c]` is what
        // class `c` became inside the current set, valid when `renamedStamp[c]` is the current set's number.
        var intervalClass = [Int](repeating: 0, count: intervalStarts.count)
        var classTotal = 1
        var renamed = [-1]
        var renamedStamp = [-1]
        for (setNumber, set) in allSets.enumerated() {
            for index in 0..<set.rangeCount {
                let (lower, upper) = set.range(at: index)
                var interval = firstInterval(atOrAfter: lower)
                while interval < intervalStarts.count && intervalStarts[interval] <= upper {
                    let old = intervalClass[interval]
                    if renamedStamp[old] != setNumber {
                        renamedStamp[old] = setNumber
                        renamed[old] = classTotal
                        renamed.append(-1)
                        renamedStamp.append(-1)
                        classTotal += 1
                    }
                    intervalClass[interval] = renamed[old]
                    interval += 1
                }
            }
        }
        // Renumber densely, in order of first appearance.
        var dense = [Int](repeating: -1, count: classTotal)
        var representatives: [UInt32] = []
        for (interval, old) in intervalClass.enumerated() where dense[old] < 0 {
            dense[old] = representatives.count
            representatives.append(intervalStarts[interval])
        }
        let classCount = representatives.count
        program.classCount = classCount
        program.intervalStarts = intervalStarts
        program.intervalClasses = intervalClass.map { Int32(truncatingIfNeeded: dense[$0]) }
        // Direct tables for one- and two-byte scalars, filled by walking the intervals.
        func classTable(_ scalars: Range<UInt32>) -> [Int32] {
            var table: [Int32] = []
            table.reserveCapacity(scalars.count)
            var interval = max(firstInterval(atOrAfter: scalars.lowerBound + 1) - 1, 0)
            var scalar = scalars.lowerBound
            while scalar < scalars.upperBound {
                let end = interval + 1 < intervalStarts.count
                    ? min(intervalStarts[interval + 1], scalars.upperBound) : scalars.upperBound
                table.append(contentsOf: repeatElement(program.intervalClasses[interval], count: Int(end - scalar)))
                scalar = end
                interval += 1
            }
            return table
        }
        program.asciiClasses = classTable(0..<0x80)
        program.twoByteClasses = classTable(0x80..<0x800)
        program.classContexts = representatives.map { scalar in
            contextSets.reduce(UInt8(0)) { $1.0.contains(scalar) ? $0 | $1.1 : $0 }
        }
        let wordsPerSet = (classCount + 63) / 64
        program.wordsPerSet = wordsPerSet
        var bits = [UInt64](repeating: 0, count: wordsPerSet * sets.count)
        for (setNumber, set) in sets.enumerated() {
            for (classID, scalar) in representatives.enumerated() where set.contains(scalar) {
                bits[setNumber * wordsPerSet + classID / 64] |= 1 << UInt64(classID % 64)
            }
        }
        program.setBits = bits

        var mask: UInt8 = 0
        for look in looksUsed {
            switch look {
            case .startOfText, .wordStart, .wordStartHalf, .wordStartASCII, .wordStartHalfASCII:
                mask |= RegexProgram.Context.edge
            case .startOfLine: mask |= RegexProgram.Context.edge | RegexProgram.Context.lineFeed
            case .startOfLineCRLF:
                mask |= RegexProgram.Context.edge | RegexProgram.Context.lineFeed | RegexProgram.Context.carriageReturn
            case .endOfLineCRLF: mask |= RegexProgram.Context.carriageReturn
            case .endOfText, .endOfLine, .wordEndHalf, .wordEndHalfASCII: break
            case .wordBoundary, .notWordBoundary, .wordEnd: mask |= RegexProgram.Context.unicodeWord
            case .wordBoundaryASCII, .notWordBoundaryASCII, .wordEndASCII: mask |= RegexProgram.Context.asciiWord
            }
            if look.needsUnicodeWord && look != .wordEndHalf { mask |= RegexProgram.Context.unicodeWord }
            if look.needsASCIIWord && look != .wordEndHalfASCII { mask |= RegexProgram.Context.asciiWord }
        }
        program.previousContextMask = mask
    }
}
