import CSodium

/// Secret bytes — a private key, a seed, a MAC key — kept in a buffer that is wiped when released.
///
/// The bytes live in one heap allocation owned by a class whose `deinit` overwrites them with zeros
/// (`sodium_memzero`) before freeing them. Copies of a `SecretBytes` share that buffer. `[UInt8]` and `Data`
/// copies are never wiped, so reading the bytes out is an explicit call (``withUnsafeBytes(_:)``,
/// ``exportBytes()``). Equality is decided in constant time for buffers of equal length. `description` is
/// redacted, so a secret never reaches a log by accident.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The owned, wiped-on-release buffer.
    ///
    /// `@unchecked Sendable`: the buffer is written only while the storage is being initialised, before it is
    /// shared; afterwards it is read-only until `deinit`, which runs when no reference remains.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let buffer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
            if count == 0 {
                buffer.storeBytes(of: 0, as: UInt8.self)
            }
        }

        deinit {
            if let base = buffer.baseAddress {
                wafer_memzero(base, buffer.count)
            }
            buffer.deallocate()
        }
    }

    @usableFromInline var storage: Storage
    /// The number of secret bytes.
    public let count: Int

    /// Creates secret bytes by copying `bytes`. The caller remains responsible for its own copy.
    ///
    /// - Parameter bytes: The secret bytes.
    public init(_ bytes: some Collection<UInt8>) {
        let count = bytes.count
        let storage = Storage(count: count)
        if count > 0 {
            _ = storage.buffer.initializeMemory(as: UInt8.self, from: bytes)
        }
        self.storage = storage
        self.count = count
    }

    /// Creates `count` secret bytes filled by `initializer`, which writes straight into the wiped buffer.
    ///
    /// - Parameters:
    ///   - count: The number of bytes.
    ///   - initializer: Fills the buffer; it receives exactly `count` bytes.
    /// - Throws: What `initializer` throws.
    public init<E: Error>(
        count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        precondition(count >= 0, "SecretBytes cannot have a negative size")
        let storage = Storage(count: count)
        storage.buffer.initializeMemory(as: UInt8.self, repeating: 0)
        try initializer(UnsafeMutableRawBufferPointer(rebasing: storage.buffer[0..<count]))
        self.storage = storage
        self.count = count
    }

    /// Creates `count` bytes from the system's secure random source.
    ///
    /// - Parameter count: The number of bytes.
    /// - Returns: Fresh random secret bytes.
    public static func random(count: Int) -> SecretBytes {
        Sodium.ensureInitialized()
        return SecretBytes(count: count) { buffer in
            if let base = buffer.baseAddress {
                wafer_randombytes(base, buffer.count)
            }
        }
    }

    /// Calls `body` with the secret bytes. The pointer must not escape `body`.
    ///
    /// - Parameter body: Reads the bytes.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage.buffer[0..<count]))
    }

    /// Overwrites the bytes in place when this value is their only owner, else gives it a buffer of its own
    /// first (copies share one buffer, and a copy must keep its bytes).
    ///
    /// - Parameter body: Reads and writes the bytes.
    mutating func withUniqueMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage(count: count)
            copy.buffer.copyMemory(from: UnsafeRawBufferPointer(storage.buffer))
            storage = copy
        }
        return body(UnsafeMutableRawBufferPointer(rebasing: storage.buffer[0..<count]))
    }

    /// Copies the secret bytes out into an array, which will *not* be wiped: an explicit export.
    ///
    /// - Returns: A copy of the bytes.
    public func exportBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Compares two secrets in constant time (for a given length).
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                ConstantTime.isEqual(left, right)
            }
        }
    }

    /// `SecretBytes(<redacted>, N bytes)`.
    public var description: String { "SecretBytes(<redacted>, \(count) bytes)" }

    /// The same as ``description``: redacted.
    public var debugDescription: String { description }
}
