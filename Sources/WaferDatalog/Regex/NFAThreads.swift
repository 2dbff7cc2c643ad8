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
