/// URL-safe base64 (RFC 4648 §5), the text form of Biscuit tokens.
///
/// biscuit-rust writes padded text; this reader accepts it with or without padding.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Padded URL-safe base64 of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int(value >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let value = UInt32(bytes[index]) << 16
            output += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output += [
                alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], alphabet[Int(value >> 6 & 63)],
                UInt8(ascii: "="),
            ]
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes URL-safe base64, padded or not.
    ///
    /// - Returns: The bytes, or a description of the first problem found.
    static func decode(_ text: Substring.UTF8View) -> Result<[UInt8], BiscuitError> {
        var characters = Array(text)
        var padding = 0
        while characters.last == UInt8(ascii: "=") && padding < 2 {
            characters.removeLast()
            padding += 1
        }
        if padding > 0 && (characters.count + padding) % 4 != 0 {
            return .failure(BiscuitError(.invalidBase64, "the token text has wrong padding: its length with '=' is not a multiple of 4"))
        }
        if characters.count % 4 == 1 {
            return .failure(BiscuitError(.invalidBase64, "the token text has an impossible length for base64 (\(characters.count) characters)"))
        }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for (position, character) in characters.enumerated() {
            let value: UInt32
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(character - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(character - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(character - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "+"), UInt8(ascii: "/"):
                return .failure(BiscuitError(.invalidBase64, "character \(position + 1) of the token text is '\(Character(Unicode.Scalar(character)))': tokens use URL-safe base64 ('-' and '_')"))
            default:
                return .failure(BiscuitError(.invalidBase64, "character \(position + 1) of the token text is not URL-safe base64 (byte 0x\(String(character, radix: 16)))"))
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        if accumulator != 0 {
            return .failure(BiscuitError(.invalidBase64, "the token text's last character has non-zero trailing bits"))
        }
        return .success(output)
    }
}
