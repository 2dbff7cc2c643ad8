/// A serialization format of macaroons.
public enum MacaroonFormat: String, Hashable, Sendable, CaseIterable {
    /// libmacaroons V1: base64url (no padding) of `location`, `identifier`, `cid`/`vid`/`cl` and `signature`
    /// packets, each `4 hex digits of length ‖ key ‖ ' ' ‖ value ‖ '\n'`.
    case v1
    /// libmacaroons V2 binary: `0x02` then typed, varint-length fields.
    case v2
    /// libmacaroons V2 JSON: `{"v":2,"l":…,"i":…,"c":[…],"s64":…}`.
    case v2JSON = "v2json"
    /// Legacy V1 JSON (go-macaroon, pymacaroons): `{"location","identifier","signature":<hex>,"caveats":[…]}`.
    /// Read only.
    case v1JSON = "v1json"
}

/// Bounds on what the decoder accepts; input is untrusted.
public struct MacaroonLimits: Hashable, Sendable {
    /// The largest input, in bytes. Default 1 MiB.
    public var maxInputSize: Int
    /// The most caveats one macaroon may have. Default 1000.
    public var maxCaveats: Int
    /// The longest field (identifier, location, caveat identifier, verification identifier), in bytes.
    /// Default 65 535 (V1's packet limit is a little lower: 65 535 bytes for the whole packet).
    public var maxFieldLength: Int
    /// The deepest JSON nesting accepted. Default 8 (a macaroon needs 3).
    public var maxJSONDepth: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxInputSize: The largest input, in bytes.
    ///   - maxCaveats: The most caveats per macaroon.
    ///   - maxFieldLength: The longest field, in bytes.
    ///   - maxJSONDepth: The deepest JSON nesting.
    public init(maxInputSize: Int = 1 << 20, maxCaveats: Int = 1000, maxFieldLength: Int = 65535, maxJSONDepth: Int = 8) {
        self.maxInputSize = maxInputSize
        self.maxCaveats = maxCaveats
        self.maxFieldLength = maxFieldLength
        self.maxJSONDepth = maxJSONDepth
    }

    /// The defaults.
    public static let `default` = MacaroonLimits()

    func checkField(_ length: Int, _ what: String) throws(MacaroonError) {
        guard length <= maxFieldLength else {
            throw MacaroonError(.fieldTooLong, "\(what) is \(length) bytes, longer than the limit of \(maxFieldLength)")
        }
    }

    func checkCaveatCount(_ count: Int) throws(MacaroonError) {
        guard count <= maxCaveats else {
            throw MacaroonError(.tooManyCaveats, "the macaroon has more than \(maxCaveats) caveats, the limit")
        }
    }
}
