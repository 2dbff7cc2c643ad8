import CSodium

/// Authenticated secret-key encryption with XSalsa20-Poly1305 (NaCl's `crypto_secretbox`), through libsodium's
/// `crypto_secretbox_easy` and `crypto_secretbox_open_easy`.
///
/// A box is the 16-byte Poly1305 tag followed by the ciphertext, the layout libmacaroons uses for third-party
/// caveat identifiers.
public enum SecretBox {
    /// The size of a key: 32 bytes.
    public static let keyByteCount = 32
    /// The size of a nonce: 24 bytes.
    public static let nonceByteCount = 24
    /// The size of the authentication tag that starts every box: 16 bytes.
    public static let tagByteCount = 16

    /// Encrypts and authenticates a message.
    ///
    /// - Parameters:
    ///   - message: The plaintext.
    ///   - nonce: 24 bytes, never reused with the same key (random nonces are safe at this size).
    ///   - key: 32 secret bytes.
    /// - Returns: The box: tag ‖ ciphertext, 16 bytes longer than the message.
    /// - Throws: ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidNonceLength``.
    public static func seal(
        _ message: some Collection<UInt8>, nonce: some Collection<UInt8>, key: SecretBytes
    ) throws(CryptoError) -> [UInt8] {
        let nonce = try checkedNonce(nonce)
        try checkKey(key)
        Sodium.ensureInitialized()
        let messageBytes = Array(message)
        var box = [UInt8](repeating: 0, count: messageBytes.count + tagByteCount)
        key.withUnsafeBytes { keyBuffer in
            withContiguousBytes(messageBytes) { messageBuffer in
                box.withUnsafeMutableBytes { boxBuffer in
                    nonce.withUnsafeBytes { nonceBuffer in
                        let status = wafer_secretbox_seal(
                            boxBuffer.baseAddress!, messageBuffer.baseAddress!, messageBuffer.count,
                            nonceBuffer.baseAddress!, keyBuffer.baseAddress!)
                        precondition(status == 0, "crypto_secretbox_easy cannot fail")
                    }
                }
            }
        }
        return box
    }

    /// Authenticates and decrypts a box.
    ///
    /// - Parameters:
    ///   - box: Tag ‖ ciphertext, as ``seal(_:nonce:key:)`` returns it.
    ///   - nonce: The 24-byte nonce it was sealed with.
    ///   - key: The 32-byte key it was sealed with.
    /// - Returns: The plaintext, in wiped-on-release storage.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` when the box is too short, altered, or sealed with another
    ///   key or nonce; ``CryptoError/Code/invalidKeyLength`` or ``CryptoError/Code/invalidNonceLength``.
    public static func open(
        _ box: some Collection<UInt8>, nonce: some Collection<UInt8>, key: SecretBytes
    ) throws(CryptoError) -> SecretBytes {
        let nonce = try checkedNonce(nonce)
        try checkKey(key)
        let boxBytes = Array(box)
        guard boxBytes.count >= tagByteCount else {
            throw CryptoError(.decryptionFailed, "the box is \(boxBytes.count) bytes, shorter than its 16-byte authentication tag")
        }
        Sodium.ensureInitialized()
        return try SecretBytes(count: boxBytes.count - tagByteCount) { (output) throws(CryptoError) in
            let status = key.withUnsafeBytes { keyBuffer in
                boxBytes.withUnsafeBytes { boxBuffer in
                    nonce.withUnsafeBytes { nonceBuffer in
                        withContiguousBytes(UnsafeRawBufferPointer(output)) { outputBuffer in
                            wafer_secretbox_open(
                                UnsafeMutableRawPointer(mutating: outputBuffer.baseAddress!), boxBuffer.baseAddress!,
                                boxBuffer.count, nonceBuffer.baseAddress!, keyBuffer.baseAddress!)
                        }
                    }
                }
            }
            guard status == 0 else {
                throw CryptoError(.decryptionFailed, "the box does not open: it was altered, or sealed with another key or nonce")
            }
        }
    }

    private static func checkedNonce(_ nonce: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        let bytes = Array(nonce)
        guard bytes.count == nonceByteCount else {
            throw CryptoError(.invalidNonceLength, "a secretbox nonce is 24 bytes, not \(bytes.count)")
        }
        return bytes
    }

    private static func checkKey(_ key: SecretBytes) throws(CryptoError) {
        guard key.count == keyByteCount else {
            throw CryptoError(.invalidKeyLength, "a secretbox key is 32 bytes, not \(key.count)")
        }
    }
}
