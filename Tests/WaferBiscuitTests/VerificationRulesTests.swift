import Foundation
import Testing
@testable import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// Hand-built tokens for the format rules no sample covers: each is signed correctly, so only the rule
/// under test can reject it.
struct ChainBuilder {
    struct Item {
        var data: [UInt8]
        var signatureVersion: UInt32 = 0
        var external: SigningKey? = nil
        var externalSignatureVersion1 = true
    }

    let root = SigningKey(algorithm: .ed25519)

    /// Signs the blocks into a token and returns its bytes.
    func token(_ items: [Item]) throws -> [UInt8] {
        var records: [SignedBlockRecord] = []
        var current = root
        var previous: [UInt8]?
        for item in items {
            let next = SigningKey(algorithm: .ed25519)
            var external: ExternalSignatureRecord?
            if let key = item.external {
                let payload = item.externalSignatureVersion1
                    ? SignaturePayload.externalVersion1(data: item.data, previousSignature: previous ?? [])
                    : item.data + SignaturePayload.algorithmBytes(current.publicKey) + current.publicKey.rawRepresentation
                external = ExternalSignatureRecord(signature: key.signature(for: payload), publicKey: key.publicKey)
            }
            let record = TokenContainer.sign(
                data: item.data, signingKey: current, nextKey: next.publicKey, previousSignature: previous,
                external: external, version: item.signatureVersion)
            records.append(record)
            previous = record.signature
            current = next
        }
        return try TokenContainer(rootKeyID: nil, blocks: records, proof: .nextSecret(current.exportSecret())).serialized()
    }

    /// A `Block` message's bytes.
    static func block(
        version: UInt32, symbols: [String] = [], facts: [(UInt64, [UInt64])] = [], checkKind: Biscuit_Format_Schema_Check.Kind? = nil,
        publicKeys: [PublicKey] = []
    ) throws -> [UInt8] {
        var block = Biscuit_Format_Schema_Block()
        block.version = version
        block.symbols = symbols
        block.facts = facts.map { name, strings in
            var fact = Biscuit_Format_Schema_Fact()
            fact.predicate.name = name
            fact.predicate.terms = strings.map { var term = Biscuit_Format_Schema_Term(); term.string = $0; return term }
            return fact
        }
        if let checkKind {
            var check = Biscuit_Format_Schema_Check()
            check.kind = checkKind
            var query = Biscuit_Format_Schema_Rule()
            query.head.name = 27
            var expression = Biscuit_Format_Schema_Expression()
            var op = Biscuit_Format_Schema_Op()
            op.value.bool = true
            expression.ops = [op]
            query.expressions = [expression]
            check.queries = [query]
            block.checks = [check]
        }
        block.publicKeys = publicKeys.map { BlockEncoder.protoKey(PublicKeyLiteral($0)) }
        return try block.serializedBytes()
    }
}

@Suite("Verification rules: signature versions, third-party blocks, block versions, tables")
struct VerificationRulesTests {
    let builder = ChainBuilder()

    func verify(_ bytes: [UInt8]) throws -> Biscuit {
        try UnverifiedBiscuit(bytes: bytes).verify(rootKey: builder.root.publicKey)
    }

