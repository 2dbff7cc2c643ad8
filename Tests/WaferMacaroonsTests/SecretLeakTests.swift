import Foundation
import Testing
import WaferCrypto
import WaferMacaroons

/// No macaroon, failure or error renders a root key or a caveat key, whatever goes wrong.
@Suite("No macaroon key in messages or descriptions")
struct MacaroonSecretLeakTests {
    /// Hex in either case, half the hex, and base64 of `secret`.
    static func forms(of secret: [UInt8]) -> [String] {
        let hex = Hex.encode(secret)
        return [hex, hex.uppercased(), String(hex.prefix(hex.count / 2)),
                Data(secret).base64EncodedString().replacingOccurrences(of: "=", with: "")]
    }

    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    @Test("macaroons, discharges, verification failures and errors hold neither the root key nor the caveat key")
    func macaroons() throws {
        let rootKey = SecretBytes(Array(0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) })
        let caveatKey = SecretBytes(Array(0..<32).map { UInt8(truncatingIfNeeded: $0 * 11 + 5) })
        let secrets = [rootKey.exportBytes(), caveatKey.exportBytes(), Macaroon.derivedKey(from: rootKey).exportBytes()]
        let macaroon = try Macaroon(rootKey: rootKey, identifier: "key-1", location: "svc")
            .addingFirstPartyCaveat("account = 1")
            .addingThirdPartyCaveat(location: "auth", caveatKey: caveatKey, identifier: "alice")
        let discharge = Macaroon(rootKey: caveatKey, identifier: "alice").addingFirstPartyCaveat("check if user(")
        var texts = Self.renderings(macaroon) + Self.renderings(discharge)
        for format in [MacaroonFormat.v1, .v2, .v2JSON] {
            texts.append(try macaroon.serializedString(format))
        }
        texts.append(macaroon.inspection)

        var verifier = Verifier()
        verifier.satisfyExact("account = 1")
        for (key, discharges) in [(rootKey, [macaroon.binding(discharge)]), (caveatKey, []), (rootKey, [discharge])] {
            let result = try verifier.verify(macaroon, rootKey: key, discharges: discharges)
            #expect(!result.isAuthorized)
            texts += Self.renderings(result)
        }
        var errors: [MacaroonError] = []
        let serialized = try macaroon.serialized(.v2)
        for cut in [1, serialized.count / 2, serialized.count - 1] {
            do { _ = try Macaroon(deserializing: serialized.prefix(cut)) } catch { errors.append(error) }
        }
        do { try verifier.addFact("operation(") } catch { errors.append(error) }
        #expect(errors.count == 4)
        texts += errors.flatMap { [$0.message] + Self.renderings($0) }
        for secret in secrets {
            for text in texts {
                for form in Self.forms(of: secret) {
                    #expect(!text.contains(form), "leaks a key: \(text)")
                }
            }
        }
    }
}
