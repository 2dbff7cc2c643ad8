/// The signature algorithms Wafer supports, named as in the Biscuit ecosystem's key text forms.
public enum SignatureAlgorithm: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (RFC 8032).
    case ed25519
    /// ECDSA over NIST P-256 with SHA-256.
    case secp256r1

    /// The name used in key text: `ed25519` or `secp256r1`.
    public var description: String { rawValue }
}
