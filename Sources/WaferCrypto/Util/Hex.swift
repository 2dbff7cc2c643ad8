/// Lower-case hexadecimal text for bytes, in and out.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lower-case hexadecimal.
    ///
    /// - Parameter bytes: The bytes.
    /// - Returns: Two lower-case hex digits per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes hexadecimal text (either case) into bytes.
    ///
    /// - Parameters:
    ///   - text: An even number of hex digits, nothing else.
    ///   - what: What the text is, for the error message (for example `"an Ed25519 public key"`).
    /// - Returns: The bytes.
    /// - Throws: ``CryptoError/Code/invalidHex`` naming the first offending character and its offset.
    public static func decode(_ text: some StringProtocol, what: String = "hex text") throws(CryptoError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw CryptoError(.invalidHex, "\(what) has an odd number of hex digits (\(utf8.count)); each byte takes two")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]) else { throw badDigit(utf8, at: index, what: what) }
            guard let low = value(of: utf8[index + 1]) else { throw badDigit(utf8, at: index + 1, what: what) }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// Decodes hexadecimal text straight into wiped-on-release storage, for secrets.
    ///
    /// - Parameters:
    ///   - text: An even number of hex digits, nothing else.
    ///   - what: What the text is, for the error message.
    /// - Returns: The secret bytes.
    /// - Throws: ``CryptoError/Code/invalidHex`` naming the first offending offset (never the secret itself).
    public static func decodeSecret(_ text: some StringProtocol, what: String = "secret hex text") throws(CryptoError) -> SecretBytes {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw CryptoError(.invalidHex, "\(what) has an odd number of hex digits (\(utf8.count)); each byte takes two")
        }
        return try SecretBytes(count: utf8.count / 2) { (buffer) throws(CryptoError) in
            for index in 0..<(utf8.count / 2) {
                guard let high = value(of: utf8[2 * index]), let low = value(of: utf8[2 * index + 1]) else {
                    throw CryptoError(.invalidHex, "\(what) is not hexadecimal: offset \(2 * index) holds a character outside 0-9, a-f")
                }
                buffer[index] = high << 4 | low
            }
        }
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func badDigit(_ utf8: [UInt8], at offset: Int, what: String) -> CryptoError {
        let byte = utf8[offset]
        let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: byte)
        return CryptoError(.invalidHex, "\(what) is not hexadecimal: \(shown) at offset \(offset); expected 0-9 or a-f")
    }
}

extension String {
    /// `byte 0xNN`, for naming a non-printable byte in an error message.
    fileprivate init(format byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = "byte 0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
    }
}
