public import WaferCrypto

/// A macaroon: a location hint, an identifier, a chain of caveats, and the HMAC-SHA256 signature that binds
/// them to a root key, compatible byte for byte with libmacaroons and pymacaroons.
///
/// A macaroon is a value: adding a caveat returns a new, attenuated macaroon and leaves the original as it was.
/// The signature is the key of the next link of the chain, so whoever holds a macaroon can attenuate it; it is
/// kept in ``SecretBytes`` and compared in constant time.
///
/// ```text
/// let m = Macaroon(rootKey: key, identifier: "key-1", location: "https://svc.example/")
///     .addingFirstPartyCaveat("account = 3735928559")
/// ```
public struct Macaroon: Hashable, Sendable {
    /// The location hint. Not covered by the signature; may be empty.
    public var location: [UInt8]
    /// The identifier, from which the minting service finds the root key.
    public var identifier: [UInt8]
    /// The caveats, in the order they were added.
    public var caveats: [Caveat]
    /// The signature: 32 bytes for any macaroon this library makes or decodes.
    public var signature: SecretBytes

    /// Creates a macaroon from its raw parts, without computing anything.
    ///
    /// Use this to rebuild a decoded macaroon; to mint one, use ``init(rootKey:identifier:location:)``.
    ///
    /// - Parameters:
    ///   - location: The location hint.
    ///   - identifier: The identifier.
    ///   - caveats: The caveats.
    ///   - signature: The signature.
    public init(location: [UInt8], identifier: [UInt8], caveats: [Caveat], signature: SecretBytes) {
        self.location = location
        self.identifier = identifier
        self.caveats = caveats
        self.signature = signature
    }

    /// The location as text, or `nil` when it is not valid UTF-8.
    public var locationString: String? { String(validatingUTF8Bytes: location) }

    /// The identifier as text, or `nil` when it is not valid UTF-8.
    public var identifierString: String? { String(validatingUTF8Bytes: identifier) }

    /// The first-party caveats, in order.
    public var firstPartyCaveats: [Caveat] { caveats.filter { !$0.isThirdParty } }

    /// The third-party caveats, in order.
    public var thirdPartyCaveats: [Caveat] { caveats.filter(\.isThirdParty) }

    /// Compares the parts and, in constant time, the signatures.
    public static func == (lhs: Macaroon, rhs: Macaroon) -> Bool {
        lhs.location == rhs.location && lhs.identifier == rhs.identifier && lhs.caveats == rhs.caveats
            && lhs.signature.count == rhs.signature.count && lhs.signature == rhs.signature
    }

    /// Hashes the public parts (not the signature).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
        hasher.combine(identifier)
        hasher.combine(caveats)
    }
}
