import CSodium

/// Comparison of MACs, signatures and secrets in time that does not depend on where they differ.
public enum ConstantTime {
    /// Whether two byte sequences are equal, compared in constant time for a given length.
    ///
    /// Sequences of different lengths are unequal; the length itself is not secret.
    ///
    /// - Parameters:
    ///   - lhs: The first bytes.
    ///   - rhs: The second bytes.
    /// - Returns: `true` when both hold the same bytes.
    public static func isEqual(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        let left = Array(lhs)
        let right = Array(rhs)
        return left.withUnsafeBytes { l in right.withUnsafeBytes { r in isEqual(l, r) } }
    }

    /// Whether two raw buffers hold the same bytes, compared in constant time for a given length.
    static func isEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return wafer_memcmp(left, right, lhs.count) == 0
    }
}
