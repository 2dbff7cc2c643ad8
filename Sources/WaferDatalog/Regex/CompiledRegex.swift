import Synchronization

/// The compiled program and its DFA cache, shared by copies of a ``DatalogRegex``.
final class CompiledRegex: Sendable {
    let program: RegexProgram
    private let cache: Mutex<LazyDFA>

    private let dfaStateLimit: Int?

    init(program: RegexProgram, dfaStateLimit: Int?) {
        self.program = program
        self.dfaStateLimit = dfaStateLimit
        self.cache = Mutex(LazyDFA(program: program, maxStates: dfaStateLimit))
    }

    var cacheClearCount: Int { cache.withLock { $0.clearCount } }

    /// Runs the shared lazy DFA, or a private one when another thread holds the shared one.
    func isMatch(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let program = self.program
        if let result = cache.withLockIfAvailable({ $0.isMatch(program, text) }) {
            return result
        }
        var privateDFA = LazyDFA(program: program, maxStates: dfaStateLimit)
        return privateDFA.isMatch(program, text)
    }
}
