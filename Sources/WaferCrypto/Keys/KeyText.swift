/// The text forms of keys used across the Biscuit ecosystem: `ed25519/<hex>`, `ed25519-private/<hex>`,
/// `secp256r1/<hex>`, `secp256r1-private/<hex>`.
extension PublicKey {
    /// Reads a public key from its text form, `ed25519/<hex>` or `secp256r1/<hex>`, or from PEM
    /// (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo). Surrounding white space is ignored.
    ///
    /// - Parameter text: The key's text.
    /// - Throws: ``CryptoError/Code/invalidKeyText``, ``CryptoError/Code/invalidHex``,
    ///   ``CryptoError/Code/invalidPEM`` or a key error.
    public init(text: some StringProtocol) throws(CryptoError) {
        let trimmed = trimmedKeyText(text)
        if trimmed.hasPrefix("-----BEGIN") {
            self = try PublicKey(pem: trimmed)
            return
        }
        let (prefix, hex) = try splitKeyText(trimmed)
        switch prefix {
        case "ed25519", "secp256r1":
            let algorithm = SignatureAlgorithm(rawValue: prefix)!
            self = try PublicKey(
                algorithm: algorithm,
                rawRepresentation: try Hex.decode(hex, what: "the \(algorithm) public key"))
        case "ed25519-private", "secp256r1-private":
            throw CryptoError(.invalidKeyText, "this is a private key ('\(prefix)/…') where a public key was expected; give the public key ('\(prefix.dropLast(8))/…'), which `wafer pubkey` prints")
        default:
            throw unknownPrefix(prefix, expected: "ed25519/ or secp256r1/")
        }
    }
}

extension SigningKey {
    /// Reads a private key from its text form, `ed25519-private/<hex>` or `secp256r1-private/<hex>`, or from
    /// PEM (`-----BEGIN PRIVATE KEY-----` PKCS#8 for both algorithms, `-----BEGIN EC PRIVATE KEY-----` SEC1 for
    /// P-256). Surrounding white space is ignored.
    ///
    /// - Parameter text: The key's text.
    /// - Throws: ``CryptoError/Code/invalidKeyText``, ``CryptoError/Code/invalidHex``,
    ///   ``CryptoError/Code/invalidPEM`` or a key error. Messages never quote the secret.
    public init(text: some StringProtocol) throws(CryptoError) {
        let trimmed = trimmedKeyText(text)
        if trimmed.hasPrefix("-----BEGIN") {
            self = try SigningKey(pem: trimmed)
            return
        }
        let (prefix, hex) = try splitKeyText(trimmed)
        switch prefix {
        case "ed25519-private", "secp256r1-private":
            let algorithm = SignatureAlgorithm(rawValue: String(prefix.dropLast(8)))!
            self = try SigningKey(
                algorithm: algorithm, secret: try Hex.decodeSecret(hex, what: "the \(algorithm) private key"))
        case "ed25519", "secp256r1":
            throw CryptoError(.invalidKeyText, "this is a public key ('\(prefix)/…') where a private key was expected ('\(prefix)-private/…')")
        default:
            throw unknownPrefix(prefix, expected: "ed25519-private/ or secp256r1-private/")
        }
    }

    /// The private key's text form, `ed25519-private/<hex>` or `secp256r1-private/<hex>`: an explicit export
    /// of the secret into a `String`, which cannot be wiped. Write it to a file with mode 0600.
    ///
    /// - Returns: The text form.
    public func exportText() -> String {
        "\(algorithm)-private/\(exportSecret().withUnsafeBytes { Hex.encode($0) })"
    }
}

private func trimmedKeyText(_ text: some StringProtocol) -> String {
    var scalars = Substring(text).unicodeScalars[...]
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}

private func splitKeyText(_ text: String) throws(CryptoError) -> (prefix: String, hex: Substring) {
    guard let slash = text.firstIndex(of: "/") else {
        if text.isEmpty {
            throw CryptoError(.invalidKeyText, "the key text is empty; expected a form such as 'ed25519/<hex>'")
        }
        throw CryptoError(.invalidKeyText, "the key text has no algorithm prefix; expected a form such as 'ed25519/<hex>' or 'secp256r1-private/<hex>', or PEM")
    }
    return (String(text[..<slash]), text[text.index(after: slash)...])
}

private func unknownPrefix(_ prefix: String, expected: String) -> CryptoError {
    let shown = prefix.count > 24 ? String(prefix.prefix(24)) + "…" : prefix
    return CryptoError(.invalidKeyText, "unknown key algorithm '\(shown)'; expected \(expected)")
}
