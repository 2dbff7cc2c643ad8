import WaferCrypto

/// libmacaroons V2 binary: `0x02 [LOC] ID EOS { [LOC] CID [VID] EOS }* EOS SIG`, each field
/// `varint(type) varint(length) bytes`.
enum V2Codec {
    static let version: UInt8 = 2
    static let endOfSection: UInt8 = 0
    static let location = 1
    static let identifier = 2
    static let verificationID = 4
    static let signature = 6

    static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var value = UInt64(value)
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func appendField(_ type: Int, _ value: [UInt8], to bytes: inout [UInt8]) {
        appendVarint(type, to: &bytes)
        appendVarint(value.count, to: &bytes)
        bytes += value
    }

    /// libmacaroons' emission: empty optional fields (locations, vid) are omitted.
    static func encode(_ macaroon: Macaroon) -> [UInt8] {
        var bytes: [UInt8] = [version]
        if !macaroon.location.isEmpty { appendField(location, macaroon.location, to: &bytes) }
        appendField(identifier, macaroon.identifier, to: &bytes)
        bytes.append(endOfSection)
        for caveat in macaroon.caveats {
            if !caveat.location.isEmpty { appendField(location, caveat.location, to: &bytes) }
            appendField(identifier, caveat.identifier, to: &bytes)
            if !caveat.verificationID.isEmpty { appendField(verificationID, caveat.verificationID, to: &bytes) }
            bytes.append(endOfSection)
        }
        bytes.append(endOfSection)
        appendField(signature, macaroon.signature.exportBytes(), to: &bytes)
        return bytes
    }

    struct Reader {
        let bytes: [UInt8]
        let limits: MacaroonLimits
        var offset = 1

        func error(_ message: String, at position: Int? = nil) -> MacaroonError {
            MacaroonError(.malformedV2, "V2, offset \(position ?? offset): \(message)")
        }

        mutating func varint() throws(MacaroonError) -> Int {
            let start = offset
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count else { throw error("a truncated varint", at: start) }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                guard value <= 0x7FFF_FFFF else { throw error("a varint larger than 2^31 - 1", at: start) }
                if byte & 0x80 == 0 { return Int(value) }
                shift += 7
            }
        }

        /// The type of the next field without consuming it, or `nil` at an end-of-section byte.
        mutating func peekType() throws(MacaroonError) -> Int? {
            guard offset < bytes.count else { throw error("the input ends inside a section (missing end-of-section byte)") }
            if bytes[offset] == V2Codec.endOfSection { return nil }
            let saved = offset
            let type = try varint()
            offset = saved
            return type
        }

        mutating func field(expecting type: Int, _ what: String) throws(MacaroonError) -> [UInt8] {
            let start = offset
            let actual = try varint()
            guard actual == type else { throw error("expected the \(what) field (type \(type)), found type \(actual)", at: start) }
            let length = try varint()
            guard length <= bytes.count - offset else {
                throw error("the \(what) field claims \(length) bytes, only \(bytes.count - offset) remain", at: start)
            }
            if type != signature { try limits.checkField(length, "the \(what)") }
            defer { offset += length }
            return Array(bytes[offset..<offset + length])
        }

        mutating func endOfSection(_ what: String) throws(MacaroonError) {
            guard offset < bytes.count else { throw error("the input ends before the end of \(what)") }
            guard bytes[offset] == V2Codec.endOfSection else {
                let position = offset
                let type = (try? varint()) ?? -1
                throw error("unexpected field of type \(type) in \(what): fields must come in increasing type order, once each", at: position)
            }
            offset += 1
        }
    }

    static func decode(_ bytes: [UInt8], limits: MacaroonLimits) throws(MacaroonError) -> Macaroon {
        guard bytes.first == version else {
            throw MacaroonError(.malformedV2, "V2, offset 0: expected the version byte 0x02")
        }
        var reader = Reader(bytes: bytes, limits: limits)
        var rootLocation: [UInt8] = []
        if try reader.peekType() == location { rootLocation = try reader.field(expecting: location, "location") }
        let rootIdentifier = try reader.field(expecting: identifier, "identifier")
        try reader.endOfSection("the macaroon header")
        var caveats: [Caveat] = []
        while try reader.peekType() != nil {
            let start = reader.offset
            var caveat = Caveat(identifier: [])
            if try reader.peekType() == location { caveat.location = try reader.field(expecting: location, "caveat location") }
            caveat.identifier = try reader.field(expecting: identifier, "caveat identifier")
            if try reader.peekType() == verificationID {
                caveat.verificationID = try reader.field(expecting: verificationID, "verification identifier")
            }
            try reader.endOfSection("caveat \(caveats.count)")
            if !caveat.location.isEmpty && caveat.verificationID.isEmpty {
                throw reader.error("caveat \(caveats.count) has a location but no verification identifier (a first-party caveat has no location)", at: start)
            }
            caveats.append(caveat)
            try limits.checkCaveatCount(caveats.count)
        }
        reader.offset += 1
        let signatureBytes = try reader.field(expecting: signature, "signature")
        guard reader.offset == bytes.count else {
            throw reader.error("\(bytes.count - reader.offset) bytes after the signature")
        }
        guard signatureBytes.count == 32 else {
            throw MacaroonError(.invalidSignatureLength, "V2: the signature is \(signatureBytes.count) bytes, not 32")
        }
        return Macaroon(
            location: rootLocation, identifier: rootIdentifier, caveats: caveats, signature: SecretBytes(signatureBytes))
    }
}
