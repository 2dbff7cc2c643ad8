/// A private key of any supported algorithm: what signs.
public enum SigningKey: Sendable, CustomStringConvertible {
    /// An Ed25519 key.
    case ed25519(Ed25519.PrivateKey)
    /// An ECDSA P-256 key.
    case secp256r1(Secp256r1.PrivateKey)

    /// Generates a fresh key.
    ///
    /// - Parameter algorithm: The key's algorithm.
    public init(algorithm: SignatureAlgorithm) {
        switch algorithm {
        case .ed25519: self = .ed25519(Ed25519.PrivateKey())
        case .secp256r1: self = .secp256r1(Secp256r1.PrivateKey())
        }
    }

    /// Creates a key from its secret bytes as the Biscuit format stores them: the 32-byte seed for Ed25519,
    /// the 32-byte big-endian scalar for secp256r1.
    ///
    /// - Parameters:
    ///   - algorithm: The key's algorithm.
    ///   - secret: The secret bytes.
    /// - Throws: ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidKey``.
    public init(algorithm: SignatureAlgorithm, secret: SecretBytes) throws(CryptoError) {
        switch algorithm {
        case .ed25519: self = .ed25519(try Ed25519.PrivateKey(seed: secret))
        case .secp256r1: self = .secp256r1(try Secp256r1.PrivateKey(scalar: secret))
        }
    }

    /// The key's algorithm.
    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: return .ed25519
        case .secp256r1: return .secp256r1
        }
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        switch self {
        case .ed25519(let key): return .ed25519(key.publicKey)
        case .secp256r1(let key): return .secp256r1(key.publicKey)
        }
    }

    /// Signs a message.
    ///
    /// - Parameter message: The message to sign.
    /// - Returns: The signature in its wire encoding: 64 raw bytes (Ed25519) or DER (P-256).
    public func signature(for message: some Collection<UInt8>) -> [UInt8] {
        switch self {
        case .ed25519(let key): return key.signature(for: message).rawRepresentation
        case .secp256r1(let key): return key.signature(for: message).derRepresentation
        }
    }

    /// The secret bytes as the Biscuit format stores them (the seed or the scalar): an explicit export.
    ///
    /// - Returns: 32 secret bytes in wiped-on-release storage.
    public func exportSecret() -> SecretBytes {
        switch self {
        case .ed25519(let key): return key.exportSeed()
        case .secp256r1(let key): return key.exportScalar()
        }
    }

    /// Redacted: `SigningKey(ed25519, public ed25519/…)`. Use ``exportText()`` to write the secret out.
    public var description: String { "SigningKey(\(algorithm), public \(publicKey))" }
}
