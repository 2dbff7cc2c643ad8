import Testing
import WaferCrypto

@Suite("Key text forms and PEM")
struct KeyTextTests {
    @Test("private and public text forms round-trip for both algorithms", arguments: SignatureAlgorithm.allCases)
    func textRoundTrip(algorithm: SignatureAlgorithm) throws {
        let key = SigningKey(algorithm: algorithm)
        let text = key.exportText()
        #expect(text.hasPrefix("\(algorithm)-private/"))
        #expect(text.count == "\(algorithm)-private/".count + 64)
        let restored = try SigningKey(text: "  \(text)\n")
        #expect(restored.publicKey == key.publicKey)

        let publicText = key.publicKey.description
        #expect(publicText.hasPrefix("\(algorithm)/"))
        #expect(try PublicKey(text: publicText + "\n") == key.publicKey)
        #expect(key.publicKey.rawRepresentation.count == (algorithm == .ed25519 ? 32 : 33))
    }

    @Test("the known Biscuit sample root key reads from its text form")
    func readsSampleRootKey() throws {
        // samples.json of the Biscuit specification: root_private_key / root_public_key.
        let key = try SigningKey(text: "ed25519-private/99e87b0e9158531eeeb503ff15266e2b23c2a2507b138c9d1b1f2ab458df2d61")
        #expect(key.publicKey.description == "ed25519/1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284")
    }

    @Test("PEM round-trips for both algorithms, private and public", arguments: SignatureAlgorithm.allCases)
    func pemRoundTrip(algorithm: SignatureAlgorithm) throws {
        let key = SigningKey(algorithm: algorithm)
        let pem = key.exportPEM()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try SigningKey(pem: pem).publicKey == key.publicKey)
        #expect(try SigningKey(text: pem).publicKey == key.publicKey)
        let publicPEM = key.publicKey.pemRepresentation
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try PublicKey(pem: publicPEM) == key.publicKey)
        #expect(try PublicKey(text: publicPEM) == key.publicKey)
    }

    private struct Expected: Decodable {
        struct Ed: Decodable { var privateSeed: String; var publicKey: String; var signature: String }
        struct P: Decodable { var privateScalar: String; var compressedPublicKey: String; var derSignature: String }
        var message: String
        var ed25519: Ed
        var p256: P
    }

    @Test("keys and signatures made by OpenSSL load and verify")
    func openSSLInterop() throws {
        let expected = try loadVectors(Expected.self, from: "pem/expected.json")
        let message = hex(expected.message)

        let ed = try SigningKey(pem: try vectorText(named: "pem/ed25519-private.pem"))
        #expect(ed.exportSecret().exportBytes() == hex(expected.ed25519.privateSeed))
        #expect(ed.publicKey.rawRepresentation == hex(expected.ed25519.publicKey))
        let edPublic = try PublicKey(pem: try vectorText(named: "pem/ed25519-public.pem"))
        #expect(edPublic == ed.publicKey)
        #expect(edPublic.isValidSignature(hex(expected.ed25519.signature), for: message))
        // Our PEM is byte for byte what OpenSSL wrote.
        #expect(ed.exportPEM() == (try vectorText(named: "pem/ed25519-private.pem")))
        #expect(edPublic.pemRepresentation == (try vectorText(named: "pem/ed25519-public.pem")))

        for name in ["pem/p256-private-pkcs8.pem", "pem/p256-private-sec1.pem"] {
            let p = try SigningKey(pem: try vectorText(named: name))
            #expect(p.algorithm == .secp256r1)
            #expect(p.exportSecret().exportBytes() == hex(expected.p256.privateScalar))
            #expect(p.publicKey.rawRepresentation == hex(expected.p256.compressedPublicKey))
        }
        let pPublic = try PublicKey(pem: try vectorText(named: "pem/p256-public.pem"))
        #expect(pPublic.rawRepresentation == hex(expected.p256.compressedPublicKey))
        #expect(pPublic.isValidSignature(hex(expected.p256.derSignature), for: message))
        #expect(!pPublic.isValidSignature(hex(expected.p256.derSignature), for: message + [1]))
    }

    @Test("keys of other algorithms are refused with unsupportedAlgorithm", arguments: ["pem/p384-private.pem", "pem/ed448-private.pem"])
    func rejectsOtherAlgorithms(file: String) throws {
        let pem = try vectorText(named: file)
        let error = #expect(throws: CryptoError.self) { try SigningKey(pem: pem) }
        #expect(error?.code == .unsupportedAlgorithm)
    }

    @Test(
        "malformed key text is a typed error with a helpful message",
        arguments: [
            ("", CryptoError.Code.invalidKeyText, "empty"),
            ("1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284", .invalidKeyText, "no algorithm prefix"),
            ("rsa/00", .invalidKeyText, "unknown key algorithm 'rsa'"),
            ("ed25519/zz55c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284", .invalidHex, "'z' at offset 0"),
            ("ed25519/123", .invalidHex, "odd number"),
            ("ed25519/1055c750", .invalidKeyLength, "32 bytes, not 4"),
            ("ed25519-private/99e87b0e9158531eeeb503ff15266e2b23c2a2507b138c9d1b1f2ab458df2d61", .invalidKeyText, "private key"),
        ] as [(String, CryptoError.Code, String)])
    func rejectsBadPublicText(text: String, code: CryptoError.Code, fragment: String) {
        let error = #expect(throws: CryptoError.self) { try PublicKey(text: text) }
        #expect(error?.code == code)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("private key errors never quote the secret")
    func privateErrorsAreRedacted() {
        let secret = "99e87b0e9158531eeeb503ff15266e2b23c2a2507b138c9d1b1f2ab458df2d6x"
        let error = #expect(throws: CryptoError.self) { try SigningKey(text: "ed25519-private/\(secret)") }
        #expect(error?.code == .invalidHex)
        #expect(error?.message.contains("99e87b0e") == false)
        let wrongKind = #expect(throws: CryptoError.self) { try SigningKey(text: "ed25519/1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284") }
        #expect(wrongKind?.code == .invalidKeyText)
        #expect(!SigningKey(algorithm: .ed25519).description.contains("private/"))
    }

    @Test(
        "malformed PEM is a typed error",
        arguments: [
            "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIIEXMzNSw5P+/AcVeHNHv/MRWtqhLut2JLaXr7Ol\n-----END PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----\nMC4CAQAwBQYDK2VwBCIEIIEXMzNSw5P+/AcVeHNHv/MRWtqhLut2JLaXr7OlAEDt\n-----END CERTIFICATE-----",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIIEXMzNSw5P+/AcVeHNHv/MRWtqhLut2JLaXr7OlAEDt\n",
        ])
    func rejectsMalformedPEM(pem: String) {
        let error = #expect(throws: CryptoError.self) { try SigningKey(pem: pem) }
        #expect(error?.code == .invalidPEM)
    }
}
