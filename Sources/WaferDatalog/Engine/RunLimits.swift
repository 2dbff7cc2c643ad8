/// The budgets of one world run: facts, iterations and time.
///
/// The defaults follow biscuit-rust for facts and iterations (1,000 and 100). The time default is
/// 100 milliseconds rather than biscuit-rust's 1 ms: a typical authorization takes tens of microseconds in
/// a release build, so 100 ms still stops a runaway program quickly, but it does not fail spuriously in a
/// debug build or on a loaded machine where the scheduler can stall a thread for tens of milliseconds.
/// Services that want biscuit-rust's exact behaviour pass `.milliseconds(1)`.
///
/// The limits are enforced after every iteration of the fixpoint and also *during* an iteration (the fact
/// count at every new fact, the clock every 1,024 join steps), so a single exploding join stops at the fact
/// budget or the deadline. The time
/// budget starts when the fixpoint starts (loading and compiling statements are not counted);
/// ``World/authorize()`` gets what the fixpoint left of it, and each ``World/query(_:)`` a full budget.
public struct RunLimits: Hashable, Sendable {
    /// The run fails with ``DatalogError/Code/tooManyFacts`` when an iteration that adds facts brings the
    /// world to at least this many (origin, fact) entries. Default 1,000.
    public var maxFacts: Int
    /// The run fails with ``DatalogError/Code/tooManyIterations`` when this many iterations have added facts
    /// and the fixpoint is still not reached. Default 100.
    public var maxIterations: Int
    /// The run fails with ``DatalogError/Code/timeout`` when it takes longer. Default 100 ms.
    public var maxTime: Duration

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxFacts: The most (origin, fact) entries a world may hold; default 1,000.
    ///   - maxIterations: The most iterations that may add facts; default 100.
    ///   - maxTime: The longest a run may take, measured with `ContinuousClock`; default 100 ms.
    public init(maxFacts: Int = 1000, maxIterations: Int = 100, maxTime: Duration = .milliseconds(100)) {
        self.maxFacts = maxFacts
        self.maxIterations = maxIterations
        self.maxTime = maxTime
    }
}
