// Fuzzes third-party blocks: the input is read as a third-party block request, as third-party block contents,
// as the payload of a third-party block (signed here, as a third party would, so that appending reaches the
// block decoder), and as Datalog text a third party turns into a block.
//
// Properties asserted:
// - a request and a block that decode write bytes that decode to equal values;
// - a block whose signature was not made for the token's last block is refused (`appending` fails);
// - a block signed for the token, once appended, yields a token whose bytes verify with the root key, whose
//   earlier blocks are unchanged, and whose last block carries the third party's key and the program written;
// - an authorizer over the extended token ends under small limits.
import FuzzSupport
import WaferBiscuit
import WaferCrypto
import WaferDatalog

private func fixedKey(_ text: String) -> SigningKey {
    do { return try SigningKey(text: text) } catch { fatalError("a fixed key does not read: \(error)") }
}

private let rootKey = fixedKey("ed25519-private/0c6f3b7a2e91d84f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b")
private let thirdPartyKeys = [
    fixedKey("ed25519-private/7a2b3c4d5e6f708192a3b4c5d6e7f8091a2b0c6f3b7a2e91d84f5a6b7c8d9e0f"),
    fixedKey("secp256r1-private/4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
]
private let limits = RunLimits(maxFacts: 200, maxIterations: 20, maxTime: .milliseconds(50))

private let token: Biscuit = {
    do {
        return try Biscuit.make(rootKey: rootKey, code: """
            user("alice"); right("file1", "read");
            check if group("admin") trusting \(thirdPartyKeys[0].publicKey);
            """)
    } catch { fatalError("the fixed token cannot be made: \(error)") }
}()

private let authorizerProgram: Program = {
    do {
        return try Program(parsing: """
            resource("file1"); operation("read");
            allow if user($u) trusting authority, \(thirdPartyKeys[0].publicKey), \(thirdPartyKeys[1].publicKey);
            deny if true;
            """)
    } catch { fatalError("the fixed authorizer program does not parse: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThirdParty(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = inputBytes(start, count)
    if let request = try? ThirdPartyRequest(bytes: bytes) {
        require((try? ThirdPartyRequest(bytes: request.serializedBytes)) == request, "a request reads back differently")
        require((try? ThirdPartyRequest(base64URL: request.base64URLEncoded)) == request, "a request's base64 reads back differently")
    }
    if let block = try? ThirdPartyBlock(bytes: bytes) {
        require((try? ThirdPartyBlock(bytes: block.serializedBytes)) == block, "a block reads back differently")
        require((try? ThirdPartyBlock(base64URL: block.base64URLEncoded)) == block, "a block's base64 reads back differently")
        require((try? token.appending(block)) == nil, "a block not signed for this token was appended")
    }
    if let text = inputText(bytes) {
        _ = try? ThirdPartyRequest(base64URL: text)
        _ = try? ThirdPartyBlock(base64URL: text)
    }

    guard let request = try? token.thirdPartyRequest() else {
        require(false, "the fixed token gives no third-party request")
        return 0
    }
    // The input as a block payload, signed by the third party for this token.
    let signer = thirdPartyKeys[bytes.first.map { Int($0 & 1) } ?? 0]
    let contents = signedContents(payload: bytes, request: request, signer: signer)
    if let block = try? ThirdPartyBlock(bytes: contents), let extended = try? token.appending(block) {
        check(extended, signer: signer, program: nil)
    }
    // The input as the Datalog text of a third-party block.
    if let text = inputText(bytes), let program = try? Program(parsing: text),
        let block = try? request.makeBlock(program: program, signingKey: signer)
    {
        let extended = Result { () throws(BiscuitError) in try token.appending(block) }
        require((try? extended.get()) != nil, "a block made from this token's request is refused: \(extended)")
        if let extended = try? extended.get() { check(extended, signer: signer, program: program) }
    }
    return 0
}

private func check(_ extended: Biscuit, signer: SigningKey, program: Program?) {
    let decoded = try? UnverifiedBiscuit(bytes: extended.serializedBytes).verify(rootKey: rootKey.publicKey)
    require(decoded != nil, "a token with an appended third-party block does not verify")
    guard let decoded, let last = decoded.blocks.last else { return }
    require(decoded.blocks.count == token.blocks.count + 1, "appending did not add one block")
    require(Array(decoded.blocks.prefix(token.blocks.count)) == token.blocks, "appending changed the earlier blocks")
    require(last.externalKey == signer.publicKey, "the appended block does not carry the third party's key")
    if let program { require(last.program == program, "the third-party block's program reads back differently") }
    var authorizer = Authorizer(biscuit: decoded, program: authorizerProgram, limits: limits)
    authorizer.addTime(secondsSince1970: 1_800_000_000)
    _ = try? authorizer.authorize()
}

/// `ThirdPartyBlockContents { payload = 1; externalSignature = 2 { signature = 1; publicKey = 2 } }`, with
/// the signature of biscuit's external payload (version 1): what a third party returns for a request.
private func signedContents(payload: [UInt8], request: ThirdPartyRequest, signer: SigningKey) -> [UInt8] {
    var signed = Array("\0EXTERNAL\0\0VERSION\0".utf8) + [1, 0, 0, 0]
    signed += Array("\0PAYLOAD\0".utf8) + payload
    signed += Array("\0PREVSIG\0".utf8) + request.previousSignature
    let signature = signer.signature(for: signed)
    let algorithm: UInt8 = signer.algorithm == .ed25519 ? 0 : 1
    let key = [0x08, algorithm] + field(2, signer.publicKey.rawRepresentation)
    let external = field(1, signature) + field(2, key)
    return field(1, payload) + field(2, external)
}

/// A length-delimited protobuf field.
private func field(_ number: UInt8, _ value: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [number << 3 | 2]
    var length = value.count
    while length >= 0x80 {
        bytes.append(UInt8(length & 0x7F) | 0x80)
        length >>= 7
    }
    bytes.append(UInt8(length))
    return bytes + value
}
