import Testing
import WaferCrypto
@testable import WaferMacaroons

@Suite("Constructions against pymacaroons' deterministic vectors")
struct ConstructionTests {
    /// Rebuilds a case from its keys, identifiers, caveats and nonce.
    struct Built {
        var macaroon: Macaroon
        var chain: [String]
        var discharge: Macaroon?
        var dischargeChain: [String]
        var sigBefore3P: String?
    }

    static func build(_ vector: [String: Any]) throws -> Built {
        let rootKey = SecretBytes(try hex(try #require(vector["root_key_hex"] as? String)))
        let identifier = try hex(try #require(vector["identifier_hex"] as? String))
        let location = bytes(try #require(vector["location"] as? String))
        var macaroon = Macaroon(rootKey: rootKey, identifier: identifier, location: location)
        var chain = [hex(macaroon.signature)]
        for predicate in try #require(vector["first_party_caveats"] as? [String]) {
            macaroon = macaroon.addingFirstPartyCaveat(predicate)
            chain.append(hex(macaroon.signature))
        }
        var discharge: Macaroon?
        var dischargeChain: [String] = []
        var sigBefore: String?
        if let third = vector["third_party_caveat"] as? [String: Any] {
            sigBefore = hex(macaroon.signature)
            let caveatKey = SecretBytes(try hex(try #require(third["caveat_root_key_hex"] as? String)))
            let caveatID = try hex(try #require(third["caveat_id_hex"] as? String))
            let caveatLocation = bytes(try #require(third["location"] as? String))
            let nonce = try hex(try #require(third["nonce_hex"] as? String))
            macaroon = try macaroon.addingThirdPartyCaveat(
                location: caveatLocation, caveatKey: caveatKey, identifier: caveatID, nonceSource: .fixed(nonce))
            chain.append(hex(macaroon.signature))
            let dischargeVector = try #require(vector["discharge"] as? [String: Any])
            var d = Macaroon(rootKey: caveatKey, identifier: caveatID, location: caveatLocation)
            dischargeChain.append(hex(d.signature))
            for predicate in try #require(dischargeVector["first_party_caveats"] as? [String]) {
                d = d.addingFirstPartyCaveat(predicate)
                dischargeChain.append(hex(d.signature))
            }
            discharge = d
        }
        return Built(macaroon: macaroon, chain: chain, discharge: discharge, dischargeChain: dischargeChain, sigBefore3P: sigBefore)
    }

    @Test("key derivation, signature chain, vid, discharge and bound signature", arguments: Vectors.deterministicCaseNames)
    func constructions(name: String) throws {
        let vector = try Vectors.deterministicCase(name)
        let rootKey = SecretBytes(try hex(try #require(vector["root_key_hex"] as? String)))
        #expect(hex(Macaroon.derivedKey(from: rootKey)) == vector["derived_root_key_hex"] as? String)
        let built = try Self.build(vector)
        #expect(built.chain == vector["signature_chain_hex"] as? [String])
        #expect(hex(built.macaroon.signature) == vector["signature_hex"] as? String)
        if let third = vector["third_party_caveat"] as? [String: Any], let dischargeVector = vector["discharge"] as? [String: Any] {
            let caveatKey = SecretBytes(try hex(try #require(third["caveat_root_key_hex"] as? String)))
            #expect(hex(Macaroon.derivedKey(from: caveatKey)) == third["derived_caveat_key_hex"] as? String)
            #expect(built.sigBefore3P == third["sig_before_hex"] as? String)
            let caveat = try #require(built.macaroon.caveats.last)
            #expect(caveat.isThirdParty)
            #expect(Hex.encode(caveat.verificationID) == third["vid_hex"] as? String)
            #expect(built.dischargeChain == dischargeVector["signature_chain_hex"] as? [String])
            let bound = built.macaroon.binding(try #require(built.discharge))
            #expect(hex(bound.signature) == dischargeVector["bound_signature_hex"] as? String)
        }
    }

    @Test("the README values of libmacaroons")
    func readme() throws {
        let key = secret("this is our super secret key; only we should know it")
        let m = Macaroon(rootKey: key, identifier: "we used our secret key", location: "http://mybank/")
        #expect(hex(m.signature) == "e3d9e02908526c4c0039ae15114115d97fdd68bf2ba379b342aaf0f617d0552f")
        #expect(m.locationString == "http://mybank/")
        #expect(m.identifierString == "we used our secret key")
        let attenuated = m.addingFirstPartyCaveat("account = 3735928559")
        #expect(hex(attenuated.signature) == "1efe4763f290dbce0c1d08477367e11f4eee456a64933cf662d79772dbb82128")
        #expect(m.caveats.isEmpty, "adding a caveat leaves the original unchanged")
    }

    @Test("pymacaroons functional signatures, 3P vid and prepare_for_request")
    func pymacaroonsFunctional() throws {
        let cases = try #require(try Vectors.extractedSet(3)["cases"] as? [[String: Any]])
        for vector in cases {
            var m = Macaroon(
                rootKey: secret(try #require(vector["root_key"] as? String)),
                identifier: try #require(vector["identifier"] as? String), location: try #require(vector["location"] as? String))
            for predicate in vector["first_party"] as? [String] ?? [] { m = m.addingFirstPartyCaveat(predicate) }
            var caveatKey: SecretBytes?
            var caveatID = ""
            if let third = vector["third_party"] as? [String: Any] {
                caveatKey = secret(try #require(third["caveat_key"] as? String))
                caveatID = try #require(third["caveat_id"] as? String)
                m = try m.addingThirdPartyCaveat(
                    location: try #require(third["location"] as? String), caveatKey: try #require(caveatKey), identifier: caveatID,
                    nonceSource: .fixed([UInt8](repeating: 0, count: 24)))
            }
            #expect(hex(m.signature) == vector["signature"] as? String)
            if let v1 = vector["v1_b64url"] as? String {
                #expect(try m.serializedString(.v1) == v1)
                #expect(try Macaroon(deserializing: v1) == m)
                #expect(try Macaroon(deserializing: v1 + "==") == m, "padding is accepted")
            }
            if let s64 = vector["v2_json_s64"] as? String {
                #expect(String(decoding: try m.serialized(.v2JSON), as: UTF8.self).contains("\"s64\":\"\(s64)\""))
            }
            if let vidStd = vector["vid_std_b64"] as? String {
                #expect(m.caveats.last?.verificationID == (try base64Decode(vidStd)))
            }
            if let dischargeVector = vector["discharge"] as? [String: Any] {
                let third = try #require(vector["third_party"] as? [String: Any])
                var d = Macaroon(
                    rootKey: try #require(caveatKey), identifier: caveatID,
                    location: try #require(third["location"] as? String))
                for predicate in dischargeVector["first_party"] as? [String] ?? [] { d = d.addingFirstPartyCaveat(predicate) }
                #expect(hex(m.prepareForRequest([d])[0].signature) == dischargeVector["bound_signature"] as? String)
            }
        }
    }

    @Test("a nonce source that does not give 24 bytes is an error, not a crash")
    func badNonce() throws {
        let m = Macaroon(rootKey: secret("k"), identifier: "id")
        #expect(throws: MacaroonError.self) {
            try m.addingThirdPartyCaveat(location: "l", caveatKey: secret("c"), identifier: "cid", nonceSource: .fixed([1, 2, 3]))
        }
        let random = try m.addingThirdPartyCaveat(location: "l", caveatKey: secret("c"), identifier: "cid")
        let again = try m.addingThirdPartyCaveat(location: "l", caveatKey: secret("c"), identifier: "cid")
        #expect(random.caveats[0].verificationID.count == 72)
        #expect(random.caveats[0].verificationID != again.caveats[0].verificationID, "secure random nonces differ")
    }

    @Test("the swift-macaroons bound discharge signature")
    func swiftPrepareForRequest() throws {
        let set = try Vectors.extractedSet(4)
        let strings = try #require(set["v1_b64url_strings"] as? [String])
        let root = try Macaroon(deserializing: strings[3])
        let discharge = try Macaroon(deserializing: strings[4])
        #expect(hex(root.binding(discharge).signature) == set["prepare_for_request_expected_bound_signature"] as? String)
        let v2 = try Macaroon(deserializing: try #require((set["v2_b64url_strings"] as? [String])?.first))
        #expect(v2.locationString == "steamoj.net")
        #expect(v2.identifierString == "authoji-1-96ae1f51ad4e9ee5")
        #expect(v2.caveats.map(\.identifierString) == ["query 17d8,1798", "expire 1591219474"])
        #expect(hex(v2.signature).hasPrefix("61af9a63"))
        #expect(throws: MacaroonError.self, "a truncated token") { try Macaroon(deserializing: strings[0]) }
        #expect(hex(try Macaroon(deserializing: strings[1]).signature).hasPrefix("1efe4763"))
        #expect(hex(try Macaroon(deserializing: strings[2]).signature).hasPrefix("e3d9e029"))
    }
}
