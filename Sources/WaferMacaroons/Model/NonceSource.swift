import Synchronization
import WaferCrypto

/// Where the 24-byte nonces of third-party caveats come from.
///
/// Production code uses ``secureRandom``. Tests inject fixed nonces (``fixed(_:)``, ``sequence(_:)``) to
/// reproduce another implementation's output byte for byte; never use a fixed nonce for real tokens.
public struct NonceSource: Sendable {
    private let makeNonce: @Sendable () -> [UInt8]

    /// Creates a nonce source from a closure that returns 24 bytes per call.
    ///
    /// - Parameter makeNonce: Returns the next nonce. A result that is not 24 bytes makes
    ///   ``Macaroon/addingThirdPartyCaveat(location:caveatKey:identifier:nonceSource:)`` throw.
    public init(_ makeNonce: @escaping @Sendable () -> [UInt8]) {
        self.makeNonce = makeNonce
    }

    /// The next nonce.
    public func nextNonce() -> [UInt8] { makeNonce() }

    /// Fresh nonces from the system's secure random source (``SecureRandom``).
    public static let secureRandom = NonceSource { SecureRandom.bytes(count: SecretBox.nonceByteCount) }

    /// The same nonce every time. For tests only.
    ///
    /// - Parameter nonce: The 24 bytes.
    /// - Returns: A source that always returns `nonce`.
    public static func fixed(_ nonce: [UInt8]) -> NonceSource { NonceSource { nonce } }

    /// The given nonces in order, then the last one again. For tests only.
    ///
    /// - Parameter nonces: The nonces, each 24 bytes; must not be empty.
    /// - Returns: A source that returns them in turn.
    public static func sequence(_ nonces: [[UInt8]]) -> NonceSource {
        let next = Mutex(0)
        return NonceSource {
            let index = next.withLock { value in
                defer { value += 1 }
                return value
            }
            guard let last = nonces.last else { return [] }
            return index < nonces.count ? nonces[index] : last
        }
    }
}
