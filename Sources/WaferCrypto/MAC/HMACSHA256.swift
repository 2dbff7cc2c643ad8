import CSodium

/// HMAC-SHA256 (RFC 2104) with a key of any length, through libsodium's `crypto_auth_hmacsha256` init,
/// update and final.
public enum HMACSHA256 {
    /// The size of an authentication code: 32 bytes.
    public static let byteCount = 32

    /// Computes the authentication code of a byte array: the same as the generic form, without its generic
    /// dispatch (a macaroon's chain calls this once per caveat).
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - key: The key, of any length.
    /// - Returns: The 32-byte code, in wiped-on-release storage.
    public static func authenticationCode(for message: [UInt8], using key: SecretBytes) -> SecretBytes {
        key.withUnsafeBytes { keyBuffer in withContiguousBytes(message) { code(message: $0, key: keyBuffer) } }
    }

    /// Computes the authentication code of a message.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - key: The key, of any length (keys longer than 64 bytes are hashed first, as RFC 2104 says).
    /// - Returns: The 32-byte code, in wiped-on-release storage (in a macaroon it is the next key of the chain).
    public static func authenticationCode(for message: some Collection<UInt8>, using key: SecretBytes) -> SecretBytes {
        key.withUnsafeBytes { keyBuffer in
            code(message: message, key: keyBuffer)
        }
    }

    /// Computes the authentication code of a message with a key given as plain bytes.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - key: The key's bytes, of any length.
    /// - Returns: The 32-byte code.
    public static func authenticationCode(for message: some Collection<UInt8>, using key: some Collection<UInt8>) -> SecretBytes {
        withContiguousBytes(key) { keyBuffer in
            code(message: message, key: keyBuffer)
        }
    }

    /// Whether `code` is the authentication code of `message` under `key`, compared in constant time.
    ///
    /// - Parameters:
    ///   - code: The code to check.
    ///   - message: The message.
    ///   - key: The key.
    /// - Returns: `true` when the codes match.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>, for message: some Collection<UInt8>, using key: SecretBytes
    ) -> Bool {
        let expected = authenticationCode(for: message, using: key)
        return expected.withUnsafeBytes { expectedBuffer in
            withContiguousBytes(code) { codeBuffer in ConstantTime.isEqual(expectedBuffer, codeBuffer) }
        }
    }

    private static func code(message: some Collection<UInt8>, key: UnsafeRawBufferPointer) -> SecretBytes {
        withContiguousBytes(message) { messageBuffer in code(message: messageBuffer, key: key) }
    }

    private static func code(message: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> SecretBytes {
        Sodium.ensureInitialized()
        return SecretBytes(count: byteCount) { output in
            let status = wafer_hmac_sha256(output.baseAddress!, key.baseAddress, key.count, message.baseAddress, message.count)
            precondition(status == 0, "crypto_auth_hmacsha256 cannot fail")
        }
    }
}
