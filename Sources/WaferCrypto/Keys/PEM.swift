import SwiftASN1

/// PEM key files, as OpenSSL and other Biscuit tools write them: PKCS#8 private keys
/// (`-----BEGIN PRIVATE KEY-----`), SEC1 P-256 private keys (`-----BEGIN EC PRIVATE KEY-----`) and
/// SubjectPublicKeyInfo public keys (`-----BEGIN PUBLIC KEY-----`), for Ed25519 (RFC 8410) and P-256.
extension PublicKey {
    /// Reads a public key from a PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`).
    ///
    /// - Parameter pem: The PEM text.
    /// - Throws: ``CryptoError/Code/invalidPEM``, ``CryptoError/Code/unsupportedAlgorithm`` or a key error.
    public init(pem: String) throws(CryptoError) {
        let document = try pemDocument(pem, expecting: ["PUBLIC KEY"])
        let (algorithm, key) = try parseSubjectPublicKeyInfo(document.derBytes)
        switch algorithm {
        case .ed25519:
            self = .ed25519(try Ed25519.PublicKey(rawRepresentation: key))
        case .secp256r1:
            self = .secp256r1(try Secp256r1.PublicKey(derSubjectPublicKeyInfo: document.derBytes))
        }
    }

    /// The key as PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`), byte for byte as
    /// `openssl pkey -pubout` writes it.
    public var pemRepresentation: String {
        switch self {
        case .ed25519(let key):
            return pemText(type: "PUBLIC KEY", der: ed25519SPKIPrefix + key.rawRepresentation)
        case .secp256r1(let key):
            return pemText(type: "PUBLIC KEY", der: key.derSubjectPublicKeyInfo)
        }
    }
}

extension SigningKey {
    /// Reads a private key from PEM: PKCS#8 (`-----BEGIN PRIVATE KEY-----`) for Ed25519 or P-256, or SEC1
    /// (`-----BEGIN EC PRIVATE KEY-----`) for P-256.
    ///
    /// - Parameter pem: The PEM text.
    /// - Throws: ``CryptoError/Code/invalidPEM``, ``CryptoError/Code/unsupportedAlgorithm`` or a key error.
    public init(pem: String) throws(CryptoError) {
        let document = try pemDocument(pem, expecting: ["PRIVATE KEY", "EC PRIVATE KEY"])
        if document.discriminator == "EC PRIVATE KEY" {
            self = .secp256r1(try Secp256r1.PrivateKey(der: document.derBytes))
            return
        }
        let (algorithm, privateKey) = try parsePKCS8(document.derBytes)
        switch algorithm {
        case .ed25519:
            // RFC 8410: the privateKey OCTET STRING wraps CurvePrivateKey, itself an OCTET STRING of the seed.
            let seed: ASN1OctetString
            do {
                seed = try ASN1OctetString(derEncoded: privateKey.bytes)
            } catch {
                throw CryptoError(.invalidPEM, "the PKCS#8 Ed25519 key does not hold its seed as an OCTET STRING (RFC 8410)")
            }
            self = .ed25519(try Ed25519.PrivateKey(seed: seed.bytes))
        case .secp256r1:
            self = .secp256r1(try Secp256r1.PrivateKey(der: document.derBytes))
        }
    }

