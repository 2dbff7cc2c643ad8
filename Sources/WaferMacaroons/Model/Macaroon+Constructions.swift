public import WaferCrypto

extension Macaroon {
    /// The 23-byte HMAC key of libmacaroons' key derivation: `macaroons-key-generator`.
    static let keyGeneratorKey = Array("macaroons-key-generator".utf8)
    /// `keyGeneratorKey` with its HMAC pads hashed once: every mint and verify derives a key with it.
    static let keyGenerator = HMACSHA256.PreparedKey(SecretBytes(keyGeneratorKey))

    /// Derives the 32-byte HMAC key from a root key of any length, as libmacaroons does:
    /// `HMAC-SHA256("macaroons-key-generator", rootKey)`.
    ///
    /// - Parameter rootKey: The root key (or third-party caveat key), any length.
    /// - Returns: The derived 32-byte key.
    public static func derivedKey(from rootKey: SecretBytes) -> SecretBytes {
        rootKey.withUnsafeBytes { keyGenerator.authenticationCode(for: $0) }
    }

    /// Mints a macaroon: its signature is `HMAC(derive(rootKey), identifier)`.
    ///
    /// - Parameters:
    ///   - rootKey: The root key, any length (libmacaroons derives the HMAC key from it).
    ///   - identifier: The identifier, any bytes.
    ///   - location: The location hint; may be empty.
    public init(rootKey: SecretBytes, identifier: [UInt8], location: [UInt8] = []) {
        self.init(derivedKey: Self.derivedKey(from: rootKey), identifier: identifier, location: location)
    }

    /// Mints a macaroon with a text identifier and location.
    ///
    /// - Parameters:
    ///   - rootKey: The root key, any length.
    ///   - identifier: The identifier.
    ///   - location: The location hint; may be empty.
    public init(rootKey: SecretBytes, identifier: String, location: String = "") {
        self.init(rootKey: rootKey, identifier: Array(identifier.utf8), location: Array(location.utf8))
    }

    /// Mints a macaroon from an already derived 32-byte key, skipping the derivation (libmacaroons'
    /// `macaroon_create_raw`).
    ///
    /// - Parameters:
    ///   - derivedKey: The HMAC key itself.
    ///   - identifier: The identifier.
    ///   - location: The location hint.
    public init(derivedKey: SecretBytes, identifier: [UInt8], location: [UInt8] = []) {
        self.init(
            location: location, identifier: identifier, caveats: [],
            signature: HMACSHA256.authenticationCode(for: identifier, using: derivedKey))
    }

    /// Returns this macaroon with a first-party caveat appended: `sig' = HMAC(sig, predicate)`.
    ///
    /// - Parameter predicate: The caveat's predicate, any bytes (an exact predicate such as
    ///   `account = 3735928559`, or a Datalog check such as `check if time($t), $t < 2030-01-01T00:00:00Z`).
    /// - Returns: The attenuated macaroon.
    public func addingFirstPartyCaveat(_ predicate: [UInt8]) -> Macaroon {
        var copy = self
        copy.caveats.append(Caveat(identifier: predicate))
        copy.signature = HMACSHA256.authenticationCode(for: predicate, using: signature)
        return copy
    }

    /// Returns this macaroon with a first-party caveat appended.
    ///
    /// - Parameter predicate: The predicate, as UTF-8 text.
    /// - Returns: The attenuated macaroon.
    public func addingFirstPartyCaveat(_ predicate: String) -> Macaroon {
        addingFirstPartyCaveat(Array(predicate.utf8))
    }

