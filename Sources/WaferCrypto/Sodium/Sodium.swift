import CSodium

/// The Swift tier over the CSodium shim: one-time initialisation and helpers shared by the public types.
enum Sodium {
    /// `true` once `sodium_init` has succeeded; evaluated once, thread-safely, on first use.
    private static let isInitialized: Bool = wafer_sodium_init() >= 0

    /// Initialises libsodium on first use. libsodium fails to initialise only when the system has no source
    /// of randomness, in which case no key could be generated safely; that is a fatal condition.
    static func ensureInitialized() {
        precondition(isInitialized, "libsodium could not be initialised: the system has no usable source of randomness")
    }
}
