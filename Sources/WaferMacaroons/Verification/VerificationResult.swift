/// The outcome of ``Verifier/verify(_:rootKey:discharges:)``: authorized, or the first reason it is not.
public enum VerificationResult: Hashable, Sendable {
    /// Every signature matched and every caveat, in the macaroon and its discharges, was satisfied.
    case authorized
    /// The request is not authorized; the failure says where and why.
    case unauthorized(VerificationFailure)

    /// Whether the request is authorized.
    public var isAuthorized: Bool {
        if case .authorized = self { return true }
        return false
    }

    /// The failure, when unauthorized.
    public var failure: VerificationFailure? {
        if case .unauthorized(let failure) = self { return failure }
        return nil
    }
}

/// Why a verification failed, and in which macaroon and caveat.
public struct VerificationFailure: Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. New reasons may be added.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `unsatisfiedCaveat`.
        public let name: String

        package init(_ name: String) { self.name = name }

        /// The stable name.
        public var description: String { name }

        /// A first-party caveat matched no exact predicate, no general predicate and (for a Datalog caveat) its
        /// check failed.
        public static let unsatisfiedCaveat = Reason("unsatisfiedCaveat")
        /// A first-party caveat looked like a Datalog check (`check if`, `check all`, `reject if`) but did not parse.
        public static let malformedDatalogCaveat = Reason("malformedDatalogCaveat")
        /// No unused discharge macaroon has the identifier of a third-party caveat.
        public static let missingDischarge = Reason("missingDischarge")
        /// The only discharges with the identifier are already in use (elsewhere in the tree, or on the path
        /// to this caveat, which would be a cycle).
        public static let dischargeAlreadyUsed = Reason("dischargeAlreadyUsed")
        /// A discharge would recur on its own path: a cycle of third-party caveats.
        public static let dischargeCycle = Reason("dischargeCycle")
        /// The discharge tree is deeper than ``Verifier/maxDischargeDepth``.
        public static let dischargeTooDeep = Reason("dischargeTooDeep")
        /// The verification identifier of a third-party caveat does not open with the chain's key: the caveat
        /// was altered or the macaroon is not signed with this root key.
        public static let undecryptableVerificationID = Reason("undecryptableVerificationID")
        /// Every candidate discharge for a third-party caveat failed (the reason of the last one is in `detail`).
        public static let dischargeFailed = Reason("dischargeFailed")
        /// The signature does not match: wrong root key, altered macaroon, or a discharge not bound to this
        /// macaroon.
        public static let signatureMismatch = Reason("signatureMismatch")
        /// A discharge macaroon was presented but not used, and the verifier requires every one to be used.
        public static let unusedDischarge = Reason("unusedDischarge")
        /// The macaroon verifies, but its identifier (or that of a discharge it used) is in the verifier's
        /// ``Verifier/revocationList``.
        public static let revoked = Reason("revoked")
    }

    /// The kind of failure.
    public var reason: Reason
    /// The identifier of the macaroon (the top-level one or a discharge) where it failed.
    public var macaroonIdentifier: [UInt8]
    /// The position of that macaroon among the discharges, or `nil` for the top-level macaroon.
    public var dischargeIndex: Int?
    /// The position of the failing caveat in that macaroon, when a caveat failed.
    public var caveatIndex: Int?
    /// The failing caveat's identifier (predicate), when a caveat failed.
    public var caveatIdentifier: [UInt8]?
    /// A human-readable explanation (for a Datalog caveat, the failed check or the parse error).
    public var detail: String

    /// Creates a failure.
    public init(
        reason: Reason, macaroonIdentifier: [UInt8], dischargeIndex: Int?, caveatIndex: Int?, caveatIdentifier: [UInt8]?,
        detail: String
    ) {
        self.reason = reason
        self.macaroonIdentifier = macaroonIdentifier
        self.dischargeIndex = dischargeIndex
        self.caveatIndex = caveatIndex
        self.caveatIdentifier = caveatIdentifier
        self.detail = detail
    }

    /// `reason in macaroon "id" (discharge 1), caveat 2 "predicate": detail`.
    public var description: String {
        var text = "\(reason) in macaroon \(Self.quote(macaroonIdentifier))"
        if let dischargeIndex { text += " (discharge \(dischargeIndex))" }
        if let caveatIndex {
            text += ", caveat \(caveatIndex)"
            if let caveatIdentifier { text += " \(Self.quote(caveatIdentifier))" }
        }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    static func quote(_ bytes: [UInt8]) -> String {
        if let text = String(validatingUTF8Bytes: bytes), text.count <= 200 { return "\"\(text)\"" }
        return "<\(bytes.count) bytes>"
    }
}
