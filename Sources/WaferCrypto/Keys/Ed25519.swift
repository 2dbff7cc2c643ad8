import CSodium

/// Ed25519 signatures (RFC 8032), through libsodium.
public enum Ed25519 {
    /// The size of a public key: 32 bytes.
    public static let publicKeyByteCount = 32
    /// The size of a private key's seed: 32 bytes.
    public static let seedByteCount = 32
    /// The size of a signature: 64 bytes.
    public static let signatureByteCount = 64

    /// An Ed25519 public key.
    public struct PublicKey: Hashable, Sendable {
        /// The key's 32 bytes.
        public let rawRepresentation: [UInt8]

        /// Creates a public key from its 32 bytes.
        ///
        /// The bytes must encode a canonical point of the main subgroup that is not of small order: keys that
        /// would let a signature verify for more than one message are refused.
        ///
        /// - Parameter rawRepresentation: The key's 32 bytes.
        /// - Throws: ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidKey``.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(rawRepresentation)
            guard bytes.count == Ed25519.publicKeyByteCount else {
                throw CryptoError(.invalidKeyLength, "an Ed25519 public key is 32 bytes, not \(bytes.count)")
            }
            Sodium.ensureInitialized()
            let isValid = bytes.withUnsafeBytes { wafer_ed25519_is_valid_point($0.baseAddress!) == 1 }
            guard isValid else {
                throw CryptoError(.invalidKey, "the 32 bytes are not a valid Ed25519 public key: not a canonical curve point of the main subgroup, or of small order")
            }
            self.rawRepresentation = bytes
        }

        /// Creates a key from bytes already known to be valid (derived from a private key).
        fileprivate init(validatedBytes: [UInt8]) {
            rawRepresentation = validatedBytes
        }

        /// Creates a key that will only verify signatures (or be compared), checking its length but not
        /// running the main-subgroup test of ``init(rawRepresentation:)``, which costs a scalar multiplication.
        ///
        /// Safe for verification: libsodium's `crypto_sign_ed25519_verify_detached` itself refuses keys that are
        /// non-canonical, of small order or off the curve (as biscuit-rust's `verify_strict` does), so such a key
        /// verifies nothing. Token decoding uses this for every block's next key.
        ///
        /// - Throws: ``CryptoError/Code/invalidKeyLength`` unless there are 32 bytes.
        package init(verificationOnlyRawRepresentation bytes: [UInt8]) throws(CryptoError) {
            guard bytes.count == Ed25519.publicKeyByteCount else {
                throw CryptoError(.invalidKeyLength, "an Ed25519 public key is 32 bytes, not \(bytes.count)")
            }
            rawRepresentation = bytes
        }

        /// Verifies an Ed25519 signature.
        ///
        /// - Parameters:
        ///   - signature: The signature to check against the given message.
        ///   - message: The message covered by the signature.
        /// - Returns: `true` when the signature is valid for the message and this key.
        public func isValidSignature(_ signature: Signature, for message: some Collection<UInt8>) -> Bool {
            Sodium.ensureInitialized()
            return signature.rawRepresentation.withUnsafeBytes { signatureBytes in
                rawRepresentation.withUnsafeBytes { keyBytes in
                    withContiguousBytes(message) { messageBytes in
                        wafer_ed25519_verify(
                            signatureBytes.baseAddress!, messageBytes.baseAddress!, messageBytes.count,
                            keyBytes.baseAddress!) == 0
                    }
                }
            }
        }
    }

    /// An Ed25519 signature: 64 bytes, `R ‖ S`.
    public struct Signature: Hashable, Sendable {
        /// The signature's 64 bytes.
        public let rawRepresentation: [UInt8]

        /// Creates a signature from its 64 bytes.
        ///
        /// - Parameter rawRepresentation: The signature's bytes.
        /// - Throws: ``CryptoError/Code/invalidSignatureLength`` unless there are exactly 64 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(rawRepresentation)
            guard bytes.count == Ed25519.signatureByteCount else {
                throw CryptoError(.invalidSignatureLength, "an Ed25519 signature is 64 bytes, not \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }
    }

    /// An Ed25519 private key, kept as libsodium's 64-byte secret key in wiped-on-release storage.
    public struct PrivateKey: Sendable {
        /// libsodium's secret key: the 32-byte seed followed by the public key.
        private let secretKey: SecretBytes
        /// The matching public key.
        public let publicKey: PublicKey

        /// Generates a fresh private key from the system's secure random source.
        public init() {
            // A random seed is always a valid Ed25519 seed.
            self = try! PrivateKey(seed: SecretBytes.random(count: Ed25519.seedByteCount))
        }

        /// Creates a private key from its 32-byte seed (the private key of RFC 8032).
        ///
        /// - Parameter seed: The seed.
        /// - Throws: ``CryptoError/Code/invalidKeyLength`` unless the seed is 32 bytes.
        public init(seed: SecretBytes) throws(CryptoError) {
            guard seed.count == Ed25519.seedByteCount else {
                throw CryptoError(.invalidKeyLength, "an Ed25519 private key (seed) is 32 bytes, not \(seed.count)")
            }
            Sodium.ensureInitialized()
            var publicBytes = [UInt8](repeating: 0, count: Ed25519.publicKeyByteCount)
            let secretKey = SecretBytes(count: 64) { secretBuffer in
                seed.withUnsafeBytes { seedBuffer in
                    publicBytes.withUnsafeMutableBytes { publicBuffer in
                        let status = wafer_ed25519_seed_keypair(
                            publicBuffer.baseAddress!, secretBuffer.baseAddress!, seedBuffer.baseAddress!)
                        precondition(status == 0, "crypto_sign_ed25519_seed_keypair cannot fail")
                    }
                }
            }
            self.secretKey = secretKey
            self.publicKey = PublicKey(validatedBytes: publicBytes)
        }

        /// Creates a private key from the bytes of its 32-byte seed.
        ///
        /// The bytes are copied into wiped storage; the caller's copy is the caller's to wipe.
        ///
        /// - Parameter seed: The seed's bytes.
        /// - Throws: ``CryptoError/Code/invalidKeyLength`` unless there are 32 bytes.
        public init(seed: some Collection<UInt8>) throws(CryptoError) {
            try self.init(seed: SecretBytes(seed))
        }

        /// The 32-byte seed, in wiped-on-release storage: an explicit export of the secret.
        ///
        /// - Returns: The seed.
        public func exportSeed() -> SecretBytes {
            secretKey.withUnsafeBytes { SecretBytes(UnsafeRawBufferPointer(rebasing: $0[0..<Ed25519.seedByteCount])) }
        }

        /// Signs a message.
        ///
        /// - Parameter message: The message to sign.
        /// - Returns: The deterministic Ed25519 signature of the message.
        public func signature(for message: some Collection<UInt8>) -> Signature {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureByteCount)
            secretKey.withUnsafeBytes { secretBuffer in
                withContiguousBytes(message) { messageBuffer in
                    signature.withUnsafeMutableBytes { signatureBuffer in
                        let status = wafer_ed25519_sign(
                            signatureBuffer.baseAddress!, messageBuffer.baseAddress!, messageBuffer.count,
                            secretBuffer.baseAddress!)
                        precondition(status == 0, "crypto_sign_ed25519_detached cannot fail")
                    }
                }
            }
            return try! Signature(rawRepresentation: signature)
        }
    }
}
