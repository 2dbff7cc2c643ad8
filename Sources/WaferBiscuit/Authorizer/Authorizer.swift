public import Foundation
public import WaferDatalog

/// Decides whether a verified token grants a request: the token's blocks plus the service's Datalog
/// (facts about the request, rules, checks, policies), run to a fixpoint.
///
/// ```swift
/// var authorizer = try Authorizer(biscuit: biscuit, code: """
///     resource("file1"); operation("read");
///     allow if right("file1", "read");
///     """)
/// authorizer.addTime(secondsSince1970: 1_700_000_000)
/// switch try authorizer.authorize() {
/// case .allowed(let policyIndex): print("allowed by policy \(policyIndex)")
/// case .denied(let policy, let failedChecks): print("denied", policy as Any, failedChecks)
/// }
/// ```
///
/// A denial is a result value; ``authorize()`` throws only for Datalog that cannot be evaluated (an unsafe
/// token rule, an expression error such as an overflow) or an exceeded ``RunLimits``.
public struct Authorizer: Sendable {
    /// The verified token being authorized.
    public let biscuit: Biscuit
    /// The service's facts, rules, checks and policies.
    public var program: Program
    /// The host functions callable as `.extern::name(…)`.
    public var externs: ExternFunctions
    /// The budgets of a run.
    public var limits: RunLimits

    /// Creates an authorizer from a token and the service's Datalog.
    ///
    /// - Parameters:
    ///   - biscuit: The verified token.
    ///   - program: The service's facts, rules, checks and policies.
    ///   - externs: Host functions for `.extern::name(…)`.
    ///   - limits: Run limits; the defaults are 1,000 facts, 100 iterations and 100 ms.
    public init(
        biscuit: Biscuit, program: Program = Program(), externs: ExternFunctions = ExternFunctions(),
        limits: RunLimits = RunLimits()
    ) {
        self.biscuit = biscuit
        self.program = program
        self.externs = externs
        self.limits = limits
    }

    /// Creates an authorizer from a token and the service's Datalog source text.
    ///
    /// - Parameters:
    ///   - biscuit: The verified token.
    ///   - code: Facts, rules, checks and policies, each ending with `;`.
    ///   - parameters: Values for the `{name}` parameters in the source.
    ///   - externs: Host functions for `.extern::name(…)`.
    ///   - limits: Run limits.
    /// - Throws: ``BiscuitError/Code/invalidDatalog`` when the text does not parse.
    public init(
        biscuit: Biscuit, code: String, parameters: DatalogParameters = [:],
        externs: ExternFunctions = ExternFunctions(), limits: RunLimits = RunLimits()
    ) throws(BiscuitError) {
        self.init(biscuit: biscuit, program: try Biscuit.parse(code, parameters), externs: externs, limits: limits)
    }

    /// Adds the statements of a program to the authorizer's.
    ///
    /// - Parameter other: Facts, rules, checks and policies; policies keep their order after the existing ones.
    public mutating func add(_ other: Program) {
        program.facts += other.facts
        program.rules += other.rules
        program.checks += other.checks
        program.policies += other.policies
    }

    /// Adds Datalog source text to the authorizer.
    ///
    /// - Parameters:
    ///   - code: Facts, rules, checks and policies.
    ///   - parameters: Values for its `{name}` parameters.
    /// - Throws: ``BiscuitError/Code/invalidDatalog`` when the text does not parse.
    public mutating func add(code: String, parameters: DatalogParameters = [:]) throws(BiscuitError) {
        add(try Biscuit.parse(code, parameters))
    }

    /// Adds the fact `time(<date>)` for a moment given in seconds since 1970-01-01T00:00:00Z.
    ///
    /// - Parameter secondsSince1970: The moment of the request, usually now.
    public mutating func addTime(secondsSince1970: UInt64) {
        program.facts.append(.time(secondsSince1970: secondsSince1970))
    }

    /// Adds the fact `time(<date>)`, truncated to whole seconds (dates before 1970 become 1970).
    ///
    /// A clock-skew allowance moves the fact back by that many seconds (``WaferDatalog/Fact/time(secondsSince1970:clockSkewAllowance:)``),
    /// for tokens whose expiry another machine's clock wrote: an expiry check (`$t <= …`) then passes that
    /// much longer, and a not-before check (`$t >= …`) that much later.
    ///
    /// - Parameters:
    ///   - date: The moment of the request, usually `Date()`.
    ///   - clockSkewAllowance: How far the token's clock may be behind this one; whole seconds count.
    public mutating func addTime(_ date: Date, clockSkewAllowance: Duration = .zero) {
        let seconds = UInt64(max(0, date.timeIntervalSince1970.rounded(.down)))
        program.facts.append(.time(secondsSince1970: seconds, clockSkewAllowance: clockSkewAllowance))
    }

    /// Adds the fact `time(<now>)` with the system clock's current time.
    ///
    /// - Parameter clockSkewAllowance: How far the token's clock may be behind this one (see
    ///   ``addTime(_:clockSkewAllowance:)``).
    public mutating func addCurrentTime(clockSkewAllowance: Duration = .zero) {
        addTime(Date(), clockSkewAllowance: clockSkewAllowance)
    }

    /// Loads the token's blocks and the authorizer's program and runs them to the fixpoint.
    ///
    /// Each token block becomes a `World.Block` whose id is its index; each key that signed third-party
    /// blocks trusts the ids of those blocks.
    ///
    /// - Returns: The finished world, to query or print.
    /// - Throws: ``BiscuitError/Code/invalidBlockRule`` for an unsafe token rule,
    ///   ``BiscuitError/Code/invalidDatalog`` for an unsafe authorizer rule, ``BiscuitError/Code/execution``
    ///   or ``BiscuitError/Code/runLimit``.
    public func makeWorld() throws(BiscuitError) -> World {
        do {
            return try World(
                blocks: biscuit.blocks.map { World.Block(id: $0.index, program: $0.program) },
                authorizer: program, trustedKeys: biscuit.trustedKeys, externs: externs, limits: limits)
        } catch {
            throw BiscuitError.fromEngine(error)
        }
    }

    /// Runs the authorization: the authorizer's checks, the authority block's checks, the policies (first
    /// match wins), then the other blocks' checks.
    ///
    /// - Returns: ``AuthorizationResult/allowed(policyIndex:)`` or
    ///   ``AuthorizationResult/denied(policy:failedChecks:)`` with every failed check.
    /// - Throws: As ``makeWorld()``, plus evaluation errors and limits met while running checks and policies.
    public func authorize() throws(BiscuitError) -> AuthorizationResult {
        let world = try makeWorld()
        do {
            return try world.authorize()
        } catch {
            throw BiscuitError.fromEngine(error)
        }
    }

    /// The facts a rule produces over the finished world, trusting the authority block and the authorizer
    /// (or what the rule's own `trusting` clause names).
    ///
    /// - Parameter rule: The query.
    /// - Returns: The distinct facts produced.
    /// - Throws: As ``makeWorld()``, or for an unsafe query.
    public func query(_ rule: Rule) throws(BiscuitError) -> [Fact] {
        let world = try makeWorld()
        do {
            return try world.query(rule)
        } catch {
            throw BiscuitError.fromEngine(error)
        }
    }
}
