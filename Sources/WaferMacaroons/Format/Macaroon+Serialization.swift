extension Macaroon {
    /// Serializes the macaroon as libmacaroons does.
    ///
    /// - ``MacaroonFormat/v1``: the base64url text (no padding) of the V1 packets, as ASCII bytes.
    /// - ``MacaroonFormat/v2``: the raw V2 binary (empty locations omitted).
    /// - ``MacaroonFormat/v2JSON``: the V2 JSON text, as UTF-8 bytes.
    ///
    /// - Parameter format: The format; ``MacaroonFormat/v1JSON`` is read-only and produces V2 JSON.
    /// - Returns: The serialized bytes.
    /// - Throws: ``MacaroonError/Code/fieldTooLong`` when a field does not fit a V1 packet (65 535 bytes).
    public func serialized(_ format: MacaroonFormat) throws(MacaroonError) -> [UInt8] {
        switch format {
        case .v1: return Array(Base64.encode(try V1Codec.encodePackets(self)).utf8)
        case .v2: return V2Codec.encode(self)
        case .v2JSON, .v1JSON: return JSONCodec.encodeV2(self)
        }
    }

    /// Serializes the macaroon as text: V1 and V2 as base64url without padding (what pymacaroons' `serialize()`
    /// and go callers send), V2 JSON as itself.
    ///
    /// - Parameter format: The format.
    /// - Returns: The text.
    /// - Throws: ``MacaroonError/Code/fieldTooLong`` when a field does not fit a V1 packet.
    public func serializedString(_ format: MacaroonFormat) throws(MacaroonError) -> String {
        switch format {
        case .v1: return Base64.encode(try V1Codec.encodePackets(self))
        case .v2: return Base64.encode(V2Codec.encode(self))
        case .v2JSON, .v1JSON: return String(decoding: JSONCodec.encodeV2(self), as: UTF8.self)
        }
    }

    /// Decodes a macaroon in any format, detecting which.
    ///
    /// Accepted: raw V2 binary (first byte `0x02`), JSON (first byte `{`: V2 JSON, or V1 JSON when it has an
    /// `identifier` field), and base64 text (either alphabet, padded or not, surrounding whitespace ignored) of
    /// V1 packets, V2 binary or JSON.
    ///
    /// - Parameters:
    ///   - bytes: The serialized macaroon.
    ///   - limits: Bounds on sizes; ``MacaroonLimits/default`` unless given.
    /// - Throws: ``MacaroonError`` saying what is malformed and where.
    public init(deserializing bytes: some Collection<UInt8>, limits: MacaroonLimits = .default) throws(MacaroonError) {
        self = try Self.decode(Array(bytes), limits: limits).macaroon
    }

    /// Decodes a macaroon from text in any format (the same formats as the byte form).
    ///
    /// - Parameters:
    ///   - text: The serialized macaroon.
    ///   - limits: Bounds on sizes.
    /// - Throws: ``MacaroonError`` saying what is malformed and where.
    public init(deserializing text: String, limits: MacaroonLimits = .default) throws(MacaroonError) {
        self = try Self.decode(Array(text.utf8), limits: limits).macaroon
    }

    /// Detects the format of a serialized macaroon (by its first byte, then, for base64, by the first decoded
    /// byte), decoding it fully so that only a well-formed macaroon gets an answer.
    ///
    /// - Parameter bytes: The serialized macaroon.
    /// - Returns: The format; base64 of V2 binary is reported as ``MacaroonFormat/v2``.
    /// - Throws: ``MacaroonError`` when the input is not a well-formed macaroon in any format.
    public static func detectFormat(of bytes: some Collection<UInt8>) throws(MacaroonError) -> MacaroonFormat {
        try decode(Array(bytes), limits: .default).format
    }

    static func decode(_ input: [UInt8], limits: MacaroonLimits) throws(MacaroonError) -> (macaroon: Macaroon, format: MacaroonFormat) {
        guard input.count <= limits.maxInputSize else {
            throw MacaroonError(.inputTooLarge, "the macaroon is \(input.count) bytes, larger than the limit of \(limits.maxInputSize)")
        }
        if input.first == V2Codec.version { return (try V2Codec.decode(input, limits: limits), .v2) }
        let trimmed = trimWhitespace(input)
        guard let first = trimmed.first else {
            throw MacaroonError(.unknownFormat, "the macaroon is empty")
        }
        if first == UInt8(ascii: "{") {
            let (macaroon, format) = try JSONCodec.decode(trimmed, limits: limits)
            return (macaroon, format)
        }
        guard Base64.isBase64Character(first) else {
            throw MacaroonError(.unknownFormat, "the macaroon starts with byte 0x\(String(first, radix: 16)): not V2 binary (0x02), JSON ('{') or base64")
        }
        let decoded = try Base64.decode(trimmed, what: "the base64 macaroon")
        switch decoded.first {
        case V2Codec.version:
            return (try V2Codec.decode(decoded, limits: limits), .v2)
        case UInt8(ascii: "{"):
            return try JSONCodec.decode(decoded, limits: limits)
        case let byte? where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte):
            return (try V1Codec.decodePackets(decoded, limits: limits), .v1)
        default:
            throw MacaroonError(.unknownFormat, "the base64 text decodes to neither V1 packets (a hex length), V2 binary (0x02) nor JSON")
        }
    }

    private static func trimWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return Array(bytes[start...end])
    }
}
