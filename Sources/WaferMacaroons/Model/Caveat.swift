/// A caveat of a macaroon: a first-party predicate, or a third-party caveat that a discharge macaroon satisfies.
///
/// All fields are bytes, as in libmacaroons; they need not be UTF-8. A caveat is third party exactly when its
/// ``verificationID`` is not empty.
public struct Caveat: Hashable, Sendable {
    /// The caveat identifier (`cid`): the predicate of a first-party caveat, or the identifier the third party
    /// recognises (and the discharge macaroon carries) for a third-party caveat.
    public var identifier: [UInt8]
    /// The verification identifier (`vid`): empty for a first-party caveat; for a third-party caveat, the
    /// 24-byte nonce followed by the sealed derived caveat key (72 bytes when made by this library).
    public var verificationID: [UInt8]
    /// The location hint (`cl`) of a third-party caveat; empty for a first-party caveat. Not authenticated.
    public var location: [UInt8]

    /// Creates a caveat from its raw fields.
    ///
    /// - Parameters:
    ///   - identifier: The `cid`.
    ///   - verificationID: The `vid`; empty for a first-party caveat.
    ///   - location: The `cl`; empty for a first-party caveat.
    public init(identifier: [UInt8], verificationID: [UInt8] = [], location: [UInt8] = []) {
        self.identifier = identifier
        self.verificationID = verificationID
        self.location = location
    }

    /// Creates a first-party caveat.
    ///
    /// - Parameter predicate: The predicate, as UTF-8 text.
    public init(firstParty predicate: String) {
        self.init(identifier: Array(predicate.utf8))
    }

    /// Whether this is a third-party caveat (its verification identifier is not empty).
    public var isThirdParty: Bool { !verificationID.isEmpty }

    /// The identifier as text, or `nil` when it is not valid UTF-8.
    public var identifierString: String? { String(validatingUTF8Bytes: identifier) }

    /// The location as text, or `nil` when it is not valid UTF-8.
    public var locationString: String? { String(validatingUTF8Bytes: location) }
}

extension String {
    /// Decodes bytes as UTF-8, or returns `nil` when they are not valid UTF-8.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }
}
