import Foundation
import SwiftProtobuf
public import WaferCrypto
public import WaferDatalog

/// What a token holder sends a third party so that it can write a block for the token: the signature of the
/// token's last block, which the third party's external signature will cover.
///
/// ```swift
/// let request = try biscuit.thirdPartyRequest()               // holder
/// let block = try request.makeBlock(program: p, signingKey: k) // third party
/// let extended = try biscuit.appending(block)                  // holder
/// ```
public struct ThirdPartyRequest: Hashable, Sendable {
    /// The signature of the token's last block.
    public let previousSignature: [UInt8]

    init(previousSignature: [UInt8]) {
        self.previousSignature = previousSignature
    }

    /// Reads a request from its protobuf bytes (`ThirdPartyBlockRequest`).
    ///
    /// - Parameter bytes: The serialized request.
    /// - Throws: ``BiscuitError/Code/invalidFormat`` for malformed bytes or non-empty legacy fields.
    public init(bytes: some Collection<UInt8>) throws(BiscuitError) {
        let message: Biscuit_Format_Schema_ThirdPartyBlockRequest
        do {
            message = try Biscuit_Format_Schema_ThirdPartyBlockRequest(serializedBytes: Array(bytes))
        } catch {
            throw BiscuitError(.invalidFormat, "the bytes are not a third-party block request: \(error)")
        }
        guard !message.hasLegacyPreviousKey, message.legacyPublicKeys.isEmpty else {
            throw BiscuitError(.invalidFormat, "the third-party block request uses the legacy fields previousKey/publicKeys, which Biscuit v3.3 rejects")
        }
        previousSignature = [UInt8](message.previousSignature)
    }

    /// Reads a request from URL-safe base64, padded or not.
    ///
    /// - Parameter text: The request's text form.
    /// - Throws: ``BiscuitError/Code/invalidBase64`` or the errors of ``init(bytes:)``.
    public init(base64URL text: some StringProtocol) throws(BiscuitError) {
        let trimmed = Substring(text).trimmingCharacters(in: .whitespacesAndNewlines)
        try self.init(bytes: Base64URL.decode(Substring(trimmed).utf8).get())
    }

    /// The request's protobuf bytes.
    public var serializedBytes: [UInt8] {
        var message = Biscuit_Format_Schema_ThirdPartyBlockRequest()
        message.previousSignature = Data(previousSignature)
        // Every required field is set: serialization cannot fail; an empty result would be refused on read.
        return (try? message.serializedBytes()) ?? []
    }

    /// The request's text form: padded URL-safe base64.
    public var base64URLEncoded: String { Base64URL.encode(serializedBytes) }

    /// Writes and signs a third-party block (the third party's side).
    ///
    /// The block starts from the default symbols and an empty key table, has version `max(5, needed)`, and
    /// is signed with the external signature payload version 1 over the block and the previous signature.
    ///
    /// - Parameters:
    ///   - program: The block's facts, rules, checks and `trusting` clause (no policies).
    ///   - signingKey: The third party's private key; checks elsewhere trust the block through its public key.
    /// - Returns: The signed block, to send back to the holder.
    /// - Throws: ``BiscuitError/Code/invalidDatalog`` for a policy or an unsafe rule.
    public func makeBlock(program: Program, signingKey: SigningKey) throws(BiscuitError) -> ThirdPartyBlock {
        var symbols = SymbolTable()
        var keys = PublicKeyTable()
        let (data, _) = try BlockEncoder.encode(
            program, context: nil, isThirdParty: true, symbols: &symbols, publicKeys: &keys)
        let payload = SignaturePayload.externalVersion1(data: data, previousSignature: previousSignature)
        return ThirdPartyBlock(
            payload: data, signature: signingKey.signature(for: payload), publicKey: signingKey.publicKey)
    }
}

/// A block written and signed by a third party, to be appended to a token by its holder.
public struct ThirdPartyBlock: Hashable, Sendable {
    /// The serialized `Block`.
    public let payload: [UInt8]
    /// The external signature over the payload and the token's last signature.
    public let signature: [UInt8]
    /// The third party's public key.
    public let publicKey: PublicKey

    init(payload: [UInt8], signature: [UInt8], publicKey: PublicKey) {
        self.payload = payload
        self.signature = signature
        self.publicKey = publicKey
    }

