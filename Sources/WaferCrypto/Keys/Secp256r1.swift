import Crypto
import Foundation

/// ECDSA over NIST P-256 (secp256r1) with SHA-256, through swift-crypto (libsodium has no P-256).
///
/// Public keys travel as compressed SEC1 points (33 bytes, prefix `02` or `03`), signatures as DER
/// `SEQUENCE { r INTEGER, s INTEGER }`, private keys as 32-byte big-endian scalars: the encodings of the
/// Biscuit specification.
public enum Secp256r1 {
    /// The size of a compressed public key: 33 bytes.
    public static let publicKeyByteCount = 33
    /// The size of a private scalar: 32 bytes.
    public static let scalarByteCount = 32

    /// A P-256 public key.
    public struct PublicKey: Hashable, Sendable {
        fileprivate let key: P256.Signing.PublicKey
        /// The key as a compressed SEC1 point: 33 bytes, the first `02` or `03`.
        public let compressedRepresentation: [UInt8]

        /// Creates a public key from a compressed SEC1 point.
        ///
        /// - Parameter compressedRepresentation: 33 bytes, the first `02` or `03`.
        /// - Throws: ``CryptoError/Code/invalidKeyLength``, or ``CryptoError/Code/invalidKey`` for a wrong
        ///   prefix or a point that is not on the curve.
        public init(compressedRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(compressedRepresentation)
            guard bytes.count == Secp256r1.publicKeyByteCount else {
                throw CryptoError(.invalidKeyLength, "a secp256r1 public key is 33 bytes of compressed SEC1, not \(bytes.count)")
            }
            guard bytes[0] == 0x02 || bytes[0] == 0x03 else {
                throw CryptoError(.invalidKey, "a compressed secp256r1 public key starts with 02 or 03, not \(Hex.encode([bytes[0]]))")
            }
            do {
                key = try P256.Signing.PublicKey(compressedRepresentation: bytes)
            } catch {
                throw CryptoError(.invalidKey, "the 33 bytes are not a point of the P-256 curve")
            }
            self.compressedRepresentation = bytes
        }

        fileprivate init(key: P256.Signing.PublicKey) {
            self.key = key
            compressedRepresentation = Array(key.compressedRepresentation)
        }

        /// Creates a public key from a DER SubjectPublicKeyInfo.
        init(derSubjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
            do {
                self.init(key: try P256.Signing.PublicKey(derRepresentation: der))
            } catch {
                throw CryptoError(.invalidPEM, "the PEM public key is not a valid P-256 SubjectPublicKeyInfo")
            }
        }

        /// The key as a DER SubjectPublicKeyInfo.
        var derSubjectPublicKeyInfo: [UInt8] { Array(key.derRepresentation) }

        /// Verifies an ECDSA P-256 signature over the SHA-256 digest of a message.
        ///
        /// - Parameters:
        ///   - signature: The signature to check against the given message.
        ///   - message: The message covered by the signature.
        /// - Returns: `true` when the signature is valid for the message and this key.
        public func isValidSignature(_ signature: Signature, for message: some Collection<UInt8>) -> Bool {
            withContiguousBytes(message) { buffer in
                key.isValidSignature(signature.signature, for: SHA256.hash(data: buffer))
            }
        }

        /// Two keys are equal when their compressed points are.
        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
            lhs.compressedRepresentation == rhs.compressedRepresentation
        }

