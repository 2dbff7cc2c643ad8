/// Biscuit v3.3 tokens: a chain of signed blocks carrying Datalog facts, rules and checks.
///
/// The format, the signature chain and the authorizer arrive with issue 4; today the module names the
/// versions it is built for, so that the package layout is in place.
public enum WaferBiscuit {
    /// The smallest Datalog block version this module reads (Biscuit v3.0).
    public static let minimumBlockVersion: UInt32 = 3
    /// The largest Datalog block version this module reads (Biscuit v3.3).
    public static let maximumBlockVersion: UInt32 = 6
}
