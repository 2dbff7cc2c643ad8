/// Macaroons compatible with libmacaroons: an HMAC-SHA256 chain of caveats, third-party caveats and
/// discharge macaroons, in the V1, V2 and JSON formats.
///
/// The constructions and formats arrive with issue 5; today the module names the formats it is built for.
public enum WaferMacaroons {
    /// The serialization formats of libmacaroons, by the name the CLI uses.
    public static let formatNames = ["v1", "v2", "v2json"]
}
