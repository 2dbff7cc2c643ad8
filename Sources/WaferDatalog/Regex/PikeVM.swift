/// Working memory of the NFA simulation, allocated once per compiled pattern and reused by every search.
///
/// Two sparse sets (Briggs and Torczon) of instruction numbers with O(1) insert, membership and clear, and a
/// depth-first stack. Searches borrow them as unsafe buffers through ``withThreads(_:)`` so that the inner loops
/// pay no uniqueness or bounds checks in release builds (debug builds keep the bounds checks).
struct RegexScratch {
    private var closureDense: [Int32]
    private var closureSparse: [Int32]
    private var seedsDense: [Int32]
    private var seedsSparse: [Int32]
    private var stack: [Int32]

    /// Scratch for a program of `instructionCount` instructions.
    init(instructionCount: Int) {
        closureDense = [Int32](repeating: 0, count: instructionCount)
        closureSparse = [Int32](repeating: 0, count: instructionCount)
        seedsDense = [Int32](repeating: 0, count: instructionCount)
        seedsSparse = [Int32](repeating: 0, count: instructionCount)
        // Each instruction enters the closure once and then pushes at most two more; the seeds and the start
        // are pushed first. So the stack never holds more than 3m + 1 entries.
        stack = [Int32](repeating: 0, count: 3 * instructionCount + 2)
    }

    /// Scratch that holds nothing and allocated nothing (a placeholder while the real one is borrowed).
    init() {
        closureDense = []
        closureSparse = []
        seedsDense = []
        seedsSparse = []
        stack = []
    }

    /// Calls `body` with the scratch memory as unsafe buffers, valid only during the call.
    mutating func withThreads<Result>(_ body: (inout NFAThreads) -> Result) -> Result {
        closureDense.withUnsafeMutableBufferPointer { closureDense in
            closureSparse.withUnsafeMutableBufferPointer { closureSparse in
                seedsDense.withUnsafeMutableBufferPointer { seedsDense in
                    seedsSparse.withUnsafeMutableBufferPointer { seedsSparse in
                        stack.withUnsafeMutableBufferPointer { stack in
                            var threads = NFAThreads(
                                closureDense: closureDense, closureSparse: closureSparse,
                                seedsDense: seedsDense, seedsSparse: seedsSparse, stack: stack)
                            return body(&threads)
                        }
                    }
                }
            }
        }
    }
}

/// The NFA threads at one position, over memory borrowed from a ``RegexScratch``.
///
/// `closure` holds every instruction reached at the current position (the consuming ones wait there for the
/// next scalar); `seeds` holds the instructions to start from at the next position (the targets of the
/// consuming instructions that accepted the scalar).
struct NFAThreads {
    let closureDense: UnsafeMutableBufferPointer<Int32>
    let closureSparse: UnsafeMutableBufferPointer<Int32>
    let seedsDense: UnsafeMutableBufferPointer<Int32>
    let seedsSparse: UnsafeMutableBufferPointer<Int32>
    let stack: UnsafeMutableBufferPointer<Int32>
    /// The number of instructions in the closure.
    var closureCount = 0
    /// The number of seeds.
    var seedCount = 0
    private var stackCount = 0

    init(
        closureDense: UnsafeMutableBufferPointer<Int32>, closureSparse: UnsafeMutableBufferPointer<Int32>,
        seedsDense: UnsafeMutableBufferPointer<Int32>, seedsSparse: UnsafeMutableBufferPointer<Int32>,
        stack: UnsafeMutableBufferPointer<Int32>
    ) {
        self.closureDense = closureDense
        self.closureSparse = closureSparse
        self.seedsDense = seedsDense
        self.seedsSparse = seedsSparse
        self.stack = stack
    }

    /// Empties the stack, then pushes the start instruction when `includeStart`.
    @inline(__always)
    mutating func beginClosure(_ program: RegexProgram, includeStart: Bool) {
        stackCount = 0
        if includeStart { push(program.start) }
    }

    @inline(__always)
    mutating func push(_ instruction: Int32) {
        stack[stackCount] = instruction
        stackCount &+= 1
    }

    /// Pushes the current seeds.
    @inline(__always)
    mutating func pushSeeds() {
        for index in 0..<seedCount { push(seedsDense[index]) }
    }