    func expectError(_ code: BiscuitError.Code, _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try verify(bytes) } throws: { error in
            (error as? BiscuitError)?.code == code
        }
    }

    @Test("well-formed hand-built chains verify, with v0 and v1 signatures and a v1 third-party block")
    func wellFormed() throws {
        let third = SigningKey(algorithm: .secp256r1)
        let bytes = try builder.token([
            .init(data: ChainBuilder.block(version: 3, symbols: ["a"], facts: [(1024, [1024])])),
            .init(data: ChainBuilder.block(version: 3, symbols: ["b"], facts: [(1024, [1025])]), signatureVersion: 1),
            .init(data: ChainBuilder.block(version: 5, symbols: ["c"], facts: [(1024, [1024])]), signatureVersion: 1, external: third),
        ])
        let biscuit = try verify(bytes)
        #expect(biscuit.blocks.map(\.code) == ["a(\"a\");\n", "a(\"b\");\n", "c(\"c\");\n"])
        #expect(biscuit.blocks[2].externalKey == third.publicKey)
        #expect(biscuit.trustedKeys == [PublicKeyLiteral(third.publicKey): [2]])
    }

    @Test("a signature payload version other than 0 or 1 is rejected before anything else")
    func unknownSignatureVersion() throws {
        expectError(.unsupportedSignatureVersion, try builder.token([.init(data: ChainBuilder.block(version: 3), signatureVersion: 2)]))
    }

    @Test("a third-party block signed with payload version 0 is rejected (v3.3)")
    func thirdPartyVersion0() throws {
        let third = SigningKey(algorithm: .ed25519)
        expectError(.unsupportedSignatureVersion, try builder.token([
            .init(data: ChainBuilder.block(version: 3)),
            .init(data: ChainBuilder.block(version: 5), signatureVersion: 0, external: third, externalSignatureVersion1: false),
        ]))
    }

    @Test("an external signature on the authority block is rejected")
    func externalOnAuthority() throws {
        expectError(.externalSignatureOnAuthority, try builder.token([
            .init(data: ChainBuilder.block(version: 5), signatureVersion: 1, external: SigningKey(algorithm: .ed25519)),
        ]))
    }

    @Test("a wrong external signature is an invalid signature")
    func wrongExternalSignature() throws {
        let third = SigningKey(algorithm: .ed25519)
        var bytes = try builder.token([
            .init(data: ChainBuilder.block(version: 3)),
            .init(data: ChainBuilder.block(version: 5), signatureVersion: 1, external: third),
        ])
        var container = try TokenContainer(bytes: bytes)
        container.blocks[1].external?.signature[5] ^= 1
        bytes = try container.serialized()
        expectError(.invalidSignature, bytes)
    }

    @Test("block versions outside 3...6 and third-party blocks below 5 are rejected", arguments: [0, 2, 7, 100] as [UInt32])
    func blockVersions(version: UInt32) throws {
        expectError(.unsupportedBlockVersion, try builder.token([.init(data: ChainBuilder.block(version: version))]))
    }

    @Test("a third-party block of version 4 is rejected")
    func thirdPartyVersion4() throws {
        expectError(.unsupportedBlockVersion, try builder.token([
            .init(data: ChainBuilder.block(version: 3)),
            .init(data: ChainBuilder.block(version: 4), signatureVersion: 1, external: SigningKey(algorithm: .ed25519)),
        ]))
    }

    @Test("features above the declared version are rejected: a check kind in v3, reject if in v4")
    func featureGating() throws {
        expectError(.unsupportedBlockVersion, try builder.token([.init(data: ChainBuilder.block(version: 3, checkKind: .one))]))
        expectError(.unsupportedBlockVersion, try builder.token([.init(data: ChainBuilder.block(version: 4, checkKind: .reject))]))
        _ = try verify(try builder.token([.init(data: ChainBuilder.block(version: 4, checkKind: .one))]))
        _ = try verify(try builder.token([.init(data: ChainBuilder.block(version: 6, checkKind: .reject))]))
    }

    @Test("symbol tables: a default symbol or a repeated first-party symbol overlaps; third-party tables are isolated")
    func symbolOverlap() throws {
        expectError(.symbolTableOverlap, try builder.token([.init(data: ChainBuilder.block(version: 3, symbols: ["read"]))]))
        expectError(.symbolTableOverlap, try builder.token([
            .init(data: ChainBuilder.block(version: 3, symbols: ["a"])),
            .init(data: ChainBuilder.block(version: 3, symbols: ["a"])),
        ]))
        _ = try verify(try builder.token([
            .init(data: ChainBuilder.block(version: 3, symbols: ["a"])),
            .init(data: ChainBuilder.block(version: 5, symbols: ["a"]), signatureVersion: 1, external: SigningKey(algorithm: .ed25519)),
            .init(data: ChainBuilder.block(version: 3, symbols: ["b"], facts: [(1025, [1024])])),
        ]))
    }

    @Test("an index outside the symbol table is an invalid block; a third-party block cannot see the token's symbols")
    func unknownSymbol() throws {
        expectError(.invalidBlock, try builder.token([.init(data: ChainBuilder.block(version: 3, facts: [(1024, [])]))]))
        expectError(.invalidBlock, try builder.token([.init(data: ChainBuilder.block(version: 3, facts: [(500, [])]))]))
        expectError(.invalidBlock, try builder.token([
            .init(data: ChainBuilder.block(version: 3, symbols: ["a"])),
            .init(data: ChainBuilder.block(version: 5, facts: [(1024, [])]), signatureVersion: 1, external: SigningKey(algorithm: .ed25519)),
        ]))
    }

    @Test("a public key repeated in the first-party key table overlaps")
    func keyOverlap() throws {
        let key = SigningKey(algorithm: .ed25519).publicKey
        expectError(.publicKeyTableOverlap, try builder.token([
            .init(data: ChainBuilder.block(version: 4, publicKeys: [key])),
            .init(data: ChainBuilder.block(version: 4, publicKeys: [key])),
        ]))
    }

    @Test("undecodable block bytes under a valid signature are a format error found after the signatures")
    func garbageBlock() throws {
        expectError(.invalidFormat, try builder.token([.init(data: [0xff, 0xff, 0xff, 0x01])]))
        let inspected = try UnverifiedBiscuit(bytes: try builder.token([.init(data: [0xff, 0xff, 0xff, 0x01])]))
        #expect(inspected.blockCount == 1)
    }

    @Test("a proof secret that is not the last next key's is an invalid signature")
    func wrongProof() throws {
        let bytes = try builder.token([.init(data: ChainBuilder.block(version: 3))])
        var container = try TokenContainer(bytes: bytes)
        container.proof = .nextSecret(SigningKey(algorithm: .ed25519).exportSecret())
        expectError(.invalidSignature, try container.serialized())
    }

    @Test("an unknown check kind is an invalid block, not a 'check if'")
    func unknownCheckKind() throws {
        var check = Biscuit_Format_Schema_Check()
        var query = Biscuit_Format_Schema_Rule()
        query.head.name = 27
        check.queries = [query]
        let checkBytes: [UInt8] = try check.serializedBytes() + [0x10, 0x03]  // kind = 3
        var block = Biscuit_Format_Schema_Block()
        block.version = 6
        block.checks = [try Biscuit_Format_Schema_Check(serializedBytes: checkBytes)]
        expectError(.invalidBlock, try builder.token([.init(data: try block.serializedBytes())]))
    }
}