    /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey` writes it: an explicit
    /// export of the secret into a `String`, which cannot be wiped. Write it to a file with mode 0600.
    ///
    /// - Returns: The PEM text.
    public func exportPEM() -> String {
        switch self {
        case .ed25519(let key):
            let der = key.exportSeed().withUnsafeBytes { ed25519PKCS8Prefix + Array($0) }
            return pemText(type: "PRIVATE KEY", der: der)
        case .secp256r1(let key):
            return key.pkcs8PEM.hasSuffix("\n") ? key.pkcs8PEM : key.pkcs8PEM + "\n"
        }
    }
}

/// `SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (0 unused bits, 32 bytes follow) }`.
private let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
/// `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes follow) } }`.
private let ed25519PKCS8Prefix: [UInt8] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]

/// PEM text as OpenSSL writes it: 64-character base64 lines, ending with a newline.
private func pemText(type: String, der: [UInt8]) -> String {
    PEMDocument(type: type, derBytes: der).pemString + "\n"
}

private let ed25519OID: ASN1ObjectIdentifier = [1, 3, 101, 112]
private let ecPublicKeyOID: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
private let prime256v1OID: ASN1ObjectIdentifier = [1, 2, 840, 10045, 3, 1, 7]

private func pemDocument(_ text: String, expecting types: [String]) throws(CryptoError) -> PEMDocument {
    let document: PEMDocument
    do {
        document = try PEMDocument(pemString: text.trimmingWhitespace())
    } catch {
        throw CryptoError(.invalidPEM, "the text is not a PEM document: it needs a '-----BEGIN …-----' line, base64 lines and the matching '-----END …-----' line")
    }
    guard types.contains(document.discriminator) else {
        let expected = types.map { "'\($0)'" }.joined(separator: " or ")
        throw CryptoError(.invalidPEM, "the PEM document is a '\(document.discriminator)', not a \(expected)")
    }
    return document
}

/// Reads the algorithm of an `AlgorithmIdentifier` node, allowing only Ed25519 and EC on P-256.
private func algorithm(of node: ASN1Node) throws(CryptoError) -> SignatureAlgorithm {
    let identifiers: (ASN1ObjectIdentifier, ASN1ObjectIdentifier?)
    do {
        identifiers = try DER.sequence(node, identifier: .sequence) { nodes in
            guard let oidNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "empty AlgorithmIdentifier") }
            let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
            var parameter: ASN1ObjectIdentifier?
            if let parameterNode = nodes.next() {
                parameter = try? ASN1ObjectIdentifier(derEncoded: parameterNode)
            }
            return (oid, parameter)
        }
    } catch {
        throw CryptoError(.invalidPEM, "the key's AlgorithmIdentifier is malformed")
    }
    switch identifiers {
    case (ed25519OID, _):
        return .ed25519
    case (ecPublicKeyOID, prime256v1OID):
        return .secp256r1
    case (ecPublicKeyOID, let curve):
        throw CryptoError(.unsupportedAlgorithm, "the EC key is on curve \(curve.map { "\($0)" } ?? "(unnamed)"); only P-256 (1.2.840.10045.3.1.7) is supported")
    case (let oid, _):
        throw CryptoError(.unsupportedAlgorithm, "keys of algorithm \(oid) are not supported; use Ed25519 (1.3.101.112) or EC P-256")
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`.
private func parseSubjectPublicKeyInfo(_ der: [UInt8]) throws(CryptoError) -> (SignatureAlgorithm, [UInt8]) {
    let nodes: (ASN1Node, ASN1BitString)
    do {
        nodes = try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
            guard let algorithmNode = nodes.next(), let keyNode = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "SubjectPublicKeyInfo needs two elements")
            }
            return (algorithmNode, try ASN1BitString(derEncoded: keyNode))
        }
    } catch {
        throw CryptoError(.invalidPEM, "the PEM public key is not a DER SubjectPublicKeyInfo")
    }
    return (try algorithm(of: nodes.0), Array(nodes.1.bytes))
}

/// `PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm AlgorithmIdentifier, privateKey OCTET STRING, … }`
/// (RFC 5208, and RFC 5958's version 1 with a trailing public key).
private func parsePKCS8(_ der: [UInt8]) throws(CryptoError) -> (SignatureAlgorithm, ASN1OctetString) {
    let nodes: (Int, ASN1Node, ASN1OctetString)
    do {
        nodes = try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
            guard let versionNode = nodes.next(), let algorithmNode = nodes.next(), let keyNode = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "PrivateKeyInfo needs three elements")
            }
            let version = try Int(derEncoded: versionNode)
            let key = try ASN1OctetString(derEncoded: keyNode)
            while nodes.next() != nil {}  // attributes [0] and publicKey [1] are optional and unused here
            return (version, algorithmNode, key)
        }
    } catch {
        throw CryptoError(.invalidPEM, "the PEM private key is not a DER PKCS#8 PrivateKeyInfo")
    }
    guard nodes.0 == 0 || nodes.0 == 1 else {
        throw CryptoError(.invalidPEM, "PKCS#8 version \(nodes.0) is not supported; expected 0 or 1")
    }
    return (try algorithm(of: nodes.1), nodes.2)
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
