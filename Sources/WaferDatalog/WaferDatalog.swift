/// The Datalog language of Biscuit v3.3 and its evaluation engine.
///
/// This module imports no cryptography and no token code: the Biscuit and Macaroon layers feed it facts
/// tagged with their origin. See `docs/architecture.md`.
public enum WaferDatalog {
    /// The version of the Biscuit Datalog language this module implements.
    public static let languageVersion = "3.3"
}
