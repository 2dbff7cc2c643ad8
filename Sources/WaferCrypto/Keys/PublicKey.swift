/// A public key of any supported algorithm: what verifies a signature.
public enum PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// An Ed25519 key.
    case ed25519(Ed25519.PublicKey)
    /// An ECDSA P-256 key.
    case secp256r1(Secp256r1.PublicKey)

    /// Creates a key from its algorithm and its bytes as the Biscuit format stores them: 32 bytes for Ed25519,
    /// 33 bytes of compressed SEC1 for secp256r1.
    ///
    /// - Parameters:
    ///   - algorithm: The key's algorithm.
    ///   - rawRepresentation: The key's bytes.
    /// - Throws: ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidKey``.
    public init(algorithm: SignatureAlgorithm, rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
        switch algorithm {
        case .ed25519: self = .ed25519(try Ed25519.PublicKey(rawRepresentation: rawRepresentation))
        case .secp256r1: self = .secp256r1(try Secp256r1.PublicKey(compressedRepresentation: rawRepresentation))
        }
    }

    /// Creates a key for verifying signatures only: as ``init(algorithm:rawRepresentation:)`` but without
    /// Ed25519's costly main-subgroup test, which verification makes redundant (see
    /// `Ed25519.PublicKey.init(verificationOnlyRawRepresentation:)`). P-256 points are still decompressed and
    /// checked to be on the curve.
    package init(algorithm: SignatureAlgorithm, verificationOnlyRawRepresentation bytes: [UInt8]) throws(CryptoError) {
        switch algorithm {
        case .ed25519: self = .ed25519(try Ed25519.PublicKey(verificationOnlyRawRepresentation: bytes))
        case .secp256r1: self = .secp256r1(try Secp256r1.PublicKey(compressedRepresentation: bytes))
        }
    }

    /// The key's algorithm.
    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: return .ed25519
        case .secp256r1: return .secp256r1
        }
    }

    /// The key's bytes as the Biscuit format stores them: 32 bytes (Ed25519) or 33 (compressed P-256).
    public var rawRepresentation: [UInt8] {
        switch self {
        case .ed25519(let key): return key.rawRepresentation
        case .secp256r1(let key): return key.compressedRepresentation
        }
    }

    /// Checks a signature in its wire encoding (64 raw bytes for Ed25519, DER for P-256), telling a malformed
    /// signature apart from one that does not verify.
    ///
    /// - Parameters:
    ///   - signature: The signature's bytes.
    ///   - message: The message covered by the signature.
    /// - Throws: ``CryptoError/Code/invalidSignatureLength`` or ``CryptoError/Code/malformedSignature`` when
    ///   the bytes are not a signature of this algorithm, ``CryptoError/Code/signatureMismatch`` when they are
    ///   one that does not verify.
    public func verify(signature: some Collection<UInt8>, for message: some Collection<UInt8>) throws(CryptoError) {
        let isValid: Bool
        switch self {
        case .ed25519(let key):
            isValid = key.isValidSignature(try Ed25519.Signature(rawRepresentation: signature), for: message)
        case .secp256r1(let key):
            isValid = key.isValidSignature(try Secp256r1.Signature(derRepresentation: signature), for: message)
        }
        guard isValid else {
            throw CryptoError(.signatureMismatch, "the \(algorithm) signature does not verify with this public key")
        }
    }

    /// Whether a signature in its wire encoding is well formed and valid for the message and this key.
    ///
    /// - Parameters:
    ///   - signature: The signature's bytes (64 raw bytes for Ed25519, DER for P-256).
    ///   - message: The message covered by the signature.
    /// - Returns: `true` when the signature verifies.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        (try? verify(signature: signature, for: message)) != nil
    }

    /// The key's text form: `ed25519/<64 hex digits>` or `secp256r1/<66 hex digits>`.
    public var description: String { "\(algorithm)/\(Hex.encode(rawRepresentation))" }
}
