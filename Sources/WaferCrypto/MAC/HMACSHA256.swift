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

    /// Replaces a 32-byte key with the authentication code of `message` under it, in place: one step of a
    /// chain such as a macaroon's signature, `key ← HMAC(key, message)`, without a new buffer for each step.
    ///
    /// - Parameters:
    ///   - key: A 32-byte key (a previous code); other lengths get a new buffer, as
    ///     `authenticationCode(for:using:)` would.
    ///   - message: The message.
    public static func advance(_ key: inout SecretBytes, with message: [UInt8]) {
        guard key.count == byteCount else {
            key = authenticationCode(for: message, using: key)
            return
        }
        key.withUniqueMutableBytes { buffer in
            withContiguousBytes(message) { messageBuffer in
                // libsodium reads the whole key into its state before it writes the code: the two may alias.
                compute(into: buffer, key: UnsafeRawBufferPointer(buffer), message: messageBuffer)
            }
        }
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
        SecretBytes(count: byteCount) { output in compute(into: output, key: key, message: message) }
    }

    /// The one call into libsodium: writes HMAC(key, message) into `output`, 32 bytes.
    private static func compute(
        into output: UnsafeMutableRawBufferPointer, key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer
    ) {
        Sodium.ensureInitialized()
        let status = wafer_hmac_sha256(output.baseAddress!, key.baseAddress, key.count, message.baseAddress, message.count)
        precondition(status == 0, "crypto_auth_hmacsha256 cannot fail")
    }
}

extension HMACSHA256 {
    /// A key prepared once for many messages: HMAC's inner and outer pads are hashed when the key is made,
    /// so each code costs two SHA-256 compressions fewer. The prepared state is as secret as the key, and kept
    /// in wiped storage.
    ///
    /// ```swift
    /// let key = HMACSHA256.PreparedKey(SecretBytes(Array("macaroons-key-generator".utf8)))
    /// let code = key.authenticationCode(for: message)
    /// ```
    public struct PreparedKey: Sendable {
        private let state: SecretBytes

        /// Prepares a key.
        ///
        /// - Parameter key: The key, of any length.
        public init(_ key: SecretBytes) {
            Sodium.ensureInitialized()
            state = SecretBytes(count: wafer_hmac_sha256_state_size()) { buffer in
                let status = key.withUnsafeBytes { keyBuffer in
                    wafer_hmac_sha256_prepare(buffer.baseAddress!, keyBuffer.baseAddress, keyBuffer.count)
                }
                precondition(status == 0, "crypto_auth_hmacsha256_init cannot fail")
            }
        }

        /// Computes the authentication code of a message under the prepared key.
        ///
        /// - Parameter message: The message.
        /// - Returns: The 32-byte code, in wiped-on-release storage; the same as
        ///   `HMACSHA256.authenticationCode(for:using:)` with the key.
        public func authenticationCode(for message: some Collection<UInt8>) -> SecretBytes {
            state.withUnsafeBytes { stateBuffer in
                withContiguousBytes(message) { messageBuffer in
                    SecretBytes(count: byteCount) { output in
                        let status = wafer_hmac_sha256_prepared(
                            output.baseAddress!, stateBuffer.baseAddress!, messageBuffer.baseAddress, messageBuffer.count)
                        precondition(status == 0, "crypto_auth_hmacsha256 cannot fail")
                    }
                }
            }
        }
    }
}

