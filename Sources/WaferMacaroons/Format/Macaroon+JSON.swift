import WaferCrypto

/// V2 JSON (`{"v":2,"l","i"|"i64","c":[…],"s64"}`) and, for reading, legacy V1 JSON.
enum JSONCodec {
    /// libmacaroons' emission: `v` as the number 2, `l` omitted when empty, `i` when the identifier is UTF-8
    /// (else `i64`), `c` always, caveats `{"i"|"i64", "v64", "l"}`, and `s64`; base64 is URL-safe without
    /// padding. Unlike libmacaroons, a verification identifier is always `v64` (libmacaroons writes the raw
    /// bytes, which is not valid JSON: libmacaroons issue #46).
    static func encodeV2(_ macaroon: Macaroon) -> [UInt8] {
        var members: [String] = ["\"v\":2"]
        if !macaroon.location.isEmpty { members.append(field("l", macaroon.location)) }
        members.append(field("i", macaroon.identifier))
        let caveats = macaroon.caveats.map { caveat -> String in
            var parts = [field("i", caveat.identifier)]
            if !caveat.verificationID.isEmpty { parts.append("\"v64\":" + JSONWriter.quoted(Base64.encode(caveat.verificationID))) }
            if !caveat.location.isEmpty { parts.append(field("l", caveat.location)) }
            return "{" + parts.joined(separator: ",") + "}"
        }
        members.append("\"c\":[" + caveats.joined(separator: ",") + "]")
        members.append("\"s64\":" + JSONWriter.quoted(Base64.encode(macaroon.signature.exportBytes())))
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }

    /// `"x":"text"` when the bytes are UTF-8, `"x64":"base64url"` otherwise.
    private static func field(_ name: String, _ bytes: [UInt8]) -> String {
        if let text = String(validatingUTF8Bytes: bytes) {
            return JSONWriter.quoted(name) + ":" + JSONWriter.quoted(text)
        }
        return JSONWriter.quoted(name + "64") + ":" + JSONWriter.quoted(Base64.encode(bytes))
    }

    /// Whether the object is legacy V1 JSON (it has an `identifier` member).
    static func isV1JSON(_ members: [(key: String, value: JSONValue)]) -> Bool {
        members.contains { $0.key == "identifier" }
    }

    static func decode(_ bytes: [UInt8], limits: MacaroonLimits) throws(MacaroonError) -> (Macaroon, MacaroonFormat) {
        guard case .object(let members) = try JSONValue.parse(bytes, maxDepth: limits.maxJSONDepth) else {
            throw MacaroonError(.malformedJSON, "JSON: a macaroon is an object")
        }
        if isV1JSON(members) { return (try decodeV1(members, limits: limits), .v1JSON) }
        return (try decodeV2(members, limits: limits), .v2JSON)
    }

    // MARK: - V2 JSON

