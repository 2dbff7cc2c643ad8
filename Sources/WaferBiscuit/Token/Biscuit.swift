public import WaferCrypto
public import WaferDatalog

/// A verified Biscuit token: every signature checked, every block decoded.
///
/// A `Biscuit` exists only through ``UnverifiedBiscuit/verify(rootKey:revocationList:)`` (or its key-provider form) or
/// by minting one with ``make(rootKey:program:rootKeyID:context:)``. Hand it to an ``Authorizer`` to decide a
/// request, or append a block with ``attenuated(with:context:)``.
public struct Biscuit: Sendable {
    let container: TokenContainer
    /// The token's blocks, authority first.
    public let blocks: [BiscuitBlock]
    /// The token's protobuf bytes.
    public let serializedBytes: [UInt8]

    init(container: TokenContainer, blocks: [BiscuitBlock], serializedBytes: [UInt8]) {
        self.container = container
        self.blocks = blocks
        self.serializedBytes = serializedBytes
    }

    /// The root key id the token names, if any.
    public var rootKeyID: UInt32? { container.rootKeyID }

    /// Whether the token is sealed: no block can be appended.
    public var isSealed: Bool {
        container.isSealed
    }

    /// The revocation identifier of each block, authority first: the raw bytes of the block's signature.
    public var revocationIdentifiers: [[UInt8]] { blocks.map(\.revocationIdentifier) }

    /// The token's text form: padded URL-safe base64 of ``serializedBytes``, as biscuit-rust writes it.
    public var base64URLEncoded: String { Base64URL.encode(serializedBytes) }

    /// For each public key that signed a third-party block, the ids of the blocks it signed: what a
    /// `trusting <key>` clause resolves to.
    public var trustedKeys: [PublicKeyLiteral: [Int]] {
        var keys: [PublicKeyLiteral: [Int]] = [:]
        for block in blocks {
            if let key = block.externalKey { keys[PublicKeyLiteral(key), default: []].append(block.index) }
        }
        return keys
    }

    // MARK: Minting and attenuating

    /// Mints a token whose authority block holds `program`.
    ///
    /// The block version is the smallest covering the features used; the signature payload version is 0
    /// for an all-Ed25519 block of version below 6, else 1 (biscuit-rust's choice).
    ///
    /// - Parameters:
    ///   - rootKey: The root private key; verifiers need its public key.
    ///   - program: The authority block's facts, rules, checks and `trusting` clause (no policies).
    ///   - rootKeyID: An optional hint naming the root key.
    ///   - context: An optional free-form context string stored in the block.
    ///   - nextKeyAlgorithm: The algorithm of the ephemeral key that signs the next block.
    /// - Returns: The new token, attenuable.
    /// - Throws: ``BiscuitError/Code/invalidDatalog`` for a policy or an unsafe rule.
    public static func make(
        rootKey: SigningKey, program: Program, rootKeyID: UInt32? = nil, context: String? = nil,
        nextKeyAlgorithm: SignatureAlgorithm = .ed25519
    ) throws(BiscuitError) -> Biscuit {
        var symbols = SymbolTable()
        var publicKeys = PublicKeyTable()
        let (data, version) = try BlockEncoder.encode(
            program, context: context, isThirdParty: false, symbols: &symbols, publicKeys: &publicKeys)
        let nextKey = SigningKey(algorithm: nextKeyAlgorithm)
        let signatureVersion = TokenContainer.signatureVersion(
            blockVersion: version, hasExternal: false, signingKey: rootKey.publicKey, nextKey: nextKey.publicKey,
            existing: [])
        let record = TokenContainer.sign(
            data: data, signingKey: rootKey, nextKey: nextKey.publicKey, previousSignature: nil, external: nil,
            version: signatureVersion)
        let container = TokenContainer(
            rootKeyID: rootKeyID, blocks: [record], proof: .nextKey(nextKey))
        return try Self.finish(container)
    }

    /// Mints a token whose authority block is Datalog source text.
    ///
    /// - Parameters:
    ///   - rootKey: The root private key.
    ///   - code: The authority block's source: facts, rules, checks, an optional leading `trusting …;`.
    ///   - parameters: Values for the `{name}` parameters in the source.
    ///   - rootKeyID: An optional hint naming the root key.
    /// - Returns: The new token.
    /// - Throws: ``BiscuitError/Code/invalidDatalog`` when the text does not parse.
    public static func make(
        rootKey: SigningKey, code: String, parameters: DatalogParameters = [:], rootKeyID: UInt32? = nil
    ) throws(BiscuitError) -> Biscuit {
        try make(rootKey: rootKey, program: try parse(code, parameters), rootKeyID: rootKeyID)
    }

    /// A copy of the token with one more first-party block, signed with the token's proof secret.
    ///
    /// - Parameters:
    ///   - program: The new block's facts, rules, checks and `trusting` clause (no policies).
    ///   - context: An optional free-form context string.
    ///   - nextKeyAlgorithm: The algorithm of the next ephemeral key.
    /// - Returns: The attenuated token. The receiver is unchanged.
    /// - Throws: ``BiscuitError/Code/sealed`` on a sealed token; ``BiscuitError/Code/invalidDatalog``.
    public func attenuated(
        with program: Program, context: String? = nil, nextKeyAlgorithm: SignatureAlgorithm = .ed25519
    ) throws(BiscuitError) -> Biscuit {
        let extended = try container.appending(
            program, context: context, nextKeyAlgorithm: nextKeyAlgorithm, decoded: blocks)
        return try Self.finish(extended, decoded: blocks)
    }

    /// A copy of the token with one more block written as Datalog source text.
    ///
    /// - Parameters:
    ///   - code: The block's source.
    ///   - parameters: Values for its `{name}` parameters.
    /// - Returns: The attenuated token.
    /// - Throws: As ``attenuated(with:context:nextKeyAlgorithm:)``, or for text that does not parse.
    public func attenuated(withCode code: String, parameters: DatalogParameters = [:]) throws(BiscuitError) -> Biscuit {
        try attenuated(with: try Self.parse(code, parameters))
    }

    /// A sealed copy of the token: the proof secret is replaced by a signature, so no block can be
    /// appended any more.
    ///
    /// - Returns: The sealed token.
    /// - Throws: ``BiscuitError/Code/sealed`` when the token is already sealed.
    public func sealed() throws(BiscuitError) -> Biscuit {
        var container = self.container
        try container.seal()
        return try Self.finish(container, decoded: blocks)
    }

    /// The token a container makes, its blocks decoded (those of `decoded` are kept as they are).
    static func finish(_ container: TokenContainer, decoded: [BiscuitBlock] = []) throws(BiscuitError) -> Biscuit {
        let bytes = try container.serialized()
        return Biscuit(container: container, blocks: try container.decodeBlocks(continuing: decoded), serializedBytes: bytes)
    }

    static func parse(_ code: String, _ parameters: DatalogParameters) throws(BiscuitError) -> Program {
        do {
            return try Program(parsing: code, parameters: parameters)
        } catch {
            throw BiscuitError(.invalidDatalog, "the Datalog does not parse: \(error)", datalogError: error)
        }
    }
}
