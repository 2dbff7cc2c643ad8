public import WaferCrypto
public import WaferDatalog

/// A Biscuit token as received: parsed, but not yet verified.
///
/// Parsing decodes only the outer protobuf layer (signed blocks, keys, proof). Nothing in an unverified
/// token is trustworthy; inspect it to pick a root key or to debug, then call ``verify(rootKey:revocationList:)`` or
/// ``verify(keyProvider:)`` to get a ``Biscuit``.
///
/// ```swift
/// let token = try UnverifiedBiscuit(base64URL: text)
/// let biscuit = try token.verify(rootKey: rootPublicKey)
/// ```
public struct UnverifiedBiscuit: Sendable {
    /// The largest token accepted by default, in bytes of protobuf (1 MiB; the base64 text may be 4/3 of
    /// this): ``BiscuitLimits/maxTokenSize`` of ``BiscuitLimits/default``.
    public static let maximumTokenSize = BiscuitLimits.default.maxTokenSize

    let container: TokenContainer
    /// The token's bytes, exactly as received.
    public let serializedBytes: [UInt8]

    /// Parses a token from its protobuf bytes.
    ///
    /// - Parameters:
    ///   - bytes: The serialized `Biscuit` message.
    ///   - limits: Caps on the token's size and contents, also applied when its blocks are decoded.
    /// - Throws: ``BiscuitError`` with ``BiscuitError/Code/tokenTooLarge``, ``BiscuitError/Code/tooManyBlocks``,
    ///   ``BiscuitError/Code/invalidFormat`` or ``BiscuitError/Code/invalidKey``.
    public init(bytes: some Collection<UInt8>, limits: BiscuitLimits = .default) throws(BiscuitError) {
        guard bytes.count <= limits.maxTokenSize else {
            throw BiscuitError(.tokenTooLarge, "the token is \(bytes.count) bytes; the most accepted is \(limits.maxTokenSize)")
        }
        let array = Array(bytes)
        container = try TokenContainer(bytes: array, limits: limits)
        serializedBytes = array
    }

    /// Parses a token from its text form: URL-safe base64, padded or not, with an optional `biscuit:`
    /// prefix; surrounding whitespace is ignored.
    ///
    /// - Parameters:
    ///   - text: The token text.
    ///   - limits: Caps on the token's size and contents, also applied when its blocks are decoded.
    /// - Throws: ``BiscuitError`` with ``BiscuitError/Code/invalidBase64`` or the errors of
    ///   ``init(bytes:limits:)``.
    public init(base64URL text: some StringProtocol, limits: BiscuitLimits = .default) throws(BiscuitError) {
        var trimmed = Substring(text)
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        if trimmed.hasPrefix("biscuit:") { trimmed = trimmed.dropFirst("biscuit:".count) }
        let maxTextLength = (limits.maxTokenSize / 3 + 1) * 4
        guard trimmed.utf8.count <= maxTextLength else {
            throw BiscuitError(.tokenTooLarge, "the token text is \(trimmed.utf8.count) characters; the most accepted is \(maxTextLength)")
        }
        guard !trimmed.isEmpty else {
            throw BiscuitError(.invalidBase64, "the token text is empty")
        }
        try self.init(bytes: Base64URL.decode(trimmed.utf8).get(), limits: limits)
    }

    /// The root key id the token names, if any: a hint for choosing the root public key.
    public var rootKeyID: UInt32? { container.rootKeyID }

    /// The number of blocks, the authority block included.
    public var blockCount: Int { container.blocks.count }

    /// Whether the token is sealed: it carries a final signature and no block can be appended.
    public var isSealed: Bool {
        container.isSealed
    }

    /// The revocation identifier of each block, authority first: the raw bytes of the block's signature.
    public var revocationIdentifiers: [[UInt8]] { container.blocks.map(\.signature) }

    /// For each block, the key of its external signature (third-party blocks), or `nil`.
    public var externalKeys: [PublicKey?] { container.blocks.map { $0.external?.publicKey } }

    /// For each block, the next public key it names, authority first: block *i*'s key checks the signature of
    /// block *i* + 1, and the last one the seal (or its private half is the token's proof). Unverified.
    public var nextKeys: [PublicKey] { container.blocks.map(\.nextKey) }

    /// Decodes the blocks without verifying any signature, for inspection.
    ///
    /// - Returns: The blocks, authority first. Their contents are **not** authenticated.
    /// - Throws: ``BiscuitError`` when a block cannot be decoded.
    public func unverifiedBlocks() throws(BiscuitError) -> [BiscuitBlock] {
        try container.decodeBlocks()
    }