    /// Reads a block from its protobuf bytes (`ThirdPartyBlockContents`).
    ///
    /// - Parameter bytes: The serialized block contents.
    /// - Throws: ``BiscuitError/Code/invalidFormat`` or ``BiscuitError/Code/invalidKey``.
    public init(bytes: some Collection<UInt8>) throws(BiscuitError) {
        let message: Biscuit_Format_Schema_ThirdPartyBlockContents
        do {
            message = try Biscuit_Format_Schema_ThirdPartyBlockContents(serializedBytes: Array(bytes))
        } catch {
            throw BiscuitError(.invalidFormat, "the bytes are not third-party block contents: \(error)")
        }
        payload = [UInt8](message.payload)
        signature = [UInt8](message.externalSignature.signature)
        publicKey = try BlockDecoder.publicKey(message.externalSignature.publicKey, "the third-party block's key")
    }

    /// Reads a block from URL-safe base64, padded or not.
    ///
    /// - Parameter text: The block's text form.
    /// - Throws: ``BiscuitError/Code/invalidBase64`` or the errors of ``init(bytes:)``.
    public init(base64URL text: some StringProtocol) throws(BiscuitError) {
        let trimmed = Substring(text).trimmingCharacters(in: .whitespacesAndNewlines)
        try self.init(bytes: Base64URL.decode(Substring(trimmed).utf8).get())
    }

    /// The block's protobuf bytes (`ThirdPartyBlockContents`).
    public var serializedBytes: [UInt8] {
        var message = Biscuit_Format_Schema_ThirdPartyBlockContents()
        message.payload = Data(payload)
        message.externalSignature.signature = Data(signature)
        message.externalSignature.publicKey = BlockEncoder.protoKey(PublicKeyLiteral(publicKey))
        // Every required field is set: serialization cannot fail; an empty result would be refused on read.
        return (try? message.serializedBytes()) ?? []
    }

    /// The block's text form: padded URL-safe base64.
    public var base64URLEncoded: String { Base64URL.encode(serializedBytes) }
}

extension Biscuit {
    /// A request for a third party to write a block for this token.
    ///
    /// - Returns: The request, carrying the last block's signature.
    /// - Throws: ``BiscuitError/Code/sealed`` on a sealed token.
    public func thirdPartyRequest() throws(BiscuitError) -> ThirdPartyRequest {
        guard !isSealed, let last = container.blocks.last else {
            throw BiscuitError(.sealed, "the token is sealed: it cannot take a third-party block")
        }
        return ThirdPartyRequest(previousSignature: last.signature)
    }

    /// A copy of the token with a third-party block appended (signature payload version 1).
    ///
    /// - Parameters:
    ///   - block: The block the third party returned for ``thirdPartyRequest()``.
    ///   - nextKeyAlgorithm: The algorithm of the next ephemeral key.
    /// - Returns: The extended token.
    /// - Throws: ``BiscuitError/Code/invalidSignature`` when the block was not signed for this token's
    ///   current last block, ``BiscuitError/Code/sealed``, or a block error when the payload is not a valid
    ///   third-party block.
    public func appending(_ block: ThirdPartyBlock, nextKeyAlgorithm: SignatureAlgorithm = .ed25519) throws(BiscuitError) -> Biscuit {
        let request = try thirdPartyRequest()
        let payload = SignaturePayload.externalVersion1(data: block.payload, previousSignature: request.previousSignature)
        guard block.publicKey.isValidSignature(block.signature, for: payload) else {
            throw BiscuitError(.invalidSignature, "the third-party block's signature does not verify for this token's last block")
        }
        var symbols = SymbolTable()
        var keys = PublicKeyTable()
        let decoded = try BlockDecoder.decode(
            block.payload, index: blocks.count, isThirdParty: true, limits: container.limits, symbols: &symbols,
            publicKeys: &keys)
        var container = self.container
        try container.append(
            data: block.payload, blockVersion: decoded.version,
            external: ExternalSignatureRecord(signature: block.signature, publicKey: block.publicKey),
            nextKey: SigningKey(algorithm: nextKeyAlgorithm))
        return try Self.finish(container, decoded: blocks)
    }
}
