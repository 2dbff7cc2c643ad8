import Foundation
import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// No error message, `description`, `debugDescription` or `dump` of a key, a token or an error holds a private
/// key, whatever goes wrong. The secret is looked for in every form a careless message could print it: hex in
/// either case, and base64.
@Suite("No secret in messages or descriptions")
struct SecretLeakTests {
    /// The forms of `secret` a leak could take.
    static func forms(of secret: [UInt8]) -> [String] {
        let hex = Hex.encode(secret)
        let base64 = Data(secret).base64EncodedString()
        let base64URL = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        // Half the hex is enough to matter, and catches a message that quotes a prefix of the key.
        return [hex, hex.uppercased(), String(hex.prefix(hex.count / 2)), base64.replacingOccurrences(of: "=", with: ""),
                base64URL.replacingOccurrences(of: "=", with: "")]
    }

    /// Every way the text of `value` can reach a log.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    static func expectNoLeak(_ texts: [String], of secret: [UInt8], _ context: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for text in texts {
            for form in forms(of: secret) {
                #expect(!text.contains(form), "\(context) leaks the secret: \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("keys: descriptions and dumps of signing keys and their secrets", arguments: [SignatureAlgorithm.ed25519, .secp256r1])
    func keys(algorithm: SignatureAlgorithm) throws {
        let key = SigningKey(algorithm: algorithm)
        let secret = key.exportSecret().exportBytes()
        Self.expectNoLeak(Self.renderings(key), of: secret, "SigningKey")
        Self.expectNoLeak(Self.renderings(key.exportSecret()), of: secret, "SecretBytes")
        Self.expectNoLeak(Self.renderings(key.publicKey), of: secret, "PublicKey")
    }

    @Test("malformed private-key text and PEM: no error quotes the key", arguments: [SignatureAlgorithm.ed25519, .secp256r1])
    func malformedKeyText(algorithm: SignatureAlgorithm) throws {
        let key = SigningKey(algorithm: algorithm)
        let secret = key.exportSecret().exportBytes()
        let text = key.exportText()
        let hex = Hex.encode(secret)
        let pem = key.exportPEM()
        let broken: [String] = [
            text + "0",  // odd length
            text + "zz",  // not hex
            String(text.dropLast(2)),  // a byte short
            text.replacingOccurrences(of: "-private/", with: "/"),  // a public prefix on a private key
            text.replacingOccurrences(of: "\(algorithm)-private/", with: "rsa-private/"),
            "\(algorithm)-private/" + hex + hex,  // twice too long
            "\(algorithm)-private/ " + hex,
            hex,  // no prefix at all
            pem.replacingOccurrences(of: "PRIVATE KEY-----\n", with: "PRIVATE KEY-----\n!"),
            String(pem.dropLast(30)),
            pem.replacingOccurrences(of: "BEGIN", with: "BEGIN X"),
        ]
        for candidate in broken {
            var errors: [CryptoError] = []
            do { _ = try SigningKey(text: candidate) } catch { errors.append(error) }
            do { _ = try PublicKey(text: candidate) } catch { errors.append(error) }
            do { _ = try SigningKey(pem: candidate) } catch { errors.append(error) }
            #expect(!errors.isEmpty)
            Self.expectNoLeak(errors.flatMap { [$0.message] + Self.renderings($0) }, of: secret, "the error for \(candidate.prefix(12))…")
        }
    }

    @Test("tokens: a token minted with the key, its errors and its descriptions hold no root key")
    func tokens() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let secret = rootKey.exportSecret().exportBytes()
        let token = try Biscuit.make(rootKey: rootKey, code: #"user("alice"); check if operation("read");"#)
        Self.expectNoLeak(Self.renderings(token) + [token.base64URLEncoded], of: secret, "Biscuit")
        let unverified = try UnverifiedBiscuit(bytes: token.serializedBytes)
        Self.expectNoLeak(Self.renderings(unverified), of: secret, "UnverifiedBiscuit")

        var errors: [BiscuitError] = []
        do { _ = try unverified.verify(rootKey: SigningKey(algorithm: .ed25519).publicKey) } catch { errors.append(error) }
        do { _ = try Biscuit.make(rootKey: rootKey, code: "user(") } catch { errors.append(error) }
        do { _ = try Biscuit.make(rootKey: rootKey, code: "check if \(Hex.encode(secret));") } catch { errors.append(error) }
        var tampered = token.serializedBytes
        tampered[tampered.count / 2] ^= 0x01
        do { _ = try UnverifiedBiscuit(bytes: tampered).verify(rootKey: rootKey.publicKey) } catch { errors.append(error) }
        #expect(errors.count == 4)
        // The third error quotes the Datalog it was given, which held the hex: that is the caller's text, not a
        // key Wafer holds, so it is left out.
        errors.remove(at: 2)
        Self.expectNoLeak(errors.flatMap { [$0.message] + Self.renderings($0) }, of: secret, "a BiscuitError")

        let authorizer = try Authorizer(biscuit: token, code: "allow if true;")
        Self.expectNoLeak(Self.renderings(try authorizer.authorize()) + Self.renderings(authorizer), of: secret, "authorization")
    }

    @Test("third-party blocks: the third party's key appears in no request, block or error")
    func thirdParty() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let thirdParty = SigningKey(algorithm: .secp256r1)
        let secret = thirdParty.exportSecret().exportBytes()
        let token = try Biscuit.make(rootKey: rootKey, code: #"user("alice");"#)
        let request = try token.thirdPartyRequest()
        let block = try request.makeBlock(program: try Program(parsing: #"group("admin");"#), signingKey: thirdParty)
        Self.expectNoLeak(Self.renderings(request) + Self.renderings(block), of: secret, "third-party request and block")
        let appended = try token.appending(block)
        Self.expectNoLeak(Self.renderings(appended) + [appended.base64URLEncoded], of: secret, "the token with the block")
    }
}
