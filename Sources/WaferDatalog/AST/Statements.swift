/// A predicate: a name applied to terms, as in `right("file1", "read")`.
public struct Predicate: Hashable, Sendable {
    /// The predicate's name.
    public var name: String
    /// The predicate's terms, in order.
    public var terms: [Term]

    /// Creates a predicate.
    ///
    /// - Parameters:
    ///   - name: The predicate's name.
    ///   - terms: The predicate's terms, in order.
    public init(name: String, terms: [Term]) {
        self.name = name
        self.terms = terms
    }
}

/// A fact: a predicate whose terms hold no variable.
public struct Fact: Hashable, Sendable {
    /// The fact's predicate.
    public var predicate: Predicate

    /// Creates a fact.
    ///
    /// - Parameter predicate: The predicate; callers that build facts by hand must keep it free of variables
    ///   (the parser and the engine reject facts that are not ground).
    public init(predicate: Predicate) {
        self.predicate = predicate
    }

    /// Creates a fact from a name and terms.
    public init(_ name: String, _ terms: [Term]) {
        self.predicate = Predicate(name: name, terms: terms)
    }

    /// The fact `time(<date>)` that checks of expiry compare against, for a moment in seconds since
    /// 1970-01-01T00:00:00Z, moved back by a clock-skew allowance (whole seconds; never before 1970).
    ///
    /// Moving the moment back makes an expiry check (`$t <= …`) pass that much longer and a not-before check
    /// (`$t >= …`) that much later: a single fact cannot be lenient both ways, and expiry is the common case.
    ///
    /// - Parameters:
    ///   - secondsSince1970: The verifier's time.
    ///   - clockSkewAllowance: How far the clock that wrote the token's time limits may be behind the verifier's.
    public static func time(secondsSince1970: UInt64, clockSkewAllowance: Duration = .zero) -> Fact {
        let allowance = UInt64(max(0, clockSkewAllowance.components.seconds))
        return Fact("time", [.date(secondsSince1970 > allowance ? secondsSince1970 - allowance : 0)])
    }
}

/// A key named in a `trusting` clause: an algorithm and the key's bytes.
///
/// The Datalog layer does not verify signatures: it only names keys. The token layer maps each key to the
/// blocks signed by it.
public struct PublicKeyLiteral: Hashable, Sendable {
    /// The signature algorithms a `trusting` clause can name.
    public enum Algorithm: String, Hashable, Sendable {
        /// Ed25519; the key is 32 bytes.
        case ed25519
        /// ECDSA over P-256 (secp256r1); the key is 33 bytes of compressed SEC1.
        case secp256r1
    }

    /// The key's algorithm.
    public var algorithm: Algorithm
    /// The key's bytes, as the token format stores them.
    public var bytes: [UInt8]

    /// Creates a key literal.
    ///
    /// - Parameters:
    ///   - algorithm: The key's algorithm.
    ///   - bytes: The key's bytes.
    public init(algorithm: Algorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }
}

/// What a rule, check, policy or block trusts besides itself and the authorizer (`trusting …`).
public enum Scope: Hashable, Sendable {
    /// `trusting authority`: the authority block (block 0).
    case authority
    /// `trusting previous`: every block before the current one, the authority included.
    case previous
    /// `trusting ed25519/…` or `trusting secp256r1/…`: the blocks signed by that key.
    case publicKey(PublicKeyLiteral)
}

/// A rule: `head <- body`. Also the form of each query of a check or a policy, whose head is `query()`.
public struct Rule: Hashable, Sendable {
    /// The predicate produced for each match of the body.
    public var head: Predicate
    /// The predicates that must all match, joined on shared variables.
    public var body: [Predicate]
    /// The expressions that must all evaluate to `true` for a match.
    public var expressions: [Expression]
    /// The rule's own `trusting` clause; when not empty it replaces the block's.
    public var scopes: [Scope]

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - head: The produced predicate.
    ///   - body: The predicates to match.
    ///   - expressions: The expressions that must hold.
    ///   - scopes: The rule's `trusting` clause, empty for the block's default.
    public init(head: Predicate, body: [Predicate], expressions: [Expression] = [], scopes: [Scope] = []) {
        self.head = head
        self.body = body
        self.expressions = expressions
        self.scopes = scopes
    }
}

/// A check: a condition every authorization must meet.
public struct Check: Hashable, Sendable {
    /// How a check's queries decide.
    public enum Kind: Hashable, Sendable {
        /// `check if`: passes when one query has a match.
        case one
        /// `check all`: passes when one query has at least one match and every match satisfies its expressions.
        case all
        /// `reject if`: fails when a query matches.
        case reject
    }

    /// How the queries decide.
    public var kind: Kind
    /// The alternatives joined by `or`; each is a rule whose head is `query()`.
    public var queries: [Rule]

    /// Creates a check.
    ///
    /// - Parameters:
    ///   - kind: How the queries decide.
    ///   - queries: The alternatives, each a rule whose head is `query()`.
    public init(kind: Kind, queries: [Rule]) {
        self.kind = kind
        self.queries = queries
    }
}

/// A policy of the authorizer: `allow if …` or `deny if …`. The first policy with a matching query decides.
public struct Policy: Hashable, Sendable {
    /// Whether a match allows or denies.
    public enum Kind: Hashable, Sendable {
        /// `allow if`.
        case allow
        /// `deny if`.
        case deny
    }

    /// Whether a match allows or denies.
    public var kind: Kind
    /// The alternatives joined by `or`; each is a rule whose head is `query()`.
    public var queries: [Rule]

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - kind: Whether a match allows or denies.
    ///   - queries: The alternatives, each a rule whose head is `query()`.
    public init(kind: Kind, queries: [Rule]) {
        self.kind = kind
        self.queries = queries
    }
}

/// A parsed Datalog program: a token block's contents, or an authorizer's.
///
/// Statements keep their source order within each kind; a check's index is its place in ``checks``.
public struct Program: Hashable, Sendable {
    /// The block-level `trusting` clause (`trusting authority;` at the top of a block).
    public var scopes: [Scope]
    /// The facts.
    public var facts: [Fact]
    /// The rules.
    public var rules: [Rule]
    /// The checks, in order.
    public var checks: [Check]
    /// The policies, in order; empty in a token block.
    public var policies: [Policy]

    /// Creates a program.
    public init(
        scopes: [Scope] = [], facts: [Fact] = [], rules: [Rule] = [], checks: [Check] = [],
        policies: [Policy] = []
    ) {
        self.scopes = scopes
        self.facts = facts
        self.rules = rules
        self.checks = checks
        self.policies = policies
    }
}