    /// Replaces the seeds by `seeds`.
    mutating func setSeeds(_ seeds: some Sequence<Int32>) {
        seedCount = 0
        for seed in seeds { insertSeed(seed) }
    }

    @inline(__always)
    private mutating func insertSeed(_ instruction: Int32) {
        let slot = Int(seedsSparse[Int(instruction)])
        if slot < seedCount && seedsDense[slot] == instruction { return }
        seedsDense[seedCount] = instruction
        seedsSparse[Int(instruction)] = Int32(truncatingIfNeeded: seedCount)
        seedCount &+= 1
    }

    /// Collects into the closure every instruction reachable from the pushed ones through splits and through
    /// assertions that hold between contexts `before` and `after`.
    ///
    /// - Returns: Whether the match instruction is reachable: the pattern matches, ending here.
    mutating func computeClosure(_ program: RegexProgram, before: UInt8, after: UInt8) -> Bool {
        closureCount = 0
        while stackCount > 0 {
            stackCount &-= 1
            let instruction = stack[stackCount]
            let index = Int(instruction)
            let slot = Int(closureSparse[index])
            if slot < closureCount && closureDense[slot] == instruction { continue }
            closureDense[closureCount] = instruction
            closureSparse[index] = Int32(truncatingIfNeeded: closureCount)
            closureCount &+= 1
            switch program.kinds[index] {
            case .consume:
                break
            case .match:
                return true
            case .split:
                push(program.operands[index])
                push(program.nexts[index])
            case .look:
                if let look = RegexLook(rawValue: UInt8(truncatingIfNeeded: program.operands[index])),
                   RegexProgram.holds(look, before: before, after: after) {
                    push(program.nexts[index])
                }
            }
        }
        return false
    }

    /// Replaces the seeds by the targets of the consuming instructions in the closure that accept `classID`.
    mutating func step(_ program: RegexProgram, classID: Int) {
        seedCount = 0
        for position in 0..<closureCount {
            let index = Int(closureDense[position])
            if program.kinds[index] == .consume && program.setContains(program.operands[index], classID) {
                insertSeed(program.nexts[index])
            }
        }
    }
}

/// Simulates the NFA on all threads at once (Thompson's algorithm, as the Pike VM does without capture slots,
/// which `is_match` does not need). Each position costs O(*m*) for *m* instructions, so a search is O(*m* · *n*).
///
/// The lazy DFA builds its states with ``NFAThreads`` and falls back on ``search(_:_:from:threads:before:)``
/// when its cache thrashes.
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
        if lead < 0xE0 && index + 1 < text.count {
            let value = Int(lead & 0x1F) << 6 | Int(text[index + 1] & 0x3F)
            if value >= 0x80 { return (Int(program.twoByteClasses[value - 0x80]), 2) }
        }
        let (value, width) = decode(text, at: index)
        return (program.classOf(nonASCII: value), width)
    }

    /// Whether the pattern matches somewhere in `text` at or after byte `start`, resuming from the seeds in
    /// `threads` with the scalar before `start` described by `before`.
    static func search(
        _ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>, from start: Int,
        threads: inout NFAThreads, before initialBefore: UInt8
    ) -> Bool {
        let includeStart = !program.isAnchoredAtStart
        var before = initialBefore
        var index = start
        while index < text.count {
            let (classID, width) = classAt(text, index, program)
            let after = program.classContexts[classID]
            threads.beginClosure(program, includeStart: includeStart)
            threads.pushSeeds()
            if threads.computeClosure(program, before: before, after: after) { return true }
            threads.step(program, classID: classID)
            if !includeStart && threads.seedCount == 0 { return false }
            before = after
            index += width
        }
        threads.beginClosure(program, includeStart: includeStart)
        threads.pushSeeds()
        return threads.computeClosure(program, before: before, after: RegexProgram.Context.edge)
    }

    /// Whether the pattern matches anywhere in `text`, by NFA simulation alone.
    static func isMatch(_ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var scratch = RegexScratch(instructionCount: program.count)
        return scratch.withThreads { threads in
            threads.setSeeds(program.isAnchoredAtStart ? [program.start] : [])
            return search(program, text, from: 0, threads: &threads, before: RegexProgram.Context.edge)
        }
    }
}
