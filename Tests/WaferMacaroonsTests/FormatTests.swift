import Testing
import WaferCrypto
@testable import WaferMacaroons

@Suite("Formats: V1, V2, V2 JSON and V1 JSON")
struct FormatTests {
    @Test("pymacaroons encodings decode, and ours match byte for byte", arguments: Vectors.deterministicCaseNames)
    func deterministicEncodings(name: String) throws {
        let vector = try Vectors.deterministicCase(name)
        let built = try ConstructionTests.build(vector)
        let m = built.macaroon
        let version = try #require(vector["version"] as? Int)
        let serialized = try #require(vector["serialized_b64"] as? String)
        #expect(try Macaroon(deserializing: serialized) == m)
        #expect(try Macaroon.detectFormat(of: bytes(serialized)) == (version == 1 ? .v1 : .v2))
        let json = try #require(vector["serialized_json"] as? String)
        #expect(try Macaroon(deserializing: json) == m)
        #expect(try Macaroon.detectFormat(of: bytes(json)) == (version == 1 ? .v1JSON : .v2JSON))
        if version == 1 {
            #expect(try m.serializedString(.v1) == serialized)
            #expect(m.inspection == vector["inspect"] as? String)
        } else {
            #expect(Hex.encode(try m.serialized(.v2)) == vector["serialized_v2_hex_libmacaroons_rules"] as? String)
            // pymacaroons' own form (with an empty location field when the location is empty) is accepted too.
            let pyHex = try #require(vector["serialized_v2_hex"] as? String)
            #expect(try Macaroon(deserializing: try hex(pyHex)) == m)
            if vector["pymacaroons_v2_equals_libmacaroons_rules"] as? Bool == true {
                #expect(try m.serializedString(.v2) == serialized)
            }
        }
        // Our V2 JSON round-trips.
        #expect(try Macaroon(deserializing: try m.serialized(.v2JSON)) == m)
        if let dischargeVector = vector["discharge"] as? [String: Any], let discharge = built.discharge {
            let bound = m.binding(discharge)
            let unbound = try #require(dischargeVector["unbound_serialized_b64"] as? String)
            let boundText = try #require(dischargeVector["bound_serialized_b64"] as? String)
            #expect(try Macaroon(deserializing: unbound) == discharge)
            #expect(try Macaroon(deserializing: boundText) == bound)
            #expect(try Macaroon(deserializing: try #require(dischargeVector["bound_serialized_json"] as? String)) == bound)
            if version == 1 {
                #expect(try discharge.serializedString(.v1) == unbound)
                #expect(try bound.serializedString(.v1) == boundText)
            } else {
                #expect(Hex.encode(try bound.serialized(.v2)) == dischargeVector["bound_serialized_v2_hex"] as? String)
                #expect(try bound.serializedString(.v2) == boundText)
            }
        }
    }

