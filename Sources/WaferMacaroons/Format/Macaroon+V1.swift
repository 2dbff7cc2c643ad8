import WaferCrypto

/// libmacaroons V1: `location`, `identifier`, `cid [vid] [cl]`…, `signature` packets, then base64url.
enum V1Codec {
    static let maxPacketSize = 0xFFFF

    static func packet(_ key: String, _ value: [UInt8]) throws(MacaroonError) -> [UInt8] {
        let size = 4 + key.utf8.count + 1 + value.count + 1
        guard size <= maxPacketSize else {
            throw MacaroonError(.fieldTooLong, "the V1 '\(key)' packet would be \(size) bytes; V1 packets hold at most 65535")
        }
        let hex = String(size, radix: 16)
        var bytes = Array((String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        bytes.reserveCapacity(size)
        bytes += Array(key.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes += value
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The packets, before base64.
    static func encodePackets(_ macaroon: Macaroon) throws(MacaroonError) -> [UInt8] {
        var bytes = try packet("location", macaroon.location)
        bytes += try packet("identifier", macaroon.identifier)
        for caveat in macaroon.caveats {
            bytes += try packet("cid", caveat.identifier)
            if !caveat.verificationID.isEmpty { bytes += try packet("vid", caveat.verificationID) }
            if !caveat.location.isEmpty { bytes += try packet("cl", caveat.location) }
        }
        bytes += try packet("signature", macaroon.signature.exportBytes())
        return bytes
    }

    /// Decodes the packets (already base64-decoded).
    static func decodePackets(_ bytes: [UInt8], limits: MacaroonLimits) throws(MacaroonError) -> Macaroon {
        var offset = 0
        var packets: [(key: String, value: [UInt8], offset: Int)] = []
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else {
                throw MacaroonError(.malformedV1, "V1, offset \(offset): a truncated packet length")
            }
            var size = 0
            for byte in bytes[offset..<offset + 4] {
                guard let digit = hexDigit(byte) else {
                    throw MacaroonError(.malformedV1, "V1, offset \(offset): the packet length is not 4 hex digits")
                }
                size = size << 4 | digit
            }
            guard size >= 7, offset + size <= bytes.count else {
                throw MacaroonError(.malformedV1, "V1, offset \(offset): packet length \(size) does not fit the \(bytes.count - offset) remaining bytes")
            }
            let body = bytes[(offset + 4)..<(offset + size)]
            guard body.last == UInt8(ascii: "\n") else {
                throw MacaroonError(.malformedV1, "V1, offset \(offset): the packet does not end with a newline")
            }
            guard let space = body.firstIndex(of: UInt8(ascii: " ")) else {
                throw MacaroonError(.malformedV1, "V1, offset \(offset): the packet has no space between key and value")
            }
            let key = String(decoding: body[body.startIndex..<space], as: UTF8.self)
            let value = Array(body[(space + 1)..<(body.endIndex - 1)])
            packets.append((key, value, offset))
            offset += size
        }
        var index = 0
        func next() -> (key: String, value: [UInt8], offset: Int)? {
            index < packets.count ? packets[index] : nil
        }
        var location: [UInt8] = []
        if let packet = next(), packet.key == "location" {
            location = packet.value
            index += 1
        }
        guard let identifierPacket = next(), identifierPacket.key == "identifier" else {
            throw MacaroonError(.malformedV1, "V1: expected an 'identifier' packet after the location, found \(describe(next()))")
        }
        index += 1
        try limits.checkField(location.count, "the location")
        try limits.checkField(identifierPacket.value.count, "the identifier")
        var caveats: [Caveat] = []
        while let packet = next(), packet.key == "cid" {
            index += 1
            var caveat = Caveat(identifier: packet.value)
            if let vid = next(), vid.key == "vid" {
                caveat.verificationID = vid.value
                index += 1
            }
            if let cl = next(), cl.key == "cl" {
                guard !caveat.verificationID.isEmpty else {
                    throw MacaroonError(.malformedV1, "V1, offset \(cl.offset): a 'cl' packet without a 'vid' (a first-party caveat has no location)")
                }
                caveat.location = cl.value
                index += 1
            }
            try limits.checkField(caveat.identifier.count, "the identifier of caveat \(caveats.count)")
            try limits.checkField(caveat.verificationID.count, "the verification identifier of caveat \(caveats.count)")
            try limits.checkField(caveat.location.count, "the location of caveat \(caveats.count)")
            caveats.append(caveat)
            try limits.checkCaveatCount(caveats.count)
        }
        guard let signaturePacket = next(), signaturePacket.key == "signature" else {
            throw MacaroonError(.malformedV1, "V1: expected a 'cid' or 'signature' packet, found \(describe(next()))")
        }
        index += 1
        guard index == packets.count else {
            throw MacaroonError(.malformedV1, "V1, offset \(packets[index].offset): a '\(packets[index].key)' packet after the signature")
        }
        guard signaturePacket.value.count == 32 else {
            throw MacaroonError(.invalidSignatureLength, "V1: the signature is \(signaturePacket.value.count) bytes, not 32")
        }
        return Macaroon(
            location: location, identifier: identifierPacket.value, caveats: caveats,
            signature: SecretBytes(signaturePacket.value))
    }

    private static func describe(_ packet: (key: String, value: [UInt8], offset: Int)?) -> String {
        guard let packet else { return "the end of the macaroon" }
        return "'\(packet.key)' at offset \(packet.offset)"
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
