public import Foundation
public import Wafer

/// Verifies a request's Biscuit and runs the service's policy over it: the heart of the middleware, free of
/// HTTP so that it can be called (and timed) on its own.
public struct AccessControl: Sendable {
    /// The public key of the service's token issuer.
    public let rootKey: PublicKey
    /// The authorization policy.
    public let policy: TodoPolicy
    /// Where the lists, shares and teams are.
    public let store: TodoStore
    /// The budgets of one authorization (the token's blocks are untrusted Datalog).
    public var limits: RunLimits
    /// The revoked token ids, re-read whenever the file changes, or `nil` when nothing is revoked.
    public let revocationList: RevocationList?

    /// Creates an access control.
    ///
    /// - Parameters:
    ///   - rootKey: The public key of the service's token issuer.
    ///   - policy: The authorization policy.
    ///   - store: Where the lists, shares and teams are.
    ///   - limits: The budgets of one authorization.
    ///   - revocationList: The revoked token ids, or `nil`. When it was read from a file, each request first
    ///     re-reads the file if its modification date changed (one `stat` per request otherwise).
    public init(
        rootKey: PublicKey, policy: TodoPolicy, store: TodoStore, limits: RunLimits = RunLimits(),
        revocationList: RevocationList? = nil
    ) {
        self.rootKey = rootKey
        self.policy = policy
        self.store = store
        self.limits = limits
        self.revocationList = revocationList
    }

    /// Verifies the token of an `Authorization: Bearer <token>` header and authorizes the request.
    ///
    /// - Parameters:
    ///   - header: The `Authorization` header's value, or `nil` when there is none.
    ///   - request: What the request does.
    ///   - now: The time of the request, for the `time` fact.
    /// - Returns: Whom the request is allowed for, or why it is refused.
    /// - Throws: Only when the store cannot be read.
    public func decide(authorization header: String?, for request: AccessRequest, now: Date = Date()) async throws
        -> AccessDecision
    {
        let biscuit: Biscuit
        do {
            biscuit = try verify(authorization: header)
        } catch {
            return .unauthorized(error)
        }
        guard let user = Self.user(of: biscuit) else {
            return .unauthorized(Unauthorized(
                code: "noUser", message: "the token's authority block must hold exactly one fact user(\"name\")"))
        }
        let snapshot = try await store.accessSnapshot(user: user, listID: request.listID)
        var authorizer = Authorizer(biscuit: biscuit, program: policy.program, limits: limits)
        authorizer.add(Program(facts: request.facts(user: user, snapshot: snapshot)))
        authorizer.addTime(now)
        do {
            switch try authorizer.authorize() {
            case .allowed:
                return .allowed(user: user)
            case .denied(let matched, let failedChecks):
                return .forbidden(Denial(policy: matched, failedChecks: failedChecks, policies: authorizer.program.policies))
            }
        } catch {
            return .forbidden(Denial(evaluationError: error))
        }
    }

    /// Reads the bearer token of an `Authorization` header and verifies its signatures with the root key.
    ///
    /// - Throws: Why the request has no usable token.
    func verify(authorization header: String?) throws(Unauthorized) -> Biscuit {
        guard let header else {
            throw Unauthorized(code: "missingToken", message: "send the token as 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Unauthorized(code: "malformedHeader", message: "the Authorization header must be 'Bearer <token>'")
        }
        // A file being rewritten may fail to parse for an instant: the list then keeps the ids it had.
        _ = try? revocationList?.reloadIfModified()
        do throws(BiscuitError) {
            return try UnverifiedBiscuit(base64URL: parts[1].trimmingCharacters(in: .whitespaces))
                .verify(rootKey: rootKey, revocationList: revocationList)
        } catch {
            throw Unauthorized(code: "\(error.code)", message: error.message)
        }
    }

    /// The user named by the token's authority block (`user("andrew");`), when it names exactly one.
    static func user(of biscuit: Biscuit) -> String? {
        let names = biscuit.blocks.first?.program.facts.compactMap { fact -> String? in
            guard fact.predicate.name == "user", fact.predicate.terms.count == 1,
                case .string(let name) = fact.predicate.terms[0]
            else { return nil }
            return name
        } ?? []
        return names.count == 1 ? names[0] : nil
    }
}