    /// Reads the members of one object, rejecting unknown and repeated names.
    private static func table(
        _ members: [(key: String, value: JSONValue)], allowed: Set<String>, _ what: String
    ) throws(MacaroonError) -> [String: JSONValue] {
        var table: [String: JSONValue] = [:]
        for member in members {
            guard allowed.contains(member.key) else {
                throw MacaroonError(.malformedJSON, "JSON \(what): unknown field \"\(member.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard table.updateValue(member.value, forKey: member.key) == nil else {
                throw MacaroonError(.malformedJSON, "JSON \(what): the field \"\(member.key)\" appears twice")
            }
        }
        return table
    }

    /// A data field given as `x` (UTF-8 text) or `x64` (base64), never both.
    private static func data(
        _ table: [String: JSONValue], _ name: String, _ what: String, required: Bool
    ) throws(MacaroonError) -> [UInt8]? {
        let text = table[name]
        let encoded = table[name + "64"]
        if text != nil && encoded != nil {
            throw MacaroonError(.malformedJSON, "JSON \(what): ambiguous field encoding, both \"\(name)\" and \"\(name)64\" are present")
        }
        if let text {
            guard case .string(let value) = text else {
                throw MacaroonError(.malformedJSON, "JSON \(what): \"\(name)\" must be a string, not \(text.typeName)")
            }
            return Array(value.utf8)
        }
        if let encoded {
            guard case .string(let value) = encoded else {
                throw MacaroonError(.malformedJSON, "JSON \(what): \"\(name)64\" must be a string, not \(encoded.typeName)")
            }
            return try Base64.decode(Array(value.utf8), what: "JSON \(what) \"\(name)64\"")
        }
        guard !required else {
            throw MacaroonError(.malformedJSON, "JSON \(what): missing \"\(name)\" (or \"\(name)64\")")
        }
        return nil
    }

    private static func decodeV2(_ members: [(key: String, value: JSONValue)], limits: MacaroonLimits) throws(MacaroonError) -> Macaroon {
        let top = try table(members, allowed: ["v", "l", "l64", "i", "i64", "c", "s", "s64"], "macaroon")
        if let version = top["v"] {
            switch version {
            case .number("2"), .string("2"): break
            default: throw MacaroonError(.malformedJSON, "JSON macaroon: unsupported version \"v\" (expected 2)")
            }
        }
        let location = try data(top, "l", "macaroon location", required: false) ?? []
        let identifier = try data(top, "i", "macaroon identifier", required: true) ?? []
        let signature = try data(top, "s", "macaroon signature", required: true) ?? []
        try limits.checkField(location.count, "the location")
        try limits.checkField(identifier.count, "the identifier")
        guard signature.count == 32 else {
            throw MacaroonError(.invalidSignatureLength, "JSON macaroon: the signature has unexpected length \(signature.count), not 32")
        }
        var caveats: [Caveat] = []
        if let list = top["c"] {
            guard case .array(let items) = list else {
                throw MacaroonError(.malformedJSON, "JSON macaroon: \"c\" must be an array, not \(list.typeName)")
            }
            try limits.checkCaveatCount(items.count)
            for (index, item) in items.enumerated() {
                let what = "caveat \(index)"
                guard case .object(let caveatMembers) = item else {
                    throw MacaroonError(.malformedJSON, "JSON \(what): must be an object, not \(item.typeName)")
                }
                let fields = try table(caveatMembers, allowed: ["i", "i64", "l", "l64", "v", "v64"], what)
                let cid = try data(fields, "i", "\(what) identifier", required: true) ?? []
                let vid = try data(fields, "v", "\(what) verification identifier", required: false) ?? []
                let cl = try data(fields, "l", "\(what) location", required: false) ?? []
                try limits.checkField(cid.count, "the identifier of \(what)")
                try limits.checkField(vid.count, "the verification identifier of \(what)")
                try limits.checkField(cl.count, "the location of \(what)")
                guard cl.isEmpty || !vid.isEmpty else {
                    throw MacaroonError(.malformedJSON, "JSON \(what): a location without a verification identifier (a first-party caveat has no location)")
                }
                caveats.append(Caveat(identifier: cid, verificationID: vid, location: cl))
            }
        }
        return Macaroon(location: location, identifier: identifier, caveats: caveats, signature: SecretBytes(signature))
    }

    // MARK: - V1 JSON

    private static func string(_ table: [String: JSONValue], _ name: String, _ what: String, required: Bool) throws(MacaroonError) -> String? {
        guard let value = table[name] else {
            guard !required else { throw MacaroonError(.malformedJSON, "V1 JSON \(what): missing \"\(name)\"") }
            return nil
        }
        if case .null = value, !required { return nil }
        guard case .string(let text) = value else {
            throw MacaroonError(.malformedJSON, "V1 JSON \(what): \"\(name)\" must be a string, not \(value.typeName)")
        }
        return text
    }

    private static func decodeV1(_ members: [(key: String, value: JSONValue)], limits: MacaroonLimits) throws(MacaroonError) -> Macaroon {
        let top = try table(members, allowed: ["location", "identifier", "signature", "caveats"], "macaroon")
        let location = Array((try string(top, "location", "macaroon", required: false) ?? "").utf8)
        let identifier = Array((try string(top, "identifier", "macaroon", required: true) ?? "").utf8)
        let signatureHex = try string(top, "signature", "macaroon", required: true) ?? ""
        let signature: [UInt8]
        do {
            signature = try Hex.decode(signatureHex, what: "the V1 JSON signature")
        } catch {
            throw MacaroonError(.malformedJSON, "V1 JSON macaroon: \(error.message)")
        }
        guard signature.count == 32 else {
            throw MacaroonError(.invalidSignatureLength, "V1 JSON macaroon: the signature has unexpected length \(signature.count), not 32")
        }
        try limits.checkField(location.count, "the location")
        try limits.checkField(identifier.count, "the identifier")
        var caveats: [Caveat] = []
        if let list = top["caveats"] {
            guard case .array(let items) = list else {
                throw MacaroonError(.malformedJSON, "V1 JSON macaroon: \"caveats\" must be an array, not \(list.typeName)")
            }
            try limits.checkCaveatCount(items.count)
            for (index, item) in items.enumerated() {
                let what = "caveat \(index)"
                guard case .object(let caveatMembers) = item else {
                    throw MacaroonError(.malformedJSON, "V1 JSON \(what): must be an object, not \(item.typeName)")
                }
                let fields = try table(caveatMembers, allowed: ["cid", "vid", "cl"], what)
                let cid = Array((try string(fields, "cid", what, required: true) ?? "").utf8)
                let vidText = try string(fields, "vid", what, required: false) ?? ""
                let vid = try Base64.decode(Array(vidText.utf8), what: "V1 JSON \(what) \"vid\"")
                let cl = Array((try string(fields, "cl", what, required: false) ?? "").utf8)
                try limits.checkField(cid.count, "the identifier of \(what)")
                try limits.checkField(vid.count, "the verification identifier of \(what)")
                try limits.checkField(cl.count, "the location of \(what)")
                guard cl.isEmpty || !vid.isEmpty else {
                    throw MacaroonError(.malformedJSON, "V1 JSON \(what): a location without a verification identifier (a first-party caveat has no location)")
                }
                caveats.append(Caveat(identifier: cid, verificationID: vid, location: cl))
            }
        }
        return Macaroon(location: location, identifier: identifier, caveats: caveats, signature: SecretBytes(signature))
    }
}
