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
