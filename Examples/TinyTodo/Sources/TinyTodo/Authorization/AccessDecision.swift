public import Wafer

/// The outcome of verifying and authorizing one request.
public enum AccessDecision: Hashable, Sendable {
    /// The token is valid and the policy allows the request; `user` is the user the token names.
    case allowed(user: String)
    /// There is no usable token: answered with 401.
    case unauthorized(Unauthorized)
    /// The token is valid but the request is denied: answered with 403.
    case forbidden(Denial)
}

/// Why a request has no usable token (the body of a 401 answer).
public struct Unauthorized: Error, Codable, Hashable, Sendable {
    /// Always `"unauthorized"`.
    public var error = "unauthorized"
    /// A stable code: `missingToken`, `malformedHeader`, `noUser`, or a ``BiscuitError/Code`` name such as
    /// `invalidBase64`, `invalidFormat` or `invalidSignature` (a token signed by another root key).
    public var code: String
    /// What is wrong, for a person.
    public var message: String

    /// Creates the reason of a 401 answer.
    ///
    /// - Parameters:
    ///   - code: A stable code.
    ///   - message: What is wrong.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Why a request with a valid token is denied (the body of a 403 answer).
public struct Denial: Codable, Hashable, Sendable {
    /// A check that failed: the service's (`block` is `nil`) or one of the token's blocks'.
    public struct FailedCheck: Codable, Hashable, Sendable {
        /// The token block that holds the check (0 is the authority block), or `nil` for the service's policy.
        public var block: Int?
        /// The check's position in its block or in the policy file.
        public var index: Int
        /// The check's Datalog text.
        public var check: String

        /// Describes a failed check.
        ///
        /// - Parameters:
        ///   - block: The token block that holds it, or `nil` for the service's policy.
        ///   - index: Its position in its block or in the policy file.
        ///   - check: Its Datalog text.
        public init(block: Int?, index: Int, check: String) {
            self.block = block
            self.index = index
            self.check = check
        }
    }

    /// The policy that decided, when one matched.
    public struct MatchedPolicy: Codable, Hashable, Sendable {
        /// `"allow"` or `"deny"`.
        public var kind: String
        /// The policy's position among the policies of the policy file, from 0.
        public var index: Int
        /// The policy's Datalog text.
        public var policy: String
    }

    /// Always `"forbidden"`.
    public var error = "forbidden"
    /// The policy that matched: a `deny if`, or an `allow if` whose request still failed a check; `nil` when
    /// no policy matched or the evaluation stopped.
    public var policy: MatchedPolicy?
    /// Every check that failed, in evaluation order.
    public var failedChecks: [FailedCheck]
    /// Why the evaluation stopped (an exceeded limit, an expression error in a token block), else `nil`.
    public var message: String?

    /// Describes a denial from the authorizer's result.
    ///
    /// - Parameters:
    ///   - policy: The matched policy, if any.
    ///   - failedChecks: The failed checks.
    ///   - policies: The authorizer's policies, to quote the matched one.
    public init(policy: Wafer.MatchedPolicy?, failedChecks: [Wafer.FailedCheck], policies: [Policy]) {
        self.policy = policy.map {
            MatchedPolicy(
                kind: $0.kind == .allow ? "allow" : "deny", index: $0.index,
                policy: policies.indices.contains($0.index) ? "\(policies[$0.index])" : "")
        }
        self.failedChecks = failedChecks.map { failed in
            switch failed {
            case .block(let blockID, let checkIndex, let check):
                FailedCheck(block: blockID, index: checkIndex, check: "\(check)")
            case .authorizer(let checkIndex, let check):
                FailedCheck(block: nil, index: checkIndex, check: "\(check)")
            }
        }
    }

    /// Describes a request denied because its authorization could not be evaluated.
    ///
    /// - Parameter error: The evaluation error, such as an exceeded run limit.
    public init(evaluationError error: BiscuitError) {
        self.failedChecks = []
        self.message = "the authorization could not be evaluated: \(error)"
    }
}
