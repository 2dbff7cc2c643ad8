import Testing
import WaferCrypto

struct Ed25519Vector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var secretKey: String
    var publicKey: String
    var message: String
    var signature: String
    var testDescription: String { name }
}

private struct Ed25519File: Decodable {
    var vectors: [Ed25519Vector]
}

private let rfc8032 = (try? loadVectors(Ed25519File.self, from: "rfc8032-ed25519.json").vectors) ?? []

@Suite("Ed25519 (RFC 8032)")
struct Ed25519Tests {
    @Test("the vector file has the four RFC 8032 tests")
    func vectorsLoad() {
        #expect(rfc8032.map(\.name) == ["TEST 1", "TEST 2", "TEST 3", "TEST 1024"])
        #expect(rfc8032.last.map { hex($0.message).count } == 1023)
    }

    @Test("seed → public key and deterministic signature", arguments: rfc8032)
    func signsAsPublished(vector: Ed25519Vector) throws {
        let key = try Ed25519.PrivateKey(seed: hex(vector.secretKey))
        #expect(key.publicKey.rawRepresentation == hex(vector.publicKey))
        let signature = key.signature(for: hex(vector.message))
        #expect(signature.rawRepresentation == hex(vector.signature))
    }

    @Test("published signature verifies, and fails once altered", arguments: rfc8032)
    func verifiesAsPublished(vector: Ed25519Vector) throws {
        let publicKey = try Ed25519.PublicKey(rawRepresentation: hex(vector.publicKey))
        let signature = try Ed25519.Signature(rawRepresentation: hex(vector.signature))
        let message = hex(vector.message)
        #expect(publicKey.isValidSignature(signature, for: message))

        var tampered = hex(vector.signature)
        tampered[10] ^= 0x01
        #expect(!publicKey.isValidSignature(try Ed25519.Signature(rawRepresentation: tampered), for: message))
        #expect(!publicKey.isValidSignature(signature, for: message + [0]))
    }

    @Test("a signature of the wrong size is a typed error", arguments: [0, 16, 63, 65, 128])
    func rejectsSignatureLength(length: Int) {
        #expect(throws: CryptoError.self) {
            try Ed25519.Signature(rawRepresentation: [UInt8](repeating: 1, count: length))
        }
        let error = try? #require(throws: CryptoError.self) {
            try Ed25519.Signature(rawRepresentation: [UInt8](repeating: 1, count: length))
        }
        #expect(error?.code == .invalidSignatureLength)
        #expect(error?.message.contains("\(length)") == true)
    }

    @Test("keys and seeds of the wrong size are typed errors", arguments: [0, 31, 33, 64])
    func rejectsKeyLength(length: Int) {
        let publicError = #expect(throws: CryptoError.self) {
            try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 9, count: length))
        }
        #expect(publicError?.code == .invalidKeyLength)
        let seedError = #expect(throws: CryptoError.self) {
            try Ed25519.PrivateKey(seed: [UInt8](repeating: 9, count: length))
        }
        #expect(seedError?.code == .invalidKeyLength)
    }

    @Test(
        "non-canonical and small-order public keys are refused",
        arguments: [
            // y = p = 2^255 - 19: a non-canonical encoding of 0.
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            // The identity point (0, 1): small order.
            "0100000000000000000000000000000000000000000000000000000000000000",
            // A point of order 8.
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            // y = 2: not on the curve.
            "0200000000000000000000000000000000000000000000000000000000000000",
        ])
    func rejectsInvalidPoints(keyHex: String) {
        let error = #expect(throws: CryptoError.self) { try Ed25519.PublicKey(rawRepresentation: hex(keyHex)) }
        #expect(error?.code == .invalidKey)
    }

    @Test("fresh keys sign and verify, and differ from each other")
    func freshKeys() throws {
        let first = Ed25519.PrivateKey()
        let second = Ed25519.PrivateKey()
        #expect(first.publicKey != second.publicKey)
        let message = Array("attenuate me".utf8)
        let signature = first.signature(for: message)
        #expect(first.publicKey.isValidSignature(signature, for: message))
        #expect(!second.publicKey.isValidSignature(signature, for: message))
        let restored = try Ed25519.PrivateKey(seed: first.exportSeed())
        #expect(restored.publicKey == first.publicKey)
    }
}

@Suite("Ed25519 keys for verification only")
struct Ed25519VerificationOnlyKeyTests {
    @Test(
        "libsodium's verification refuses every key the strict constructor refuses",
        arguments: [
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "0200000000000000000000000000000000000000000000000000000000000000",
        ])
    func verificationRefusesBadKeys(keyHex: String) throws {
        let key = try PublicKey(algorithm: .ed25519, verificationOnlyRawRepresentation: hex(keyHex))
        // A signature by a real key, and the all-zero signature (valid for small-order keys under lax checks).
        let message = Array("payload".utf8)
        let genuine = SigningKey(algorithm: .ed25519).signature(for: message)
        #expect(!key.isValidSignature(genuine, for: message))
        #expect(!key.isValidSignature([UInt8](repeating: 0, count: 64), for: message))
        #expect(!key.isValidSignature([0x01] + [UInt8](repeating: 0, count: 63), for: message))
    }

    @Test("the length is still checked")
    func lengthChecked() {
        let error = #expect(throws: CryptoError.self) {
            try PublicKey(algorithm: .ed25519, verificationOnlyRawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        #expect(error?.code == .invalidKeyLength)
    }
}