    @Test("libmacaroons serialization files: v1, v2 and v2j read alike and are emitted byte for byte", arguments: [1, 2, 3])
    func libmacaroonsSerialization(number: Int) throws {
        let lines = try Vectors.text("libmacaroons/serialization_\(number)").split(separator: "\n")
        var forms: [String: [UInt8]] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            forms[String(parts[0])] = try base64Decode(String(parts[1]))
        }
        let v1 = try #require(forms["v1"])
        let v2 = try #require(forms["v2"])
        let v2j = try #require(forms["v2j"])
        let m = try Macaroon(deserializing: v1)
        #expect(try Macaroon(deserializing: v2) == m)
        #expect(try Macaroon(deserializing: v2j) == m)
        #expect(m.locationString == "http://example.org/")
        #expect(m.identifierString == "keyid")
        #expect(try m.serialized(.v1) == v1)
        #expect(try m.serialized(.v2) == v2)
        #expect(try m.serialized(.v2JSON) == v2j)
        var expected = Macaroon(rootKey: secret("this is the key"), identifier: "keyid", location: "http://example.org/")
        for caveat in m.caveats { expected = expected.addingFirstPartyCaveat(caveat.identifier) }
        #expect(expected == m)
    }

    @Test("go-macaroon's five encodings of the README third-party macaroon")
    func goEncodings() throws {
        let set = try Vectors.extractedSet(0)
        let encodings = try #require(set["encodings"] as? [[String: Any]])
        let reference = try Macaroon(rootKey: secret("this is a different super-secret key; never use the same secret twice"),
            identifier: "we used our other secret key", location: "http://mybank/")
            .addingFirstPartyCaveat("account = 3735928559")
            .addingThirdPartyCaveat(
                location: "http://auth.mybank/", caveatKey: secret("4; guaranteed random by a fair toss of the dice"),
                identifier: "this was how we remind auth of key/pred", nonceSource: .fixed([UInt8](repeating: 0, count: 24)))
        #expect(hex(reference.signature) == "d27db2fd1f22760e4c3dae8137e2d8fc1df6c0741c18aed4b97256bf78d1f55c")
        for encoding in encodings {
            if let json = encoding["json"] as? String {
                #expect(try Macaroon(deserializing: json) == reference, "\(encoding["about"] ?? "")")
            }
            if let v2 = encoding["v2_hex"] as? String {
                #expect(try Macaroon(deserializing: try hex(v2)) == reference)
                #expect(Hex.encode(try reference.serialized(.v2)) == v2)
            }
            if let std = encoding["json_string_std_b64"] as? String {
                #expect(try Macaroon(deserializing: std) == reference, "standard base64 with padding")
            }
        }
    }

    @Test("go-macaroon's negative JSON cases are rejected", arguments: 0..<6)
    func negativeJSON(index: Int) throws {
        let cases = try #require(try Vectors.extractedSet(1)["negative_json"] as? [[String: Any]])
        let json = try #require(cases[index]["json"] as? String)
        let error = try #require(throws: MacaroonError.self) { try Macaroon(deserializing: json) }
        let expected = try #require(cases[index]["expect_error"] as? String)
        if expected.contains("ambiguous") {
            #expect(error.code == .malformedJSON)
            #expect(error.message.contains("ambiguous"))
        } else {
            #expect(error.code == .invalidSignatureLength)
            #expect(error.message.contains(expected.split(separator: " ").last.map(String.init) ?? ""))
        }
    }

    @Test("go-generated macaroon and discharge in V1, V2 and JSON, and their verification")
    func goGenerated() throws {
        let set = try Vectors.extractedSet(2)
        let encodings = try #require(set["encodings"] as? [String: String])
        let m = try Macaroon(deserializing: try #require(encodings["binary_v1"]))
        let d = try Macaroon(deserializing: try #require(encodings["binary_v1_discharge"]))
        for key in ["json_v1", "json_v2", "binary_v2"] {
            #expect(try Macaroon(deserializing: try #require(encodings[key])) == m, "\(key)")
        }
        for key in ["json_v1_discharge", "json_v2_discharge", "binary_v2_discharge"] {
            #expect(try Macaroon(deserializing: try #require(encodings[key])) == d, "\(key)")
        }
        #expect(m.locationString == "my location")
        #expect(m.identifierString == "my identifier")
        var verifier = Verifier()
        verifier.satisfyExact("fp caveat")
        #expect(try verifier.verify(m, rootKey: secret("my secret key"), discharges: [d]) == .authorized)
        #expect(try verifier.verify(m, rootKey: secret("my secret key"), discharges: []).failure?.reason == .missingDischarge)
    }

    @Test("emission rules: empty location omitted in V2 and V2 JSON, always present in V1; non-UTF-8 as i64")
    func emission() throws {
        let m = Macaroon(rootKey: secret("k"), identifier: [0x00, 0xFF, 0x80], location: [])
            .addingFirstPartyCaveat("a = b")
        let v2 = try m.serialized(.v2)
        #expect(Array(v2.prefix(3)) == [0x02, 0x02, 0x03], "no location field")
        let json = String(decoding: try m.serialized(.v2JSON), as: UTF8.self)
        #expect(json == "{\"v\":2,\"i64\":\"AP-A\",\"c\":[{\"i\":\"a = b\"}],\"s64\":\"\(Base64.encode(m.signature.exportBytes()))\"}")
        let v1 = try base64Decode(try m.serializedString(.v1))
        #expect(Array(v1.prefix(14)) == bytes("000elocation \n"))
        for format in [MacaroonFormat.v1, .v2, .v2JSON] {
            #expect(try Macaroon(deserializing: try m.serialized(format)) == m, "\(format)")
        }
        let escaped = Macaroon(rootKey: secret("k"), identifier: "quote \" back \\ tab \t café", location: "l")
        let text = String(decoding: try escaped.serialized(.v2JSON), as: UTF8.self)
        #expect(text.contains(#""i":"quote \" back \\ tab \t café""#))
        #expect(try Macaroon(deserializing: text) == escaped)
        #expect(try Macaroon(deserializing: #"{"i":"caf\u00e9","s64":"\#(Base64.encode(escaped.signature.exportBytes()))"}"#).identifierString == "café")
    }
}
