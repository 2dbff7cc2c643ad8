// Fuzzes Biscuit decoding and verification: the input is a serialized token (protobuf), decoded with
// `UnverifiedBiscuit(bytes:limits:)` and verified with the root key of the specification's samples.
//
// Properties asserted:
// - a decoded token has one revocation identifier, one next key and one external-key slot per block;
// - a token that verifies has the blocks `unverifiedBlocks()` read, and its bytes decode and verify again;
// - a verified token that is not sealed stays valid when attenuated and when sealed (decoded from its new
//   bytes and verified with the same root key), with its first blocks unchanged; a sealed one refuses both;
// - the authority block of any token whose blocks decode, minted again under a fuzz root key, decodes to the
//   same program (the Datalog → protobuf → Datalog round trip), and every block's program appended to it
//   keeps its program too;
// - an authorizer over a verified or re-minted token ends, with a result or an error, under small limits.
import FuzzSupport
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// The root public key of biscuit-rust's samples (`samples.json`, `root_public_key`).
private let samplesRootKey: PublicKey = {
    do {
        return try PublicKey(text: "ed25519/1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284")
    } catch { fatalError("the samples' root key does not read: \(error)") }
}()

private let fuzzRootKey: SigningKey = {
    do {
        return try SigningKey(text: "ed25519-private/4d1f0e3a2c6b5a79888a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f")
    } catch { fatalError("the fuzz root key does not read: \(error)") }
}()

private let decodeLimits = BiscuitLimits(maxTokenSize: 1 << 16, maxBlocks: 16)
private let runLimits = RunLimits(maxFacts: 200, maxIterations: 20, maxTime: .milliseconds(50))

private let authorizerProgram: Program = {
    do {
        return try Program(parsing: """
            resource("file1"); operation("read"); time(2020-12-21T09:23:12Z);
            allow if true;
            """)
    } catch { fatalError("the fixed authorizer program does not parse: \(error)") }
}()

private let extraBlock: Program = {
    do { return try Program(parsing: #"check if operation("read");"#) } catch {
        fatalError("the fixed block does not parse: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBiscuit(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = inputBytes(start, count)
    guard let token = try? UnverifiedBiscuit(bytes: bytes, limits: decodeLimits) else { return 0 }
    let blockCount = token.blockCount
    require(token.revocationIdentifiers.count == blockCount, "revocation identifiers and blocks differ in number")
    require(token.nextKeys.count == blockCount, "next keys and blocks differ in number")
    require(token.externalKeys.count == blockCount, "external keys and blocks differ in number")
    _ = token.rootKeyID
    let blocks = try? token.unverifiedBlocks()

    if let biscuit = try? token.verify(rootKey: samplesRootKey) {
        checkVerified(biscuit, blocks: blocks, isSealed: token.isSealed)
    }
    if let blocks { remint(blocks) }
    return 0
}

private func checkVerified(_ biscuit: Biscuit, blocks: [BiscuitBlock]?, isSealed: Bool) {
    require(blocks != nil, "a token verifies but its blocks do not decode")
    if let blocks { require(biscuit.blocks == blocks, "verified blocks differ from the unverified decode") }
    require(biscuit.isSealed == isSealed, "the sealed flag changed with verification")
    let again = try? UnverifiedBiscuit(bytes: biscuit.serializedBytes, limits: decodeLimits).verify(rootKey: samplesRootKey)
    require(again?.blocks == biscuit.blocks, "a verified token's bytes do not verify again to the same blocks")

    if isSealed {
        require((try? biscuit.attenuated(with: extraBlock)) == nil, "a sealed token was attenuated")
        require((try? biscuit.sealed()) == nil, "a sealed token was sealed again")
    } else {
        if biscuit.blocks.count < decodeLimits.maxBlocks, let attenuated = try? biscuit.attenuated(with: extraBlock) {
            let decoded = try? UnverifiedBiscuit(bytes: attenuated.serializedBytes, limits: decodeLimits)
                .verify(rootKey: samplesRootKey)
            require(decoded != nil, "an attenuated token does not verify")
            if let decoded {
                require(decoded.blocks.count == biscuit.blocks.count + 1, "attenuation did not add one block")
                require(
                    decoded.blocks.prefix(biscuit.blocks.count).map(\.program) == biscuit.blocks.map(\.program),
                    "attenuation changed the earlier blocks")
                require(decoded.blocks.last?.program == extraBlock, "the appended block reads back differently")
            }
        }
        let sealed = try? biscuit.sealed()
        require(sealed != nil, "an unsealed token cannot be sealed")
        if let sealed {
            let decoded = try? UnverifiedBiscuit(bytes: sealed.serializedBytes, limits: decodeLimits)
            require(decoded?.isSealed == true, "a sealed token does not decode as sealed")
            require((try? decoded?.verify(rootKey: samplesRootKey)) != nil, "a sealed token does not verify")
        }
    }
    authorize(biscuit)
}

/// Mints the decoded blocks again under the fuzz root key: the authority block as a new token, each later
/// first-party block appended to it; each must read back as the program that was written.
private func remint(_ blocks: [BiscuitBlock]) {
    guard let authority = blocks.first else { return }
    // The encoder refuses what the writer must not produce (an unsafe rule, a policy); the decoder may read it.
    guard var biscuit = try? Biscuit.make(rootKey: fuzzRootKey, program: authority.program, context: authority.context)
    else { return }
    let decoded = try? UnverifiedBiscuit(bytes: biscuit.serializedBytes).verify(rootKey: fuzzRootKey.publicKey)
    require(decoded != nil, "a re-minted authority block does not verify")
    require(
        decoded?.blocks.first?.program == authority.program,
        "the authority block's program changes through encoding: \(authority.program) / \(decoded?.blocks.first?.program as Any)")
    require(decoded?.blocks.first?.context == authority.context, "the authority block's context changes through encoding")
    for block in blocks.dropFirst() where block.externalKey == nil {
        guard let next = try? biscuit.attenuated(with: block.program, context: block.context) else { continue }
        require(next.blocks.last?.program == block.program, "block \(block.index)'s program changes through encoding")
        biscuit = next
    }
    authorize(biscuit)
}

private func authorize(_ biscuit: Biscuit) {
    var authorizer = Authorizer(biscuit: biscuit, program: authorizerProgram, limits: runLimits)
    authorizer.addTime(secondsSince1970: 1_608_542_592)
    _ = try? authorizer.authorize()
}