        /// Hashes the compressed point.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(compressedRepresentation)
        }
    }

    /// An ECDSA P-256 signature.
    public struct Signature: Hashable, Sendable {
        fileprivate let signature: P256.Signing.ECDSASignature
        /// The signature in DER: `SEQUENCE { r INTEGER, s INTEGER }`, the Biscuit wire form.
        public let derRepresentation: [UInt8]

        /// Creates a signature from its DER encoding.
        ///
        /// - Parameter derRepresentation: `SEQUENCE { r INTEGER, s INTEGER }` in strict DER.
        /// - Throws: ``CryptoError/Code/malformedSignature`` when the bytes are not such a sequence.
        public init(derRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(derRepresentation)
            do {
                signature = try P256.Signing.ECDSASignature(derRepresentation: bytes)
            } catch {
                throw CryptoError(.malformedSignature, "the \(bytes.count) bytes are not a DER-encoded ECDSA signature (SEQUENCE of two INTEGERs)")
            }
            self.derRepresentation = bytes
        }

        /// Creates a signature from `r ‖ s`, two 32-byte big-endian integers.
        ///
        /// - Parameter rawRepresentation: 64 bytes.
        /// - Throws: ``CryptoError/Code/invalidSignatureLength`` unless there are 64 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(rawRepresentation)
            guard bytes.count == 64 else {
                throw CryptoError(.invalidSignatureLength, "a raw P-256 signature (r ‖ s) is 64 bytes, not \(bytes.count)")
            }
            do {
                self.init(signature: try P256.Signing.ECDSASignature(rawRepresentation: bytes))
            } catch {
                throw CryptoError(.malformedSignature, "the 64 bytes are not a P-256 signature")
            }
        }

        fileprivate init(signature: P256.Signing.ECDSASignature) {
            self.signature = signature
            derRepresentation = Array(signature.derRepresentation)
        }

        /// The signature as `r ‖ s`, two 32-byte big-endian integers.
        public var rawRepresentation: [UInt8] { Array(signature.rawRepresentation) }

        /// Two signatures are equal when their DER encodings are.
        public static func == (lhs: Signature, rhs: Signature) -> Bool {
            lhs.derRepresentation == rhs.derRepresentation
        }

        /// Hashes the DER encoding.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(derRepresentation)
        }
    }

    /// A P-256 private key.
    ///
    /// swift-crypto keeps the scalar inside BoringSSL, which clears it when the key is freed; this type adds no
    /// copy of its own.
    public struct PrivateKey: Sendable {
        private let key: P256.Signing.PrivateKey
        /// The matching public key.
        public let publicKey: PublicKey

        /// Generates a fresh private key.
        public init() {
            self.init(key: P256.Signing.PrivateKey(compactRepresentable: false))
        }

        /// Creates a private key from its 32-byte big-endian scalar.
        ///
        /// - Parameter scalar: The scalar, in 1 ..< n.
        /// - Throws: ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidKey`` (zero, or not
        ///   below the group order).
        public init(scalar: SecretBytes) throws(CryptoError) {
            guard scalar.count == Secp256r1.scalarByteCount else {
                throw CryptoError(.invalidKeyLength, "a secp256r1 private key is a 32-byte scalar, not \(scalar.count) bytes")
            }
            let key: P256.Signing.PrivateKey? = scalar.withUnsafeBytes { buffer in
                try? P256.Signing.PrivateKey(rawRepresentation: buffer)
            }
            guard let key else {
                throw CryptoError(.invalidKey, "the 32 bytes are not a valid secp256r1 private key: the scalar must be between 1 and the group order")
            }
            self.init(key: key)
        }

        /// Creates a private key from the bytes of its 32-byte big-endian scalar.
        ///
        /// - Parameter scalar: The scalar's bytes.
        /// - Throws: As ``init(scalar:)-(SecretBytes)``.
        public init(scalar: some Collection<UInt8>) throws(CryptoError) {
            try self.init(scalar: SecretBytes(scalar))
        }

        fileprivate init(key: P256.Signing.PrivateKey) {
            self.key = key
            self.publicKey = PublicKey(key: key.publicKey)
        }

        /// Creates a private key from a DER PKCS#8 or SEC1 structure.
        init(der: [UInt8]) throws(CryptoError) {
            do {
                self.init(key: try P256.Signing.PrivateKey(derRepresentation: der))
            } catch {
                throw CryptoError(.invalidPEM, "the PEM private key is not a valid P-256 key")
            }
        }

        /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
        var pkcs8PEM: String { key.pemRepresentation }

        /// The 32-byte big-endian scalar, in wiped-on-release storage: an explicit export of the secret.
        ///
        /// - Returns: The scalar.
        public func exportScalar() -> SecretBytes {
            var raw = key.rawRepresentation
            defer { raw.resetBytes(in: 0..<raw.count) }
            return SecretBytes(raw)
        }

        /// Signs the SHA-256 digest of a message.
        ///
        /// - Parameter message: The message to sign.
        /// - Returns: An ECDSA signature.
        public func signature(for message: some Collection<UInt8>) -> Signature {
            withContiguousBytes(message) { buffer in
                // Signing a digest with a valid key only fails if BoringSSL runs out of memory.
                Signature(signature: try! key.signature(for: SHA256.hash(data: buffer)))
            }
        }
    }
}
