import Testing
import WaferCrypto

struct HMACVector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var key: String
    var data: String
    var mac: String
    var testDescription: String { name }
}

private struct HMACFile: Decodable { var vectors: [HMACVector] }
private let rfc4231 = (try? loadVectors(HMACFile.self, from: "rfc4231-hmac-sha256.json").vectors) ?? []

private struct SecretBoxFile: Decodable {
    struct Vector: Decodable { var key: String; var nonce: String; var message: String; var box: String }
    var vectors: [Vector]
}

@Suite("HMAC-SHA256 (RFC 4231)")
struct HMACTests {
    @Test("all seven test cases are present")
    func vectorsLoad() {
        #expect(rfc4231.count == 7)
        #expect(rfc4231.map { hex($0.key).count }.max() == 131)
    }

    @Test("codes match the RFC (case 5 compared on its first 128 bits)", arguments: rfc4231)
    func matchesRFC(vector: HMACVector) {
        let code = HMACSHA256.authenticationCode(for: hex(vector.data), using: hex(vector.key)).exportBytes()
        let expected = hex(vector.mac)
        #expect(Array(code.prefix(expected.count)) == expected)
        let secretKey = SecretBytes(hex(vector.key))
        #expect(HMACSHA256.authenticationCode(for: hex(vector.data), using: secretKey).exportBytes() == code)
        // A prepared key (pads hashed once) gives the same code, message after message.
        let prepared = HMACSHA256.PreparedKey(secretKey)
        #expect(prepared.authenticationCode(for: hex(vector.data)).exportBytes() == code)
        #expect(prepared.authenticationCode(for: hex(vector.data)).exportBytes() == code)
        #expect(prepared.authenticationCode(for: []) == HMACSHA256.authenticationCode(for: [], using: secretKey))
        if expected.count == HMACSHA256.byteCount {
            #expect(HMACSHA256.isValidAuthenticationCode(expected, for: hex(vector.data), using: secretKey))
            var wrong = expected
            wrong[31] ^= 1
            #expect(!HMACSHA256.isValidAuthenticationCode(wrong, for: hex(vector.data), using: secretKey))
            #expect(!HMACSHA256.isValidAuthenticationCode(expected.prefix(16), for: hex(vector.data), using: secretKey))
        }
    }

    @Test("an empty key and an empty message are fine")
    func emptyInputs() {
        // HMAC-SHA256("", "") is a fixed, well-known value.
        let code = HMACSHA256.authenticationCode(for: [], using: [UInt8]()).exportBytes()
        #expect(Hex.encode(code) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("advance(_:with:) is HMAC(key, message) in place, and leaves the key's copies as they were")
    func advanceInPlace() {
        let start = HMACSHA256.authenticationCode(for: Array("identifier".utf8), using: SecretBytes(Array("root".utf8)))
        var chain = start
        let kept = chain
        let expected = HMACSHA256.authenticationCode(for: Array("caveat".utf8), using: start)
        HMACSHA256.advance(&chain, with: Array("caveat".utf8))
        #expect(chain == expected)
        #expect(kept == start)
        #expect(kept != chain)

        // Uniquely held: the next steps reuse the buffer and still give the chain's values.
        let next = HMACSHA256.authenticationCode(for: [], using: expected)
        HMACSHA256.advance(&chain, with: [])
        #expect(chain == next)

        // A key that is not 32 bytes long gets a new 32-byte code.
        var short = SecretBytes(Array("k".utf8))
        HMACSHA256.advance(&short, with: Array("m".utf8))
        #expect(short == HMACSHA256.authenticationCode(for: Array("m".utf8), using: SecretBytes(Array("k".utf8))))
        #expect(short.count == 32)
    }
}

@Suite("secretbox (XSalsa20-Poly1305)")
struct SecretBoxTests {
    private let vector: SecretBoxFile.Vector

    init() throws {
        vector = try #require(try loadVectors(SecretBoxFile.self, from: "nacl-secretbox.json").vectors.first)
    }

