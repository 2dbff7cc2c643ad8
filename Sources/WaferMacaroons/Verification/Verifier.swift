public import Foundation
public import WaferCrypto
public import WaferDatalog

/// Verifies a macaroon and its discharge macaroons against a root key and the predicates the request satisfies.
///
/// A first-party caveat is satisfied when it equals one of the ``exactPredicates`` (caveats are not secret:
/// they travel in the clear), or when one of the general predicates returns `true` for it, or — when its text is a Datalog check
/// (`check if …`, `check all …`, `reject if …`) — when that check passes against the verifier's ``facts`` (and
/// a `time(…)` fact when ``time`` is set). A third-party caveat is satisfied by a discharge macaroon, bound to
/// the top-level macaroon, whose own caveats hold, recursively. Each discharge is used at most once, which rules
/// out cycles; the tree's depth is capped. When a ``revocationList`` is set, a macaroon whose identifier (or
/// that of a discharge it used) is revoked is refused.
///
/// ```text
/// var verifier = Verifier()
/// verifier.satisfyExact("account = 3735928559")
/// verifier.time = Date()
/// let result = try verifier.verify(macaroon, rootKey: key, discharges: bound)
/// ```
public struct Verifier: Sendable {
    /// Predicates satisfied by exact (byte-for-byte) equality.
    public var exactPredicates: [[UInt8]] = []
    /// Predicates satisfied when a closure returns `true` for the caveat's bytes.
    public var generalPredicates: [@Sendable ([UInt8]) -> Bool] = []
    /// Facts that Datalog caveats are checked against (for example `operation("read")`).
    public var facts: [Fact] = []
    /// When set, the fact `time(<date>)` (seconds precision) is added for Datalog caveats.
    public var time: Date?
    /// The run limits of each Datalog caveat's evaluation.
    public var datalogLimits = RunLimits()
    /// The deepest chain of discharges accepted (a discharge of a discharge is depth 2). Default 8.
    public var maxDischargeDepth = 8
    /// The most discharges accepted in one verification. Default 64.
    public var maxDischarges = 64
    /// The most discharge verifications one verification may try, counting every candidate tried for every
    /// third-party caveat (several discharges may share an identifier, and a failed candidate is not reused
    /// elsewhere, so the search is bounded by this budget rather than left to grow with the tree). Default 256.
    public var maxDischargeAttempts = 256
    /// Whether a discharge that no caveat used makes the verification fail (go-macaroon's rule). Default
    /// `false`, as in libmacaroons and pymacaroons.
    public var rejectsUnusedDischarges = false
    /// The identifiers the service no longer accepts: a macaroon whose identifier, or that of a discharge it
    /// used, is in the list is refused with ``VerificationFailure/Reason/revoked`` (looked up only once the
    /// signatures hold). Default `nil`.
    public var revocationList: RevocationList?
    /// How far the clock that wrote a Datalog caveat's expiry may be behind the verifier's: the `time(…)`
    /// fact is ``time`` minus this allowance (whole seconds), so an expiry (`$t <= …`) is honoured that much
    /// longer, and a not-before limit (`$t >= …`) is met that much later. Default `.zero`.
    public var clockSkewAllowance: Duration = .zero

    /// Creates a verifier that satisfies nothing yet.
    public init() {}

    /// Satisfies first-party caveats equal to `predicate`.
    ///
    /// - Parameter predicate: The exact predicate, as UTF-8 text.
    public mutating func satisfyExact(_ predicate: String) {
        exactPredicates.append(Array(predicate.utf8))
    }

    /// Satisfies first-party caveats equal to `predicate`.
    ///
    /// - Parameter predicate: The exact predicate's bytes.
    public mutating func satisfyExact(_ predicate: [UInt8]) {
        exactPredicates.append(predicate)
    }

    /// Satisfies first-party caveats for which `predicate` returns `true` (libmacaroons' general verifier).
    ///
    /// - Parameter predicate: Called with a caveat's bytes.
    public mutating func satisfyGeneral(_ predicate: @escaping @Sendable ([UInt8]) -> Bool) {
        generalPredicates.append(predicate)
    }

    /// Adds a Datalog fact for Datalog caveats.
    ///
    /// - Parameter text: The fact, such as `operation("read")`.
    /// - Throws: ``MacaroonError/Code/invalidFact`` when it does not parse.
    public mutating func addFact(_ text: String) throws(MacaroonError) {
        do {
            facts.append(try Fact(parsing: text))
        } catch {
            throw MacaroonError(.invalidFact, "the fact \"\(text)\" does not parse: \(error)")
        }
    }

    /// Verifies `macaroon` and its discharges.
    ///
    /// - Parameters:
    ///   - macaroon: The top-level macaroon.
    ///   - rootKey: The root key it was minted with (any length; it is derived as libmacaroons does).
    ///   - discharges: The discharge macaroons, each bound to `macaroon` (``Macaroon/binding(_:)``).
    /// - Returns: ``VerificationResult/authorized``, or the first failure.
    /// - Throws: ``MacaroonError/Code/tooManyDischarges`` when more than ``maxDischarges`` are presented or
    ///   more than ``maxDischargeAttempts`` discharge verifications would be needed;
    ///   ``MacaroonError/Code/datalogEvaluationFailed`` when a Datalog caveat's evaluation errs (for example it
    ///   exceeds ``datalogLimits``).
    public func verify(
        _ macaroon: Macaroon, rootKey: SecretBytes, discharges: [Macaroon] = []
    ) throws(MacaroonError) -> VerificationResult {
        guard discharges.count <= maxDischarges else {
            throw MacaroonError(.tooManyDischarges, "\(discharges.count) discharge macaroons, more than the limit of \(maxDischarges)")
        }
        var session = VerificationSession(verifier: self, root: macaroon, discharges: discharges)
        var used = Set<Int>()
        if let failure = try session.verify(
            macaroon, dischargeIndex: nil, key: Macaroon.derivedKey(from: rootKey), path: [], used: &used)
        {
            return .unauthorized(failure)
        }
        if let revocationList {
            let usedDischarges = used.sorted()
            let ids = [macaroon.identifier] + usedDischarges.map { discharges[$0].identifier }
            if let (position, id) = revocationList.firstRevoked(among: ids) {
                return .unauthorized(
                    VerificationFailure(
                        reason: .revoked, macaroonIdentifier: id,
                        dischargeIndex: position == 0 ? nil : usedDischarges[position - 1], caveatIndex: nil,
                        caveatIdentifier: nil, detail: "its identifier (hex \(Hex.encode(id))) is in the revocation list"))
            }
        }
        if rejectsUnusedDischarges, let unused = discharges.indices.first(where: { !used.contains($0) }) {
            return .unauthorized(
                VerificationFailure(
                    reason: .unusedDischarge, macaroonIdentifier: discharges[unused].identifier, dischargeIndex: unused,
                    caveatIndex: nil, caveatIdentifier: nil, detail: "no third-party caveat needed this discharge"))
        }
        return .authorized
    }

    /// The facts Datalog caveats see: ``facts`` plus `time(…)` when ``time`` is set (less the
    /// ``clockSkewAllowance``).
    var datalogFacts: [Fact] {
        guard let time else { return facts }
        let seconds = UInt64(max(0, time.timeIntervalSince1970.rounded(.down)))
        return facts + [.time(secondsSince1970: seconds, clockSkewAllowance: clockSkewAllowance)]
    }
}