    /// Returns this macaroon with a third-party caveat appended.
    ///
    /// The caveat key is derived as a root key is, then sealed under the current signature:
    /// `vid = nonce ‖ secretbox(derive(caveatKey), nonce, key: sig)`, and the signature becomes
    /// `HMAC(sig, HMAC(sig, vid) ‖ HMAC(sig, identifier))`.
    ///
    /// - Parameters:
    ///   - location: Where the third party is (a hint for the client; not authenticated).
    ///   - caveatKey: The secret shared with the third party, any length; it mints the discharge with it.
    ///   - identifier: How the third party recognises the caveat (and finds `caveatKey`).
    ///   - nonceSource: Where the 24-byte nonce comes from; ``NonceSource/secureRandom`` by default.
    /// - Returns: The attenuated macaroon.
    /// - Throws: ``MacaroonError/Code/invalidNonce`` when the nonce source returns something other than 24 bytes.
    public func addingThirdPartyCaveat(
        location: [UInt8], caveatKey: SecretBytes, identifier: [UInt8], nonceSource: NonceSource = .secureRandom
    ) throws(MacaroonError) -> Macaroon {
        let nonce = nonceSource.nextNonce()
        guard nonce.count == SecretBox.nonceByteCount else {
            throw MacaroonError(.invalidNonce, "a third-party caveat nonce is 24 bytes, the nonce source gave \(nonce.count)")
        }
        guard signature.count == SecretBox.keyByteCount else {
            throw MacaroonError(.invalidSignatureLength, "the macaroon's signature is \(signature.count) bytes, not 32")
        }
        let derived = Self.derivedKey(from: caveatKey)
        let box: [UInt8]
        do {
            box = try derived.withUnsafeBytes { (plain) throws(CryptoError) in
                try SecretBox.seal(plain, nonce: nonce, key: signature)
            }
        } catch {
            throw MacaroonError(.invalidKey, "cannot seal the caveat key: \(error.message)")
        }
        let vid = nonce + box
        var copy = self
        copy.caveats.append(Caveat(identifier: identifier, verificationID: vid, location: location))
        copy.signature = Self.hash2(key: signature, vid, identifier)
        return copy
    }

    /// Returns this macaroon with a third-party caveat appended, with text location and identifier.
    ///
    /// - Parameters:
    ///   - location: Where the third party is.
    ///   - caveatKey: The secret shared with the third party.
    ///   - identifier: How the third party recognises the caveat.
    ///   - nonceSource: Where the nonce comes from.
    /// - Returns: The attenuated macaroon.
    /// - Throws: ``MacaroonError/Code/invalidNonce`` when the nonce source misbehaves.
    public func addingThirdPartyCaveat(
        location: String, caveatKey: SecretBytes, identifier: String, nonceSource: NonceSource = .secureRandom
    ) throws(MacaroonError) -> Macaroon {
        try addingThirdPartyCaveat(
            location: Array(location.utf8), caveatKey: caveatKey, identifier: Array(identifier.utf8),
            nonceSource: nonceSource)
    }

    /// Binds a discharge macaroon to this (top-level) macaroon for a request:
    /// `D.sig' = HMAC(0³², HMAC(0³², M.sig) ‖ HMAC(0³², D.sig))`.
    ///
    /// Every discharge, at any depth of the discharge tree, is bound to the top-level macaroon, as in
    /// libmacaroons and pymacaroons ≥ 0.13.
    ///
    /// - Parameter discharge: The unbound discharge macaroon.
    /// - Returns: The discharge with its signature bound to this macaroon.
    public func binding(_ discharge: Macaroon) -> Macaroon {
        var bound = discharge
        bound.signature = Self.boundSignature(root: signature, discharge: discharge.signature)
        return bound
    }

    /// Binds every discharge to this macaroon (pymacaroons' `prepare_for_request`).
    ///
    /// - Parameter discharges: The unbound discharge macaroons.
    /// - Returns: The bound discharges, in the same order.
    public func prepareForRequest(_ discharges: [Macaroon]) -> [Macaroon] {
        discharges.map(binding)
    }

    // MARK: - Building blocks

    /// `HMAC(key, HMAC(key, a) ‖ HMAC(key, b))`, libmacaroons' `macaroon_hash2`.
    static func hash2(key: SecretBytes, _ a: [UInt8], _ b: [UInt8]) -> SecretBytes {
        let first = HMACSHA256.authenticationCode(for: a, using: key)
        let second = HMACSHA256.authenticationCode(for: b, using: key)
        var both = first.exportBytes() + second.exportBytes()
        defer { for index in both.indices { both[index] = 0 } }
        return HMACSHA256.authenticationCode(for: both, using: key)
    }

    /// The signature a discharge has once bound to the macaroon whose signature is `root`.
    static func boundSignature(root: SecretBytes, discharge: SecretBytes) -> SecretBytes {
        hash2(key: SecretBytes([UInt8](repeating: 0, count: 32)), root.exportBytes(), discharge.exportBytes())
    }
}