    /// Verifies the token with its root public key.
    ///
    /// Every block signature (payload version 0 or 1), every external signature and the proof (next secret
    /// or sealing signature) are checked before any block is decoded; then the blocks are decoded into
    /// Datalog, with their symbol and key tables and their versions checked.
    ///
    /// When a revocation list is given, the token's revocation ids are looked up in it once the signatures
    /// hold, so that "revoked" is only ever said of a genuine token.
    ///
    /// - Parameters:
    ///   - rootKey: The public key of the authority that minted the token.
    ///   - revocationList: The ids the service no longer accepts, or `nil`.
    /// - Returns: The verified token.
    /// - Throws: ``BiscuitError``: ``BiscuitError/Code/invalidSignature``,
    ///   ``BiscuitError/Code/signatureDeserialization``, ``BiscuitError/Code/unsupportedSignatureVersion``,
    ///   ``BiscuitError/Code/externalSignatureOnAuthority``, ``BiscuitError/Code/revoked`` (naming the block
    ///   and its id), then block errors such as ``BiscuitError/Code/unsupportedBlockVersion`` or
    ///   ``BiscuitError/Code/symbolTableOverlap``.
    public func verify(rootKey: PublicKey, revocationList: RevocationList? = nil) throws(BiscuitError) -> Biscuit {
        var verified = container
        if let key = try container.verifySignatures(rootKey: rootKey) {
            verified.proof = .nextKey(key)  // derived once: attenuating the verified token reuses it
        }
        if let revocationList, let (index, id) = revocationList.firstRevoked(among: revocationIdentifiers) {
            let block = index == 0 ? "the authority block" : "block \(index)"
            throw BiscuitError(.revoked, "the token is revoked: \(block)'s revocation id \(Hex.encode(id)) is in the revocation list")
        }
        return Biscuit(container: verified, blocks: try verified.decodeBlocks(), serializedBytes: serializedBytes)
    }

    /// Verifies the token with the root key a provider chooses from the token's ``rootKeyID``.
    ///
    /// - Parameters:
    ///   - keyProvider: Returns the root public key for a key id (`nil` when the token names none), or `nil`
    ///     when it knows no such key.
    ///   - revocationList: The ids the service no longer accepts, or `nil`.
    /// - Returns: The verified token.
    /// - Throws: ``BiscuitError/Code/unknownRootKey`` when the provider has no key, or the errors of
    ///   ``verify(rootKey:revocationList:)``.
    public func verify(
        keyProvider: (UInt32?) -> PublicKey?, revocationList: RevocationList? = nil
    ) throws(BiscuitError) -> Biscuit {
        guard let key = keyProvider(rootKeyID) else {
            let named = rootKeyID.map { "root key id \($0)" } ?? "no root key id"
            throw BiscuitError(.unknownRootKey, "the key provider has no root key for this token (\(named))")
        }
        return try verify(rootKey: key, revocationList: revocationList)
    }

    /// The token's text form: padded URL-safe base64 of ``serializedBytes``.
    public var base64URLEncoded: String { Base64URL.encode(serializedBytes) }

    /// A copy of the token with one more first-party block, without verifying the token first: a holder
    /// attenuates with the secret the token carries and needs no root key. The result is still unverified.
    ///
    /// - Parameters:
    ///   - program: The new block's facts, rules, checks and `trusting` clause (no policies).
    ///   - context: An optional free-form context string.
    ///   - nextKeyAlgorithm: The algorithm of the next ephemeral key.
    /// - Returns: The attenuated, still unverified token.
    /// - Throws: ``BiscuitError/Code/sealed`` on a sealed token, ``BiscuitError/Code/invalidDatalog``, or a
    ///   block error when an existing block cannot be decoded.
    public func attenuated(
        with program: Program, context: String? = nil, nextKeyAlgorithm: SignatureAlgorithm = .ed25519
    ) throws(BiscuitError) -> UnverifiedBiscuit {
        let appended = try container.appending(program, context: context, nextKeyAlgorithm: nextKeyAlgorithm)
        return UnverifiedBiscuit(container: appended, serializedBytes: try appended.serialized())
    }

    /// A copy of the token with one more block written as Datalog source text, without verifying it.
    ///
    /// - Parameters:
    ///   - code: The block's source.
    ///   - parameters: Values for its `{name}` parameters.
    /// - Returns: The attenuated, still unverified token.
    /// - Throws: As ``attenuated(with:context:nextKeyAlgorithm:)``, or for text that does not parse.
    public func attenuated(withCode code: String, parameters: DatalogParameters = [:]) throws(BiscuitError) -> UnverifiedBiscuit {
        try attenuated(with: try Biscuit.parse(code, parameters))
    }

    /// A sealed copy of the token, without verifying it.
    ///
    /// - Returns: The sealed, still unverified token.
    /// - Throws: ``BiscuitError/Code/sealed`` when the token is already sealed.
    public func sealed() throws(BiscuitError) -> UnverifiedBiscuit {
        var container = self.container
        try container.seal()
        return UnverifiedBiscuit(container: container, serializedBytes: try container.serialized())
    }

    init(container: TokenContainer, serializedBytes: [UInt8]) {
        self.container = container
        self.serializedBytes = serializedBytes
    }
}
