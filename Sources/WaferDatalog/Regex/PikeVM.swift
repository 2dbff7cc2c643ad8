/// A set of instruction numbers with O(1) insert, membership and clear (Briggs and Torczon's sparse set).
struct SparseSet {
    /// The members, in insertion order: `dense[0..<count]`.
    private(set) var dense: [Int32]
    private var sparse: [Int32]
    /// The number of members.
    private(set) var count = 0

    /// An empty set for members in `0..<capacity`.
    init(capacity: Int) {
        dense = [Int32](repeating: 0, count: capacity)
        sparse = [Int32](repeating: 0, count: capacity)
    }

    @inline(__always)
    func contains(_ member: Int32) -> Bool {
        let slot = Int(sparse[Int(member)])
        return slot < count && dense[slot] == member
    }

    /// Inserts `member`; returns whether it was new.
    @inline(__always)
    @discardableResult
    mutating func insert(_ member: Int32) -> Bool {
        if contains(member) { return false }
        dense[count] = member
        sparse[Int(member)] = Int32(count)
        count += 1
        return true
    }

    @inline(__always)
    mutating func removeAll() {
        count = 0
    }
}

/// Working memory of the NFA simulation, allocated once per compiled pattern and reused.
struct RegexScratch {
    /// Instructions reached at the current position: consuming instructions wait here for the next scalar.
    var closure: SparseSet
    /// Instructions to start from at the next position (the targets of consuming instructions that matched).
    var seeds: SparseSet
    /// The depth-first stack of `epsilonClosure`.
    var stack: [Int32] = []

    init(instructionCount: Int) {
        closure = SparseSet(capacity: instructionCount)
        seeds = SparseSet(capacity: instructionCount)
        stack.reserveCapacity(instructionCount * 2 + 2)
    }
}

/// Simulates the NFA on all threads at once (Thompson's algorithm, as the Pike VM does without capture slots,
/// which `is_match` does not need). Each position costs O(*m*) for *m* instructions, so a search is O(*m* · *n*).
///
/// The lazy DFA builds its states with `epsilonClosure` and `step`, and falls back on `search` when its cache
/// thrashes.
enum PikeVM {
    /// Decodes the scalar at byte `index` of valid UTF-8 and returns it with its width in bytes.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, width: Int) {
        let lead = UInt32(text[index])
        if lead < 0x80 { return (lead, 1) }
        let width = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : 2)
        // Swift strings hold valid UTF-8; a truncated sequence cannot occur but must not trap.
        guard index + width <= text.count else { return (0xFFFD, text.count - index) }
        var value = lead & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
        for offset in 1..<width { value = value << 6 | (UInt32(text[index + offset]) & 0x3F) }
        return (value, width)
    }

    /// The class of the scalar at byte `index`, and the scalar's width in bytes.
    @inline(__always)
    static func classAt(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ program: RegexProgram) -> (Int, Int) {
        let lead = text[index]
        if lead < 0x80 { return (Int(program.asciiClasses[Int(lead)]), 1) }
        let (value, width) = decode(text, at: index)
        return (program.classOf(nonASCII: value), width)
    }

    /// Collects into `scratch.closure` every instruction reachable from `seeds` (and from the start, when
    /// `includeStart`) through splits and through assertions that hold between contexts `before` and `after`.
    ///
    /// - Returns: Whether the match instruction is reachable: the pattern matches, ending here.
    static func epsilonClosure(
        _ program: RegexProgram, seeds: some Sequence<Int32>, includeStart: Bool,
        before: UInt8, after: UInt8, scratch: inout RegexScratch
    ) -> Bool {
        scratch.closure.removeAll()
        scratch.stack.removeAll(keepingCapacity: true)
        if includeStart { scratch.stack.append(program.start) }
        for seed in seeds { scratch.stack.append(seed) }
        while let instruction = scratch.stack.popLast() {
            guard scratch.closure.insert(instruction) else { continue }
            let index = Int(instruction)
            switch program.kinds[index] {
            case .consume:
                break
            case .match:
                return true
            case .split:
                scratch.stack.append(program.operands[index])
                scratch.stack.append(program.nexts[index])
            case .look:
                if let look = RegexLook(rawValue: UInt8(truncatingIfNeeded: program.operands[index])),
                   RegexProgram.holds(look, before: before, after: after) {
                    scratch.stack.append(program.nexts[index])
                }
            }
        }
        return false
    }

    /// Fills `scratch.seeds` with the targets of the consuming instructions in `scratch.closure` that accept
    /// class `classID`.
    static func step(_ program: RegexProgram, classID: Int, scratch: inout RegexScratch) {
        scratch.seeds.removeAll()
        for position in 0..<scratch.closure.count {
            let index = Int(scratch.closure.dense[position])
            if program.kinds[index] == .consume && program.setContains(program.operands[index], classID) {
                scratch.seeds.insert(program.nexts[index])
            }
        }
    }

    /// Whether the pattern matches somewhere in `text` at or after byte `start`, resuming from `seeds` with the
    /// scalar before `start` described by `before`.
    static func search(
        _ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>, from start: Int,
        seeds initialSeeds: [Int32], before initialBefore: UInt8, scratch: inout RegexScratch
    ) -> Bool {
        let includeStart = !program.isAnchoredAtStart
        scratch.seeds.removeAll()
        for seed in initialSeeds { scratch.seeds.insert(seed) }
        var before = initialBefore
        var index = start
        var seeds: [Int32] = []
        seeds.reserveCapacity(program.count)
        while index < text.count {
            let (classID, width) = classAt(text, index, program)
            let after = program.classContexts[classID]
            seeds.removeAll(keepingCapacity: true)
            seeds.append(contentsOf: scratch.seeds.dense[0..<scratch.seeds.count])
            if epsilonClosure(program, seeds: seeds, includeStart: includeStart, before: before, after: after,
                              scratch: &scratch) {
                return true
            }
            step(program, classID: classID, scratch: &scratch)
            if !includeStart && scratch.seeds.count == 0 { return false }
            before = after
            index += width
        }
        seeds.removeAll(keepingCapacity: true)
        seeds.append(contentsOf: scratch.seeds.dense[0..<scratch.seeds.count])
        return epsilonClosure(program, seeds: seeds, includeStart: includeStart, before: before,
                              after: RegexProgram.Context.edge, scratch: &scratch)
    }

    /// Whether the pattern matches anywhere in `text`, by NFA simulation alone.
    static func isMatch(_ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var scratch = RegexScratch(instructionCount: program.count)
        let seeds: [Int32] = program.isAnchoredAtStart ? [program.start] : []
        return search(program, text, from: 0, seeds: seeds, before: RegexProgram.Context.edge, scratch: &scratch)
    }
}