    @Test("the NaCl known answer: seal gives the published box, open gives the message back")
    func knownAnswer() throws {
        let key = SecretBytes(hex(vector.key))
        let box = try SecretBox.seal(hex(vector.message), nonce: hex(vector.nonce), key: key)
        #expect(box == hex(vector.box))
        let opened = try SecretBox.open(box, nonce: hex(vector.nonce), key: key)
        #expect(opened.exportBytes() == hex(vector.message))
    }

    @Test("an altered box, another key or another nonce do not open")
    func rejectsTampering() throws {
        let key = SecretBytes(hex(vector.key))
        var altered = hex(vector.box)
        altered[20] ^= 0x01
        for (box, nonce, openingKey) in [
            (altered, hex(vector.nonce), key),
            (hex(vector.box), [UInt8](repeating: 0, count: 24), key),
            (hex(vector.box), hex(vector.nonce), SecretBytes.random(count: 32)),
            (Array(hex(vector.box).prefix(15)), hex(vector.nonce), key),
        ] {
            let error = #expect(throws: CryptoError.self) { try SecretBox.open(box, nonce: nonce, key: openingKey) }
            #expect(error?.code == .decryptionFailed)
        }
    }

    @Test("wrong key and nonce sizes are typed errors")
    func rejectsSizes() {
        let shortNonce = #expect(throws: CryptoError.self) {
            try SecretBox.seal([1], nonce: [UInt8](repeating: 0, count: 12), key: SecretBytes.random(count: 32))
        }
        #expect(shortNonce?.code == .invalidNonceLength)
        let shortKey = #expect(throws: CryptoError.self) {
            try SecretBox.seal([1], nonce: [UInt8](repeating: 0, count: 24), key: SecretBytes.random(count: 16))
        }
        #expect(shortKey?.code == .invalidKeyLength)
    }

    @Test("an empty message seals to its tag alone and opens")
    func emptyMessage() throws {
        let key = SecretBytes.random(count: 32)
        let nonce = SecureRandom.bytes(count: 24)
        let box = try SecretBox.seal([UInt8](), nonce: nonce, key: key)
        #expect(box.count == SecretBox.tagByteCount)
        #expect(try SecretBox.open(box, nonce: nonce, key: key).count == 0)
    }
}

@Suite("SecretBytes, constant-time comparison, randomness, hex")
struct UtilityTests {
    @Test("description and debugDescription are redacted")
    func redacted() {
        let secret = SecretBytes(Array("hunter2-hunter2".utf8))
        #expect(secret.description == "SecretBytes(<redacted>, 15 bytes)")
        #expect(!"\(secret)".contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
    }

    @Test("equality compares content, and lengths must match")
    func equality() {
        #expect(SecretBytes([1, 2, 3]) == SecretBytes([1, 2, 3]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2, 4]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2]))
        #expect(SecretBytes([UInt8]()) == SecretBytes([UInt8]()))
        #expect(ConstantTime.isEqual([9, 8], [9, 8]))
        #expect(!ConstantTime.isEqual([9, 8], [9, 7]))
        #expect(!ConstantTime.isEqual([9, 8], [9]))
    }

    @Test("random bytes have the asked size and are not all alike")
    func randomness() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        let samples = (0..<4).map { _ in SecureRandom.bytes(count: 32) }
        #expect(Set(samples).count == 4)
        #expect(SecretBytes.random(count: 32) != SecretBytes.random(count: 32))
    }

    @Test("hex encodes lower-case and decodes either case")
    func hexRoundTrip() throws {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(try Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(try Hex.decodeSecret("0aff").exportBytes() == [0x0a, 0xff])
        let error = #expect(throws: CryptoError.self) { try Hex.decode("0g") }
        #expect(error?.message.contains("'g' at offset 1") == true)
        let control = #expect(throws: CryptoError.self) { try Hex.decode("0\n") }
        #expect(control?.message.contains("byte 0x0a") == true)
    }
}
