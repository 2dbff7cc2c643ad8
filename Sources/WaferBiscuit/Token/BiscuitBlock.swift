public import WaferCrypto
public import WaferDatalog

/// One block of a token, decoded: its Datalog and what the format records about it.
public struct BiscuitBlock: Hashable, Sendable {
    /// The block's index: 0 for the authority block, then 1, 2, … in token order.
    public var index: Int
    /// The block's facts, rules, checks and block-level `trusting` clause.
    public var program: Program
    /// The symbols the block adds to the token's table (for a third-party block, its own table).
    public var symbols: [String]
    /// The public keys the block adds to the token's key table (for a third-party block, its own table).
    public var publicKeys: [PublicKeyLiteral]
    /// The block's Datalog version: 3 (Biscuit v3.0) to 6 (v3.3).
    public var version: UInt32
    /// The block's free-form context string, if any.
    public var context: String?
    /// For a third-party block, the key of its external signature.
    public var externalKey: PublicKey?
    /// The signature payload version of the block: 0 (deprecated) or 1.
    public var signatureVersion: UInt32
    /// The block's revocation identifier: the raw bytes of its signature.
    public var revocationIdentifier: [UInt8]

    /// The block's Datalog as source text, as biscuit-rust prints it (`code` in samples.json).
    public var code: String { program.description }
}

extension TokenContainer {
    /// Decodes the blocks into Datalog with the token's symbol and key tables. Call only after
    /// ``verifySignatures(rootKey:)`` when the result is to be trusted.
    ///
    /// - Parameter decoded: Blocks of this token decoded already (a token it was attenuated from): they are
    ///   kept, and only the blocks after them are decoded.
    func decodeBlocks(continuing decoded: [BiscuitBlock] = []) throws(BiscuitError) -> [BiscuitBlock] {
        var (symbols, publicKeys) = Self.tables(of: decoded)
        var result = decoded
        result.reserveCapacity(blocks.count)
        for (index, record) in blocks.enumerated().dropFirst(decoded.count) {
            let block = try BlockDecoder.decode(
                record.data, index: index, isThirdParty: record.external != nil, limits: limits,
                symbols: &symbols, publicKeys: &publicKeys)
            result.append(
                BiscuitBlock(
                    index: index, program: block.program, symbols: block.symbols,
                    publicKeys: block.publicKeys, version: block.version, context: block.context,
                    externalKey: record.external?.publicKey, signatureVersion: record.signatureVersion,
                    revocationIdentifier: record.signature))
        }
        return result
    }

    /// The token's symbol and key tables after its first-party blocks, for appending a block.
    func tables() throws(BiscuitError) -> (SymbolTable, PublicKeyTable) {
        var symbols = SymbolTable()
        var publicKeys = PublicKeyTable()
        for (index, record) in blocks.enumerated() where record.external == nil {
            _ = try BlockDecoder.decode(
                record.data, index: index, isThirdParty: false, limits: limits, symbols: &symbols,
                publicKeys: &publicKeys)
        }
        return (symbols, publicKeys)
    }

    /// The symbol and key tables after decoded blocks: each first-party block adds its own symbols and
    /// keys; a third-party block's tables are its own.
    static func tables(of decoded: [BiscuitBlock]) -> (SymbolTable, PublicKeyTable) {
        var symbols = SymbolTable()
        var publicKeys = PublicKeyTable()
        for block in decoded where block.externalKey == nil {
            for symbol in block.symbols { symbols.append(symbol) }
            for key in block.publicKeys { publicKeys.append(key) }
        }
        return (symbols, publicKeys)
    }
}

extension TokenContainer {
    /// A copy with one more first-party block holding `program`, signed with the proof secret.
    ///
    /// - Parameter decoded: The token's blocks, when they are decoded already (their tables are then not
    ///   decoded again).
    func appending(
        _ program: Program, context: String?, nextKeyAlgorithm: SignatureAlgorithm, decoded: [BiscuitBlock]? = nil
    ) throws(BiscuitError) -> TokenContainer {
        guard !isSealed else {
            throw BiscuitError(.sealed, "the token is sealed: no block can be appended")
        }
        var (symbols, publicKeys) = if let decoded { Self.tables(of: decoded) } else { try tables() }
        let (data, version) = try BlockEncoder.encode(
            program, context: context, isThirdParty: false, symbols: &symbols, publicKeys: &publicKeys)
        var container = self
        try container.append(
            data: data, blockVersion: version, external: nil, nextKey: SigningKey(algorithm: nextKeyAlgorithm))
        return container
    }
}
