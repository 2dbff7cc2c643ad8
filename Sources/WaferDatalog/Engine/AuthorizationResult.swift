/// The outcome of ``World/authorize()``: a decision, not an error.
public enum AuthorizationResult: Hashable, Sendable {
    /// An `allow` policy matched and every check passed.
    case allowed(policyIndex: Int)
    /// A `deny` policy matched, or no policy matched, or some check failed. `policy` is the policy that
    /// matched, if any; `failedChecks` lists every failed check in evaluation order.
    case denied(policy: MatchedPolicy?, failedChecks: [FailedCheck])

    /// Whether the authorization succeeded.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}

/// The policy that decided an authorization: its kind and its position among the authorizer's policies.
public struct MatchedPolicy: Hashable, Sendable {
    /// Whether the policy allows or denies.
    public var kind: Policy.Kind
    /// The policy's position among the authorizer's policies, from 0.
    public var index: Int

    /// Creates a matched policy.
    ///
    /// - Parameters:
    ///   - kind: Whether the policy allows or denies.
    ///   - index: Its position among the authorizer's policies.
    public init(kind: Policy.Kind, index: Int) {
        self.kind = kind
        self.index = index
    }
}

/// A check that failed, with where it was written.
public enum FailedCheck: Hashable, Sendable {
    /// The check at `checkIndex` of block `blockID` (0 is the authority block).
    case block(blockID: Int, checkIndex: Int, check: Check)
    /// The check at `checkIndex` of the authorizer.
    case authorizer(checkIndex: Int, check: Check)

    /// The check itself.
    public var check: Check {
        switch self {
        case .block(_, _, let check), .authorizer(_, let check): return check
        }
    }
}
