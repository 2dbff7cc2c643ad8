/// A DFA built lazily from the NFA while it searches, with a bounded cache of states.
///
/// A DFA state is a set of NFA instructions to resume from (the targets of the consuming instructions taken
/// on the last scalar) plus the context bits of that scalar which assertions read. Its transition on a scalar
/// class runs the NFA's epsilon closure, which is where assertions are decided (both neighbouring scalars are
/// known then), and the step. The transition table has one row per state and one column per class; a search
/// that stays within known states does one table lookup per scalar and allocates nothing.
///
/// The cache holds at most ``maxStates`` states (about 1 MiB of table). When it is full it is cleared and
/// the search goes on; after ``maxClearsPerSearch`` clears in one search, the search finishes by NFA simulation
/// (``PikeVM``), which never needs more memory. Both paths are linear in the text.
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
    private var transitions: [Int32] = []
    /// Per state: -1 unknown, 0 no match at the end of the text, 1 match.
    private var endResults: [Int8] = []
    /// Per state, its seeds are `seedStorage[seedStarts[s]..<seedStarts[s + 1]]`.
    private var seedStarts: [Int] = [0]
    private var seedStorage: [Int32] = []
    private var befores: [UInt8] = []
    private var stateIndex: [StateKey: Int32] = [:]
    private var initialState: Int32 = -1
    private var scratch: RegexScratch
    /// How many times the cache was cleared, over its lifetime (for tests and measurements).
    private(set) var clearCount = 0

    /// An empty cache for `program`, holding at most `maxStates` states (by default, what fits the budget).
    init(program: RegexProgram, maxStates: Int? = nil) {
        width = max(program.classCount, 1)
        self.maxStates = max(2, maxStates ?? min(10_000, Self.tableBudget / (width * MemoryLayout<Int32>.size)))
        scratch = RegexScratch(instructionCount: program.count)
    }

    /// The number of states cached.
    var stateCount: Int { befores.count }

    /// Whether `program` (the one this cache was made for) matches anywhere in `text`.
    mutating func isMatch(_ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var clears = 0
        var state = startState(program, clears: &clears)
        var index = 0
        let count = text.count
        while index < count {
            let (classID, scalarWidth) = PikeVM.classAt(text, index, program)
            let next = transitions[Int(state) &* width &+ classID]
            if next >= 0 {
                state = next
                index &+= scalarWidth
                continue
            }
            let computed = next == Self.unknown
                ? transition(program, from: state, classID: classID, clears: &clears)
                : next
            if computed == Self.matched { return true }
            if computed == Self.dead { return false }
            index += scalarWidth
            if clears > Self.maxClearsPerSearch {
                let seeds = Array(seedStorage[seedStarts[Int(computed)]..<seedStarts[Int(computed) + 1]])
                return PikeVM.search(program, text, from: index, seeds: seeds, before: befores[Int(computed)],
                                     scratch: &scratch)
            }
            state = computed
        }
        return endResult(program, state)
    }

    /// The state a search begins in.
    private mutating func startState(_ program: RegexProgram, clears: inout Int) -> Int32 {
        if initialState >= 0 { return initialState }
        let seeds: [Int32] = program.isAnchoredAtStart ? [program.start] : []
        let key = StateKey(seeds: seeds, before: RegexProgram.Context.edge & program.previousContextMask)
        initialState = stateIndex[key] ?? insert(key, clears: &clears)
        return initialState
    }

    /// Computes, caches and returns the transition from `state` on class `classID`.
    private mutating func transition(
        _ program: RegexProgram, from state: Int32, classID: Int, clears: inout Int
    ) -> Int32 {
        let row = Int(state)
        let after = program.classContexts[classID]
        let seeds = seedStorage[seedStarts[row]..<seedStarts[row + 1]]
        let includeStart = !program.isAnchoredAtStart
        let slot = row * width + classID
        if PikeVM.epsilonClosure(program, seeds: seeds, includeStart: includeStart, before: befores[row],
                                 after: after, scratch: &scratch) {
            transitions[slot] = Self.matched
            return Self.matched
        }
        PikeVM.step(program, classID: classID, scratch: &scratch)
        if !includeStart && scratch.seeds.count == 0 {
            transitions[slot] = Self.dead
            return Self.dead
        }
        var key = StateKey(seeds: Array(scratch.seeds.dense[0..<scratch.seeds.count]),
                           before: after & program.previousContextMask)
        key.seeds.sort()
        if let known = stateIndex[key] {
            transitions[slot] = known
            return known
        }
        let clearsBefore = clearCount
        let new = insert(key, clears: &clears)
        // After a clear, `state` no longer exists: there is no row to record the transition in.
        if clearCount == clearsBefore { transitions[slot] = new }
        return new
    }

    /// Adds a state, clearing the cache first when it is full.
    private mutating func insert(_ key: StateKey, clears: inout Int) -> Int32 {
        if stateCount >= maxStates {
            transitions.removeAll(keepingCapacity: true)
            endResults.removeAll(keepingCapacity: true)
            seedStarts.removeAll(keepingCapacity: true)
            seedStarts.append(0)
            seedStorage.removeAll(keepingCapacity: true)
            befores.removeAll(keepingCapacity: true)
            stateIndex.removeAll(keepingCapacity: true)
            initialState = -1
            clears += 1
            clearCount += 1
        }
        let index = Int32(stateCount)
        transitions.append(contentsOf: repeatElement(Self.unknown, count: width))
        endResults.append(-1)
        seedStorage.append(contentsOf: key.seeds)
        seedStarts.append(seedStorage.count)
        befores.append(key.before)
        stateIndex[key] = index
        return index
    }

    /// Whether the pattern matches at the end of the text, from `state`.
    private mutating func endResult(_ program: RegexProgram, _ state: Int32) -> Bool {
        let row = Int(state)
        if endResults[row] >= 0 { return endResults[row] == 1 }
        let seeds = seedStorage[seedStarts[row]..<seedStarts[row + 1]]
        let result = PikeVM.epsilonClosure(program, seeds: seeds, includeStart: !program.isAnchoredAtStart,
                                           before: befores[row], after: RegexProgram.Context.edge,
                                           scratch: &scratch)
        endResults[row] = result ? 1 : 0
        return result
    }
}
