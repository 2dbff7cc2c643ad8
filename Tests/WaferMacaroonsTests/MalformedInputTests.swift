import Testing
import WaferCrypto
@testable import WaferMacaroons

@Suite("Malformed input and limits")
struct MalformedInputTests {
    static let sample: Macaroon = {
        let base = Macaroon(rootKey: secret("k"), identifier: "id", location: "loc").addingFirstPartyCaveat("a = b")
        return (try? base.addingThirdPartyCaveat(
            location: "tp", caveatKey: secret("c"), identifier: "cid", nonceSource: .fixed([UInt8](repeating: 1, count: 24)))) ?? base
    }()

    @Test("every proper prefix of a serialized macaroon is an error, never a crash", arguments: [MacaroonFormat.v1, .v2, .v2JSON])
    func truncations(format: MacaroonFormat) throws {
        #expect(Self.sample.caveats.count == 2)
        let full = try Self.sample.serialized(format)
        #expect(try Macaroon(deserializing: full) == Self.sample)
        for length in 0..<full.count {
            let prefix = Array(full.prefix(length))
            // A base64 V1 prefix may still decode to whole packets only if it ends at a packet boundary before
            // the signature, which is itself an error; so every prefix must throw.
            #expect(throws: MacaroonError.self, "prefix of \(length) bytes") { try Macaroon(deserializing: prefix) }
        }
    }

