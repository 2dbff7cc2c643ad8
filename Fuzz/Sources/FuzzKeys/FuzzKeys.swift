// Fuzzes the key texts (`ed25519/<hex>`, `secp256r1-private/<hex>`) and PEM (SubjectPublicKeyInfo, PKCS#8,
// SEC1) for both algorithms. Every key that reads back must export to a text or PEM that reads back to the
// same key, and must sign a message that its public key verifies.
import FuzzSupport
import WaferCrypto

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let text = inputText(inputBytes(start, count)) else { return 0 }
    if let key = try? PublicKey(text: text) { checkPublicKey(key) }
    if let key = try? PublicKey(pem: text) { checkPublicKey(key) }
    if let key = try? SigningKey(text: text) { checkSigningKey(key) }
    if let key = try? SigningKey(pem: text) { checkSigningKey(key) }
    return 0
}

private func checkPublicKey(_ key: PublicKey) {
    let again = try? PublicKey(text: key.description)
    require(again == key, "public key \(key) does not read back from its text")
    let fromPEM = try? PublicKey(pem: key.pemRepresentation)
    require(fromPEM == key, "public key \(key) does not read back from its PEM")
    let raw = try? PublicKey(algorithm: key.algorithm, rawRepresentation: key.rawRepresentation)
    require(raw == key, "public key \(key) does not read back from its raw representation")
}

private func checkSigningKey(_ key: SigningKey) {
    let publicKey = key.publicKey
    let fromText = try? SigningKey(text: key.exportText())
    require(fromText?.publicKey == publicKey, "private key of \(publicKey) does not read back from its text")
    let fromPEM = try? SigningKey(pem: key.exportPEM())
    require(fromPEM?.publicKey == publicKey, "private key of \(publicKey) does not read back from its PEM")
    let message: [UInt8] = Array("wafer fuzz message".utf8)
    let signature = key.signature(for: message)
    require(publicKey.isValidSignature(signature, for: message), "a signature of \(publicKey)'s key does not verify")
    require(
        !publicKey.isValidSignature(signature, for: message + [0]),
        "a signature of \(publicKey)'s key verifies for another message")
    checkPublicKey(publicKey)
}
