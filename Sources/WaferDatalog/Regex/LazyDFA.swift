/// A DFA built lazily from the NFA while it searches, with a bounded cache of states.
///
/// A DFA state is a set of NFA instructions to resume from (the targets of the consuming instructions taken
/// on the last scalar) plus the context bits of that scalar which assertions read. Its transition on a scalar
/// class runs the NFA's epsilon closure, which is where assertions are decided (both neighbouring scalars are
/// known then), and the step. The transition table has one row per state and one column per class, and holds
/// row offsets (state × width), so a search that stays within known states does one table load per scalar and
/// allocates nothing.
///
/// The cache holds at most ``maxStates`` states (about 1 MiB of table by default). When it is full it is
/// cleared and the search goes on; after ``maxClearsPerSearch`` clears in one search, the search finishes by NFA
/// simulation (``PikeVM``), which never needs more memory. Both paths are linear in the text.
struct LazyDFA {
    /// A transition not computed yet.
    static let unknown: Int32 = -1
    /// A transition on which the pattern has matched: the search can stop with `true`.
    static let matched: Int32 = -2
    /// A transition to the empty state of an anchored pattern: the search can stop with `false`.
    static let dead: Int32 = -3
    /// Clears of a full cache tolerated in one search before falling back on NFA simulation.
    static let maxClearsPerSearch = 3
    /// The bytes of transition table the cache aims to stay within.
    static let tableBudget = 1 << 20

    private struct StateKey: Hashable {
        var seeds: [Int32]
        var before: UInt8
    }

    /// Columns: the program's class count.
    private let width: Int
    /// The most states cached at once.
    let maxStates: Int
    /// Row offsets of next states (≥ 0) or `unknown`, `matched`, `dead`.
    private var transitions: [Int32] = []
    /// Per state: -1 unknown, 0 no match at the end of the text, 1 match.
    private var endResults: [Int8] = []
    /// Per state, its seeds are `seedStorage[seedStarts[s]..<seedStarts[s + 1]]`.
    private var seedStarts: [Int] = [0]
    private var seedStorage: [Int32] = []
    private var befores: [UInt8] = []
    private var stateIndex: [StateKey: Int32] = [:]
    /// The row offset of the start state, or -1.
    private var initialRow: Int32 = -1
    private var scratch: RegexScratch
    /// How many times the cache was cleared, over its lifetime (for tests and measurements).
    private(set) var clearCount = 0

    /// An empty cache for `program`, holding at most `maxStates` states (by default, what fits the budget).
    init(program: RegexProgram, maxStates: Int? = nil) {
        width = max(program.classCount, 1)
        let fitting = Self.tableBudget / (width * MemoryLayout<Int32>.size)
        // Row offsets are Int32: the table must stay below 2^31 entries.
        self.maxStates = max(2, min(maxStates ?? min(10_000, fitting), Int(Int32.max) / width - 1))
        scratch = RegexScratch(instructionCount: program.count)
    }

    /// The number of states cached.
    var stateCount: Int { befores.count }

    /// Whether `program` (the one this cache was made for) matches anywhere in `text`.
    mutating func isMatch(_ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var clears = 0
        var row = startRow(program, clears: &clears)
        var index = 0
        let count = text.count
        while true {
            // The fast loop: follow known transitions until one is not a row offset or the text ends.
            let (stopIndex, stopRow, classID, scalarWidth) = transitions.withUnsafeBufferPointer { table in
                program.asciiClasses.withUnsafeBufferPointer { ascii in
                    var index = index
                    var row = Int(row)
                    while index < count {
                        let lead = text[index]
                        let classID: Int
                        let scalarWidth: Int
                        if lead < 0x80 {
                            classID = Int(ascii[Int(lead)])
                            scalarWidth = 1
                        } else {
                            (classID, scalarWidth) = PikeVM.classAt(text, index, program)
                        }
                        let next = table[row &+ classID]
                        if next < 0 { return (index, row, classID, scalarWidth) }
                        row = Int(next)
                        index &+= scalarWidth
                    }
                    return (index, row, -1, 0)
                }
            }
            index = stopIndex
            row = Int32(truncatingIfNeeded: stopRow)
            if classID < 0 { return endResult(program, row) }
            var next = transitions[stopRow + classID]
            if next == Self.unknown {
                next = withThreads { dfa, threads in
                    dfa.transition(program, fromRow: row, classID: classID, clears: &clears, &threads)
                }
            }
            if next == Self.matched { return true }
            if next == Self.dead { return false }
            index += scalarWidth
            if clears > Self.maxClearsPerSearch {
                let state = Int(next) / width
                let resumeAt = index
                return withThreads { dfa, threads in
                    threads.setSeeds(dfa.seedStorage[dfa.seedStarts[state]..<dfa.seedStarts[state + 1]])
                    return PikeVM.search(program, text, from: resumeAt, threads: &threads, before: dfa.befores[state])
                }
            }
            row = next
        }
    }

