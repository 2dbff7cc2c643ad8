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

    /// The value of each byte as a URL-safe base64 digit, or 0xFF for a byte that is not one.
    private static let digitValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// Decodes URL-safe base64, padded or not.
    ///
    /// - Returns: The bytes, or a description of the first problem found.
    static func decode(_ text: Substring.UTF8View) -> Result<[UInt8], BiscuitError> {
        if let result = text.withContiguousStorageIfAvailable({ decode($0) }) { return result }
        return Array(text).withUnsafeBufferPointer { decode($0) }
    }

    private static func decode(_ text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], BiscuitError> {
        var count = text.count
        var padding = 0
        while count > 0 && text[count - 1] == UInt8(ascii: "=") && padding < 2 {
            count -= 1
            padding += 1
        }
        if padding > 0 && (count + padding) % 4 != 0 {
            return .failure(BiscuitError(.invalidBase64, "the token text has wrong padding: its length with '=' is not a multiple of 4"))
        }
        if count % 4 == 1 {
            return .failure(BiscuitError(.invalidBase64, "the token text has an impossible length for base64 (\(count) characters)"))
        }
        var accumulator: UInt32 = 0
        var bits = 0
        var failure: BiscuitError?
        let output = digitValues.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: count * 3 / 4) { buffer, written in
                written = 0
                for position in 0..<count {
                    let character = text[position]
                    let value = values[Int(character)]
                    guard value != 0xFF else {
                        failure = invalidCharacter(character, at: position)
                        return
                    }
                    accumulator = accumulator << 6 | UInt32(value)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        buffer[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                        written += 1
                        accumulator &= (1 << UInt32(bits)) - 1
                    }
                }
            }
        }
        if let failure { return .failure(failure) }
        if accumulator != 0 {
            return .failure(BiscuitError(.invalidBase64, "the token text's last character has non-zero trailing bits"))
        }
        return .success(output)
    }

    private static func invalidCharacter(_ character: UInt8, at position: Int) -> BiscuitError {
        if character == UInt8(ascii: "+") || character == UInt8(ascii: "/") {
            return BiscuitError(.invalidBase64, "character \(position + 1) of the token text is '\(Character(Unicode.Scalar(character)))': tokens use URL-safe base64 ('-' and '_')")
        }
        return BiscuitError(.invalidBase64, "character \(position + 1) of the token text is not URL-safe base64 (byte 0x\(String(character, radix: 16)))")
    }
}
