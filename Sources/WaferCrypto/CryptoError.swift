/// The one error type of WaferCrypto: malformed keys, signatures, key text, PEM or hex, failed decryption, and
/// revocation lists that cannot be read.
///
/// Messages say what was wrong and what would be right; they never contain key bytes. New codes can be added
/// without breaking clients (compare with the static members of ``Code``).
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `invalidKeyLength`.
        public let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// A key of the wrong size for its algorithm.
        public static let invalidKeyLength = Code("invalidKeyLength")
        /// Key bytes of the right size that do not encode a usable key (not on the curve, non-canonical,
        /// of small order, or a scalar out of range).
        public static let invalidKey = Code("invalidKey")
        /// A signature of the wrong size for its algorithm.
        public static let invalidSignatureLength = Code("invalidSignatureLength")
        /// A signature whose encoding is malformed (for example a DER signature that does not parse).
        public static let malformedSignature = Code("malformedSignature")
        /// A well-formed signature that does not verify.
        public static let signatureMismatch = Code("signatureMismatch")
        /// Key text that is not one of the forms `ed25519/…`, `ed25519-private/…`, `secp256r1/…`,
        /// `secp256r1-private/…`.
        public static let invalidKeyText = Code("invalidKeyText")
        /// PEM text that does not hold a supported key.
        public static let invalidPEM = Code("invalidPEM")
        /// A key of an algorithm this library does not support.
        public static let unsupportedAlgorithm = Code("unsupportedAlgorithm")
        /// Text that is not hexadecimal.
        public static let invalidHex = Code("invalidHex")
        /// A secretbox nonce that is not 24 bytes.
        public static let invalidNonceLength = Code("invalidNonceLength")
        /// A secretbox that does not open: wrong key or nonce, or altered ciphertext.
        public static let decryptionFailed = Code("decryptionFailed")
        /// A revocation list that does not parse: a line that is not a hexadecimal id (the message names it).
        public static let invalidRevocationList = Code("invalidRevocationList")
        /// A revocation list file that is missing, a directory, or unreadable.
        public static let unreadableRevocationList = Code("unreadableRevocationList")
        /// The underlying library reported a failure it should not have.
        public static let libraryFailure = Code("libraryFailure")

        /// The stable name.
        public var description: String { name }
    }

    /// What kind of error this is.
    public var code: Code
    /// What was wrong, and what would be right. Never contains key bytes.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: What was wrong, and what would be right.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
