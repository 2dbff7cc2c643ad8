import Testing
import WaferCrypto
import WaferMacaroons

@Suite("A 65,536-byte caveat")
struct HugeCaveatTests {
    private let rootKey = SecretBytes(Array("this is the key".utf8))

    @Test("V2 carries it; the default read limit refuses it with fieldTooLong; a larger limit reads it back")
    func v2() throws {
        let big = String(repeating: "a", count: 65_536)
        let macaroon = Macaroon(rootKey: rootKey, identifier: "id").addingFirstPartyCaveat(big)
        for format in [MacaroonFormat.v2, .v2JSON] {
            let bytes = try macaroon.serialized(format)
            let error = #expect(throws: MacaroonError.self) { try Macaroon(deserializing: bytes) }
            #expect(error?.code == .fieldTooLong, "\(format)")
            let roomy = MacaroonLimits(maxFieldLength: 70_000)
            #expect(try Macaroon(deserializing: bytes, limits: roomy) == macaroon, "\(format)")
        }
    }

    @Test("V1's 4-hex-digit packet length cannot hold it: serializing is an error, not a crash or a corrupt token")
    func v1() {
        let macaroon = Macaroon(rootKey: rootKey, identifier: "id").addingFirstPartyCaveat(String(repeating: "a", count: 65_536))
        #expect(throws: MacaroonError.self) { try macaroon.serialized(.v1) }
    }
}
