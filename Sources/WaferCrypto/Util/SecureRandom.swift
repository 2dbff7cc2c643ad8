import CSodium

/// Bytes from the operating system's secure random source, through libsodium's `randombytes_buf`.
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// For secret material prefer ``SecretBytes/random(count:)``, whose buffer is wiped when released.
    ///
    /// - Parameter count: The number of bytes.
    /// - Returns: Fresh random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: count)
        if count > 0 {
            bytes.withUnsafeMutableBytes { wafer_randombytes($0.baseAddress!, $0.count) }
        }
        return bytes
    }
}
