/// Base64 as macaroons use it: emitted in the URL-safe alphabet without padding (libmacaroons, pymacaroons),
/// read in either alphabet with or without padding (go-macaroon, libmacaroons' decoder).
enum Base64 {
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each base64 character of either alphabet, 0xFF for anything else.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in urlAlphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        return table
    }()

    /// Whether `byte` is a character of either base64 alphabet (not padding).
    static func isBase64Character(_ byte: UInt8) -> Bool { decodeTable[Int(byte)] != 0xFF }

    /// Encodes bytes.
    ///
    /// - Parameters:
    ///   - bytes: The bytes.
    ///   - urlSafe: The URL-safe alphabet (`-_`) when `true`, the standard one (`+/`) otherwise.
    ///   - padded: Whether to append `=` to a multiple of 4 characters.
    static func encode(_ bytes: some Collection<UInt8>, urlSafe: Bool = true, padded: Bool = false) -> String {
        let alphabet = urlSafe ? urlAlphabet : standardAlphabet
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            var value = UInt32(input[index]) << 16
            if remaining == 2 { value |= UInt32(input[index + 1]) << 8 }
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            if remaining == 2 { output.append(alphabet[Int(value >> 6 & 63)]) }
            if padded { output.append(contentsOf: Array(repeating: UInt8(ascii: "="), count: 3 - remaining)) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base64 in either alphabet, with or without `=` padding.
    ///
    /// Trailing `=` are accepted in any number, as libmacaroons and pymacaroons (which appends `==` before
    /// decoding) accept them; a character after padding is an error.
    ///
    /// - Parameters:
    ///   - text: The encoded bytes.
    ///   - what: What the text is, for the error message.
    /// - Returns: The decoded bytes.
    /// - Throws: ``MacaroonError/Code/invalidBase64`` with the offset of the first bad character.
    static func decode(_ text: some Collection<UInt8>, what: String) throws(MacaroonError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        var sextets = 0
        for (offset, byte) in text.enumerated() {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = decodeTable[Int(byte)]
            guard value != 0xFF, padding == 0 else {
                let reason = padding > 0 ? "a character after '=' padding" : "byte 0x\(String(byte, radix: 16)), not a base64 character"
                throw MacaroonError(.invalidBase64, "\(what): \(reason) at offset \(offset)")
            }
            sextets += 1
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard sextets % 4 != 1 else {
            throw MacaroonError(.invalidBase64, "\(what): \(sextets) base64 characters cannot encode whole bytes")
        }
        return output
    }
}
