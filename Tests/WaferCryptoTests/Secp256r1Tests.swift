import Testing
import WaferCrypto

private struct RFC6979File: Decodable {
    struct Vector: Decodable {
        var message: String
        var r: String
        var s: String
    }
    var privateKey: String
    var publicKeyX: String
    var publicKeyY: String
    var vectors: [Vector]
}

@Suite("ECDSA P-256 (RFC 6979 A.2.5)")
struct Secp256r1Tests {
    private let file: RFC6979File

    init() throws {
        file = try loadVectors(RFC6979File.self, from: "rfc6979-p256.json")
    }

    /// The compressed form of the RFC's public key: prefix from the parity of y, then x.
    private var compressedPublicKey: [UInt8] {
        let y = hex(file.publicKeyY)
        return [y.last! & 1 == 1 ? 0x03 : 0x02] + hex(file.publicKeyX)
    }

    @Test("the private scalar gives the published public key")
    func derivesPublicKey() throws {
        let key = try Secp256r1.PrivateKey(scalar: hex(file.privateKey))
        #expect(key.publicKey.compressedRepresentation == compressedPublicKey)
        #expect(key.exportScalar().exportBytes() == hex(file.privateKey))
    }

    @Test("the published deterministic signatures verify, in raw and DER form, and DER round-trips")
    func verifiesPublishedSignatures() throws {
        let publicKey = try Secp256r1.PublicKey(compressedRepresentation: compressedPublicKey)
        #expect(file.vectors.count == 2)
        for vector in file.vectors {
            let raw = hex(vector.r) + hex(vector.s)
            let signature = try Secp256r1.Signature(rawRepresentation: raw)
            #expect(publicKey.isValidSignature(signature, for: hex(vector.message)))
            #expect(!publicKey.isValidSignature(signature, for: hex(vector.message) + [0x21]))

            let der = signature.derRepresentation
            #expect(der.first == 0x30)
            let reparsed = try Secp256r1.Signature(derRepresentation: der)
            #expect(reparsed == signature)
            #expect(reparsed.rawRepresentation == raw)
            #expect(PublicKey.secp256r1(publicKey).isValidSignature(der, for: hex(vector.message)))
        }
    }

    @Test("a fresh key signs (DER) and verifies; a tampered signature fails")
    func signsAndVerifies() throws {
        let key = Secp256r1.PrivateKey()
        let message = Array("biscuit block".utf8)
        let signature = key.signature(for: message)
        // SEQUENCE of two INTEGERs of 1 to 33 bytes: usually 70 to 72 bytes, shorter when r or s has leading
        // zero bytes (about one signature in 128 is 69 bytes or less).
        #expect((8...72).contains(signature.derRepresentation.count))
        #expect(key.publicKey.isValidSignature(signature, for: message))
        var tampered = signature.rawRepresentation
        tampered[40] ^= 0x80
        #expect(!key.publicKey.isValidSignature(try Secp256r1.Signature(rawRepresentation: tampered), for: message))
        #expect([0x02, 0x03].contains(key.publicKey.compressedRepresentation[0]))
    }

    @Test("malformed DER signatures are typed errors")
    func rejectsMalformedDER() {
        for bytes in [[], [0x30, 0x00], [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01], Array(repeating: 0x41, count: 71)] as [[UInt8]] {
            let error = #expect(throws: CryptoError.self) { try Secp256r1.Signature(derRepresentation: bytes) }
            #expect(error?.code == .malformedSignature)
        }
    }

    @Test("public keys: wrong length, wrong prefix, off-curve point")
    func rejectsBadPublicKeys() {
        let lengthError = #expect(throws: CryptoError.self) {
            try Secp256r1.PublicKey(compressedRepresentation: [UInt8](repeating: 2, count: 32))
        }
        #expect(lengthError?.code == .invalidKeyLength)
        // 04 is the uncompressed prefix: the Biscuit form is compressed only.
        let prefixError = #expect(throws: CryptoError.self) {
            try Secp256r1.PublicKey(compressedRepresentation: [0x04] + [UInt8](repeating: 1, count: 32))
        }
        #expect(prefixError?.code == .invalidKey)
        // x = 1 gives x³ - 3x + b, a non-residue mod p: no point has that x. x ≥ p is no field element at all.
        for x in ["0000000000000000000000000000000000000000000000000000000000000001",
                  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"] {
            let error = #expect(throws: CryptoError.self) {
                try Secp256r1.PublicKey(compressedRepresentation: [0x02] + hex(x))
            }
            #expect(error?.code == .invalidKey)
        }
    }

    @Test("scalars: wrong length, zero, and the group order are refused")
    func rejectsBadScalars() {
        let lengthError = #expect(throws: CryptoError.self) { try Secp256r1.PrivateKey(scalar: [UInt8](repeating: 1, count: 31)) }
        #expect(lengthError?.code == .invalidKeyLength)
        for scalar in [String(repeating: "00", count: 32),
                       "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"] {
            let error = #expect(throws: CryptoError.self) { try Secp256r1.PrivateKey(scalar: hex(scalar)) }
            #expect(error?.code == .invalidKey)
        }
    }
}
