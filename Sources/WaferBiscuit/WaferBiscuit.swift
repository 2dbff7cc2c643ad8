/// Biscuit v3.3 tokens: a chain of signed blocks carrying Datalog facts, rules and checks.
///
/// Read a token with ``UnverifiedBiscuit``, verify it into a ``Biscuit``, decide a request with an
/// ``Authorizer``; mint with ``Biscuit/make(rootKey:program:rootKeyID:context:nextKeyAlgorithm:)`` and
/// attenuate with ``Biscuit/attenuated(with:context:nextKeyAlgorithm:)``. See docs/biscuit.md.
public enum WaferBiscuit {
    /// The smallest Datalog block version this module reads (Biscuit v3.0).
    public static let minimumBlockVersion: UInt32 = 3
    /// The largest Datalog block version this module reads (Biscuit v3.3).
    public static let maximumBlockVersion: UInt32 = 6
}
