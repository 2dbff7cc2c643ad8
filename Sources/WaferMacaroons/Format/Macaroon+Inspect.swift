import WaferCrypto

extension Macaroon {
    /// A human-readable listing in pymacaroons' `inspect()` layout for V1 macaroons: one `key value` line per
    /// field (`location`, `identifier`, `cid`, `vid` in padded standard base64, `cl`, `signature` in hex).
    ///
    /// Fields that are not UTF-8 are shown as `0x` followed by their hex. The signature is shown in full:
    /// treat the listing as a secret, as the macaroon itself is.
    public var inspection: String {
        var lines = ["location \(Self.display(location))", "identifier \(Self.display(identifier))"]
        for caveat in caveats {
            lines.append("cid \(Self.display(caveat.identifier))")
            if caveat.isThirdParty {
                lines.append("vid \(Base64.encode(caveat.verificationID, urlSafe: false, padded: true))")
                lines.append("cl \(Self.display(caveat.location))")
            }
        }
        lines.append("signature \(Hex.encode(signature.exportBytes()))")
        return lines.joined(separator: "\n")
    }

    private static func display(_ bytes: [UInt8]) -> String {
        String(validatingUTF8Bytes: bytes) ?? "0x" + Hex.encode(bytes)
    }
}