    /// Calls `body` with the NFA scratch memory, borrowed for the call (the slow path only).
    private mutating func withThreads<Result>(_ body: (inout LazyDFA, inout NFAThreads) -> Result) -> Result {
        var scratch = self.scratch
        self.scratch = RegexScratch()
        defer { self.scratch = scratch }
        return scratch.withThreads { threads in body(&self, &threads) }
    }

    /// The row of the state a search begins in.
    private mutating func startRow(_ program: RegexProgram, clears: inout Int) -> Int32 {
        if initialRow >= 0 { return initialRow }
        let seeds: [Int32] = program.isAnchoredAtStart ? [program.start] : []
        let key = StateKey(seeds: seeds, before: RegexProgram.Context.edge & program.previousContextMask)
        initialRow = stateIndex[key] ?? insert(key, clears: &clears)
        return initialRow
    }

    /// Computes, caches and returns the transition from the state at `row` on class `classID`.
    private mutating func transition(
        _ program: RegexProgram, fromRow row: Int32, classID: Int, clears: inout Int, _ threads: inout NFAThreads
    ) -> Int32 {
        let state = Int(row) / width
        let after = program.classContexts[classID]
        let includeStart = !program.isAnchoredAtStart
        let slot = Int(row) + classID
        threads.beginClosure(program, includeStart: includeStart)
        for seed in seedStorage[seedStarts[state]..<seedStarts[state + 1]] { threads.push(seed) }
        if threads.computeClosure(program, before: befores[state], after: after) {
            transitions[slot] = Self.matched
            return Self.matched
        }
        threads.step(program, classID: classID)
        if !includeStart && threads.seedCount == 0 {
            transitions[slot] = Self.dead
            return Self.dead
        }
        var key = StateKey(seeds: Array(threads.seedsDense[0..<threads.seedCount]),
                           before: after & program.previousContextMask)
        key.seeds.sort()
        if let known = stateIndex[key] {
            transitions[slot] = known
            return known
        }
        let clearsBefore = clearCount
        let new = insert(key, clears: &clears)
        // After a clear, the state at `row` no longer exists: there is no row to record the transition in.
        if clearCount == clearsBefore { transitions[slot] = new }
        return new
    }

    /// Adds a state, clearing the cache first when it is full, and returns its row offset.
    private mutating func insert(_ key: StateKey, clears: inout Int) -> Int32 {
        if stateCount >= maxStates {
            transitions.removeAll(keepingCapacity: true)
            endResults.removeAll(keepingCapacity: true)
            seedStarts.removeAll(keepingCapacity: true)
            seedStarts.append(0)
            seedStorage.removeAll(keepingCapacity: true)
            befores.removeAll(keepingCapacity: true)
            stateIndex.removeAll(keepingCapacity: true)
            initialRow = -1
            clears += 1
            clearCount += 1
        }
        let row = Int32(truncatingIfNeeded: stateCount * width)
        transitions.append(contentsOf: repeatElement(Self.unknown, count: width))
        endResults.append(-1)
        seedStorage.append(contentsOf: key.seeds)
        seedStarts.append(seedStorage.count)
        befores.append(key.before)
        stateIndex[key] = row
        return row
    }

    /// Whether the pattern matches at the end of the text, from the state at `row`.
    private mutating func endResult(_ program: RegexProgram, _ row: Int32) -> Bool {
        let state = Int(row) / width
        if endResults[state] >= 0 { return endResults[state] == 1 }
        let result = withThreads { dfa, threads in
            threads.beginClosure(program, includeStart: !program.isAnchoredAtStart)
            for seed in dfa.seedStorage[dfa.seedStarts[state]..<dfa.seedStarts[state + 1]] { threads.push(seed) }
            return threads.computeClosure(program, before: dfa.befores[state], after: RegexProgram.Context.edge)
        }
        endResults[state] = result ? 1 : 0
        return result
    }
}