    @Test("single-byte corruptions decode to an error or to some macaroon, never crash", arguments: [MacaroonFormat.v1, .v2, .v2JSON])
    func corruptions(format: MacaroonFormat) throws {
        let full = try Self.sample.serialized(format)
        var errors = 0
        for index in full.indices {
            for replacement: UInt8 in [0x00, 0x02, 0x7F, 0xFF, full[index] ^ 0x01] {
                var corrupted = full
                corrupted[index] = replacement
                do {
                    _ = try Macaroon(deserializing: corrupted)
                } catch {
                    errors += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(errors > 0)
    }

    @Test("V2 structure violations are rejected with their offset")
    func v2Violations() throws {
        let good = try Self.sample.serialized(.v2)
        #expect(throws: MacaroonError.self, "trailing bytes") { try Macaroon(deserializing: good + [0]) }
        // Identifier before location in the header: 02 | 02 02 "id" | 01 03 "loc" | 00 …
        let swapped: [UInt8] = [0x02, 0x02, 0x02] + bytes("id") + [0x01, 0x03] + bytes("loc") + [0x00, 0x00, 0x06, 0x20] + [UInt8](repeating: 0, count: 32)
        let error = try #require(throws: MacaroonError.self) { try Macaroon(deserializing: swapped) }
        #expect(error.code == .malformedV2)
        #expect(error.message.contains("offset 5"))
        // A location on a first-party caveat.
        let located: [UInt8] = [0x02, 0x02, 0x02] + bytes("id") + [0x00, 0x01, 0x01, 0x6C, 0x02, 0x01, 0x61, 0x00, 0x00, 0x06, 0x20] + [UInt8](repeating: 0, count: 32)
        #expect(throws: MacaroonError.self) { try Macaroon(deserializing: located) }
        // A 31-byte signature.
        let short: [UInt8] = [0x02, 0x02, 0x02] + bytes("id") + [0x00, 0x00, 0x06, 0x1F] + [UInt8](repeating: 0, count: 31)
        #expect((try? Macaroon(deserializing: short)) == nil)
        #expect(throws: MacaroonError(.invalidSignatureLength, "V2: the signature is 31 bytes, not 32")) { try Macaroon(deserializing: short) }
        // A huge varint length.
        let huge: [UInt8] = [0x02, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        #expect(throws: MacaroonError.self) { try Macaroon(deserializing: huge) }
        // A 200-byte caveat: a two-byte varint.
        let long = Macaroon(rootKey: secret("k"), identifier: "id").addingFirstPartyCaveat(String(repeating: "x", count: 200))
        #expect(Hex.encode(try long.serialized(.v2)).contains("0002c801"))
    }

    @Test("V1 structure violations are rejected")
    func v1Violations() throws {
        func v1(_ packets: [(String, [UInt8])]) throws -> String {
            Base64.encode(try packets.flatMap { try V1Codec.packet($0.0, $0.1) })
        }
        let sig = [UInt8](repeating: 0, count: 32)
        #expect(try Macaroon(deserializing: try v1([("location", bytes("l")), ("identifier", bytes("i")), ("signature", sig)])).identifierString == "i")
        #expect(throws: MacaroonError.self, "identifier first then location") {
            try Macaroon(deserializing: try v1([("identifier", bytes("i")), ("location", bytes("l")), ("signature", sig)]))
        }
        #expect(throws: MacaroonError.self, "packet after signature") {
            try Macaroon(deserializing: try v1([("identifier", bytes("i")), ("signature", sig), ("cid", bytes("x"))]))
        }
        #expect(throws: MacaroonError.self, "unknown key") {
            try Macaroon(deserializing: try v1([("identifier", bytes("i")), ("foo", bytes("x")), ("signature", sig)]))
        }
        #expect(throws: MacaroonError.self, "a location on a first-party caveat") {
            try Macaroon(deserializing: try v1([("identifier", bytes("i")), ("cid", bytes("x")), ("cl", bytes("l")), ("signature", sig)]))
        }
        #expect(throws: MacaroonError.self, "short signature") {
            try Macaroon(deserializing: try v1([("identifier", bytes("i")), ("signature", [1, 2])]))
        }
        // pymacaroons: a 65526-byte caveat fits a V1 packet, 65527 does not.
        let base = Macaroon(rootKey: secret("k"), identifier: "id")
        #expect(throws: Never.self) { try base.addingFirstPartyCaveat([UInt8](repeating: 0x61, count: 65526)).serialized(.v1) }
        #expect(throws: MacaroonError.self) { try base.addingFirstPartyCaveat([UInt8](repeating: 0x61, count: 65527)).serialized(.v1) }
    }

    @Test("JSON: duplicates, unknown fields, wrong types, bad version and depth are rejected")
    func jsonViolations() throws {
        let s64 = Base64.encode([UInt8](repeating: 0, count: 32))
        let valid = #"{"i":"x","s64":"\#(s64)"}"#
        #expect(try Macaroon(deserializing: valid).identifierString == "x")
        let bad = [
            #"{"i":"x","i":"y","s64":"\#(s64)"}"#,
            #"{"i":"x","s64":"\#(s64)","z":1}"#,
            #"{"i":1,"s64":"\#(s64)"}"#,
            #"{"v":3,"i":"x","s64":"\#(s64)"}"#,
            #"{"i":"x","s64":"\#(s64)","c":{}}"#,
            #"{"i":"x","s64":"\#(s64)","c":[{"i":"a","l":"b","l64":"Yg"}]}"#,
            #"{"i":"x","s64":"\#(s64)","c":[[[[[[[[[[]]]]]]]]]]}"#,
            #"{"i":"x","s64":"\#(s64)"} trailing"#,
            #"{"i":"x\u12"}"#,
            #"{"i64":"!!","s64":"\#(s64)"}"#,
            #"{"i":"x","s64":"\#(s64)","c":[{"i":"a","l":"b"}]}"#,
            #"{"identifier":"x","signature":"00"}"#,
            #"{"identifier":"x","signature":"zz"}"#,
        ]
        for text in bad {
            #expect(throws: MacaroonError.self, "\(text)") { try Macaroon(deserializing: text) }
        }
    }

    @Test("limits: caveat count, field length and input size")
    func limits() throws {
        var m = Macaroon(rootKey: secret("k"), identifier: "id")
        for index in 0..<5 { m = m.addingFirstPartyCaveat("c\(index)") }
        let tight = MacaroonLimits(maxInputSize: 10_000, maxCaveats: 4, maxFieldLength: 100)
        for format in [MacaroonFormat.v1, .v2, .v2JSON] {
            let error = try #require(throws: MacaroonError.self) { try Macaroon(deserializing: try m.serialized(format), limits: tight) }
            #expect(error.code == .tooManyCaveats, "\(format)")
        }
        let long = Macaroon(rootKey: secret("k"), identifier: String(repeating: "i", count: 101))
        let longCaveat = Macaroon(rootKey: secret("k"), identifier: "id").addingFirstPartyCaveat(String(repeating: "c", count: 101))
        for macaroon in [long, longCaveat] {
            for format in [MacaroonFormat.v1, .v2, .v2JSON] {
                let error = try #require(throws: MacaroonError.self) { try Macaroon(deserializing: try macaroon.serialized(format), limits: tight) }
                #expect(error.code == .fieldTooLong, "\(format)")
            }
        }
        let error = try #require(throws: MacaroonError.self) {
            try Macaroon(deserializing: [UInt8](repeating: 0x41, count: 10_001), limits: tight)
        }
        #expect(error.code == .inputTooLarge)
        #expect(throws: MacaroonError.self) { try Macaroon(deserializing: "") }
        #expect(throws: MacaroonError.self) { try Macaroon(deserializing: "%%%") }
        #expect(throws: MacaroonError.self) { try Macaroon(deserializing: "AAAA") }
    }

    @Test("base64: both alphabets, with or without padding")
    func base64() throws {
        for length in 0..<8 {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 97 + 251) }
            for urlSafe in [true, false] {
                for padded in [true, false] {
                    let text = Base64.encode(data, urlSafe: urlSafe, padded: padded)
                    #expect(try Base64.decode(Array(text.utf8), what: "t") == data)
                    #expect(try base64Decode(text) == data)
                }
            }
        }
        #expect(throws: MacaroonError.self) { try Base64.decode(Array("AB=C".utf8), what: "t") }
        #expect(throws: MacaroonError.self) { try Base64.decode(Array("A".utf8), what: "t") }
    }
}
