import Foundation
import SwiftProtobuf
import WaferCrypto
import WaferDatalog

/// A third-party block's external signature, as carried by the token.
struct ExternalSignatureRecord: Sendable {
    var signature: [UInt8]
    var publicKey: PublicKey
}

/// One `SignedBlock`, its block bytes kept exactly as transmitted.
struct SignedBlockRecord: Sendable {
    var data: [UInt8]
    var nextKey: PublicKey
    var signature: [UInt8]
    var external: ExternalSignatureRecord?
    var signatureVersion: UInt32
}

/// The end of the chain: the secret to append with, or the sealing signature.
enum ProofRecord: Sendable {
    /// The next secret as read from a token, its public key not derived yet.
    case nextSecret(SecretBytes)
    /// The next secret as a key: minted or appended here, or derived once by verification, so that
    /// appending or sealing does not derive it again (a base-point multiplication, about 17 µs).
    case nextKey(SigningKey)
    case finalSignature([UInt8])
}

/// The outer layer of a token: the signed blocks and the proof, before any block is decoded.
struct TokenContainer: Sendable {
    var rootKeyID: UInt32?
    var blocks: [SignedBlockRecord]
    var proof: ProofRecord
    /// The caps applied when the blocks are decoded.
    var limits: BiscuitLimits = .default

    /// Decodes the outer `Biscuit` message. Block contents are left undecoded.
    ///
    /// - Throws: ``BiscuitError/Code/tooManyBlocks`` beyond `limits.maxBlocks`, before any signature is
    ///   checked; ``BiscuitError/Code/invalidFormat`` for bytes that are not a `Biscuit` message.
    init(bytes: [UInt8], limits: BiscuitLimits = .default) throws(BiscuitError) {
        self.limits = limits
        let message: Biscuit_Format_Schema_Biscuit
        do {
            message = try Biscuit_Format_Schema_Biscuit(serializedBytes: bytes)
        } catch {
            throw BiscuitError(.invalidFormat, "the bytes are not a Biscuit token (protobuf message Biscuit): \(error)")
        }
        rootKeyID = message.hasRootKeyID ? message.rootKeyID : nil
        guard message.blocks.count < limits.maxBlocks else {
            throw BiscuitError(.tooManyBlocks, "the token has \(message.blocks.count + 1) blocks; the most accepted is \(limits.maxBlocks) (BiscuitLimits.maxBlocks)")
        }
        var blocks: [SignedBlockRecord] = []
        for (index, signed) in ([message.authority] + message.blocks).enumerated() {
            // Messages are built only when verification fails: a valid token pays no string work.
            var place: String { index == 0 ? "the authority block" : "block \(index)" }
            var external: ExternalSignatureRecord?
            if signed.hasExternalSignature {
                external = ExternalSignatureRecord(
                    signature: [UInt8](signed.externalSignature.signature),
                    publicKey: try BlockDecoder.publicKey(signed.externalSignature.publicKey, "\(place), external signature key"))
            }
            blocks.append(
                SignedBlockRecord(
                    data: [UInt8](signed.block),
                    nextKey: try BlockDecoder.publicKey(signed.nextKey, "\(place), next key"),
                    signature: [UInt8](signed.signature), external: external,
                    signatureVersion: signed.hasVersion ? signed.version : 0))
        }
        self.blocks = blocks
        switch message.proof.content {
        case .nextSecret(let secret): proof = .nextSecret(SecretBytes(secret))
        case .finalSignature(let signature): proof = .finalSignature([UInt8](signature))
        case nil: throw BiscuitError(.invalidFormat, "the token's proof is empty: it holds neither a next secret nor a final signature")
        }
    }

    init(rootKeyID: UInt32?, blocks: [SignedBlockRecord], proof: ProofRecord) {
        self.rootKeyID = rootKeyID
        self.blocks = blocks
        self.proof = proof
    }

    /// Verifies every block signature, every external signature and the proof, in chain order.
    ///
    /// Blocks are not decoded: a block whose bytes are not Datalog still fails here with a signature error
    /// when its signature is wrong (sample test004).
    /// - Returns: The proof's key, derived from its secret, or `nil` for a sealed token.
    @discardableResult
    func verifySignatures(rootKey: PublicKey) throws(BiscuitError) -> SigningKey? {
        var currentKey = rootKey
        var previousSignature: [UInt8]?
        for (index, block) in blocks.enumerated() {
            // Messages are built only when verification fails: a valid token pays no string work.
            var place: String { index == 0 ? "the authority block" : "block \(index)" }
            guard block.signatureVersion <= 1 else {
                throw BiscuitError(.unsupportedSignatureVersion, "\(place) uses signature version \(block.signatureVersion); this library knows versions 0 and 1")
            }
            if let external = block.external {
                guard let previous = previousSignature else {
                    throw BiscuitError(.externalSignatureOnAuthority, "the authority block carries an external signature; it cannot be a third-party block")
                }
                guard block.signatureVersion == 1 else {
                    throw BiscuitError(.unsupportedSignatureVersion, "\(place) is a third-party block signed with payload version 0, which Biscuit v3.3 rejects; it needs version 1")
                }
                let payload = SignaturePayload.externalVersion1(data: block.data, previousSignature: previous)
                try Self.verify(external.publicKey, external.signature, payload, "the external signature of \(place)")
            }
            let payload: [UInt8]
            if block.signatureVersion == 0 {
                payload = SignaturePayload.blockVersion0(
                    data: block.data, externalSignature: block.external?.signature, nextKey: block.nextKey)
            } else {
                payload = SignaturePayload.blockVersion1(
                    data: block.data, nextKey: block.nextKey, previousSignature: previousSignature,
                    externalSignature: block.external?.signature)
            }
            try Self.verify(currentKey, block.signature, payload, "the signature of \(place)")
            currentKey = block.nextKey
            previousSignature = block.signature
        }
        guard let last = blocks.last else {
            throw BiscuitError(.invalidFormat, "the token has no authority block")
        }
        switch proof {
        case .nextSecret, .nextKey:
            let key = try proofKey(for: last, failing: .invalidSignature)
            guard key.publicKey == last.nextKey else {
                throw BiscuitError(.invalidSignature, "the token's proof is not the private key of the last block's next key")
            }
            return key
        case .finalSignature(let signature):
            let payload = SignaturePayload.seal(data: last.data, nextKey: last.nextKey, signature: last.signature)
            try Self.verify(last.nextKey, signature, payload, "the sealing signature")
            return nil
        }
    }

    private static func verify(
        _ key: PublicKey, _ signature: [UInt8], _ payload: [UInt8], _ what: @autoclosure () -> String
    ) throws(BiscuitError) {
        do {
            try key.verify(signature: signature, for: payload)
        } catch {
            if error.code == .invalidSignatureLength || error.code == .malformedSignature {
                throw BiscuitError(.signatureDeserialization, "\(what()) is not a \(key.algorithm) signature: \(error.message)")
            }
            throw BiscuitError(.invalidSignature, "\(what()) does not verify")
        }
    }

    /// The `Biscuit` message's bytes.
    func serialized() throws(BiscuitError) -> [UInt8] {
        var message = Biscuit_Format_Schema_Biscuit()
        if let rootKeyID { message.rootKeyID = rootKeyID }
        let signedBlocks = blocks.map { block in
            var signed = Biscuit_Format_Schema_SignedBlock()
            signed.block = Data(block.data)
            signed.nextKey = BlockEncoder.protoKey(PublicKeyLiteral(block.nextKey))
            signed.signature = Data(block.signature)
            if let external = block.external {
                var protoExternal = Biscuit_Format_Schema_ExternalSignature()
                protoExternal.signature = Data(external.signature)
                protoExternal.publicKey = BlockEncoder.protoKey(PublicKeyLiteral(external.publicKey))
                signed.externalSignature = protoExternal
            }
            if block.signatureVersion != 0 { signed.version = block.signatureVersion }
            return signed
        }
        guard let authority = signedBlocks.first else {
            throw BiscuitError(.invalidFormat, "a token needs an authority block")
        }
        message.authority = authority
        message.blocks = Array(signedBlocks.dropFirst())
        switch proof {
        case .nextSecret(let secret): message.proof.nextSecret = Data(secret.exportBytes())
        case .nextKey(let key): message.proof.nextSecret = Data(key.exportSecret().exportBytes())
        case .finalSignature(let signature): message.proof.finalSignature = Data(signature)
        }
        do {
            return try message.serializedBytes()
        } catch {
            throw BiscuitError(.invalidFormat, "the token cannot be serialized: \(error)")
        }
    }

    /// Signs and appends a block with the current proof secret, choosing the signature version as
    /// biscuit-rust's `block_signature_version` does.
    mutating func append(
        data: [UInt8], blockVersion: UInt32, external: ExternalSignatureRecord?, nextKey: SigningKey
    ) throws(BiscuitError) {
        guard let last = blocks.last, !isSealed else {
            throw BiscuitError(.sealed, "the token is sealed: no block can be appended")
        }
        let signingKey = try proofKey(for: last, failing: .invalidKey)
        let version = Self.signatureVersion(
            blockVersion: blockVersion, hasExternal: external != nil, signingKey: signingKey.publicKey,
            nextKey: nextKey.publicKey, existing: blocks.map(\.signatureVersion))
        let record = Self.sign(
            data: data, signingKey: signingKey, nextKey: nextKey.publicKey, previousSignature: last.signature,
            external: external, version: version)
        blocks.append(record)
        proof = .nextKey(nextKey)
    }

    /// Whether the proof is a sealing signature.
    var isSealed: Bool {
        if case .finalSignature = proof { return true }
        return false
    }

    /// The proof's secret as a key of the algorithm `last` names for it: the key kept, or derived from the
    /// secret read. Callers have ruled out a sealed token.
    ///
    /// - Parameter code: The error's code when the secret is not a valid key (`invalidSignature` while verifying,
    ///   `invalidKey` while appending or sealing).
    private func proofKey(for last: SignedBlockRecord, failing code: BiscuitError.Code) throws(BiscuitError) -> SigningKey {
        let algorithm = last.nextKey.algorithm
        switch proof {
        case .nextKey(let key):
            return key
        case .nextSecret(let secret):
            do {
                return try SigningKey(algorithm: algorithm, secret: secret)
            } catch {
                throw BiscuitError(code, "the token's proof is not a valid \(algorithm) private key: \(error.message)")
            }
        case .finalSignature:
            throw BiscuitError(.sealed, "the token is sealed: it has no proof secret")
        }
    }

    /// biscuit-rust's `block_signature_version`.
    static func signatureVersion(
        blockVersion: UInt32, hasExternal: Bool, signingKey: PublicKey, nextKey: PublicKey, existing: [UInt32]
    ) -> UInt32 {
        if hasExternal || blockVersion >= 6 { return 1 }
        if signingKey.algorithm != .ed25519 || nextKey.algorithm != .ed25519 { return 1 }
        return existing.max() ?? 0
    }

    /// Signs one block.
    static func sign(
        data: [UInt8], signingKey: SigningKey, nextKey: PublicKey, previousSignature: [UInt8]?,
        external: ExternalSignatureRecord?, version: UInt32
    ) -> SignedBlockRecord {
        let payload: [UInt8]
        if version == 0 {
            payload = SignaturePayload.blockVersion0(data: data, externalSignature: external?.signature, nextKey: nextKey)
        } else {
            payload = SignaturePayload.blockVersion1(
                data: data, nextKey: nextKey, previousSignature: previousSignature,
                externalSignature: external?.signature)
        }
        return SignedBlockRecord(
            data: data, nextKey: nextKey, signature: signingKey.signature(for: payload), external: external,
            signatureVersion: version)
    }

    /// Replaces the proof secret with the sealing signature.
    mutating func seal() throws(BiscuitError) {
        guard let last = blocks.last, !isSealed else {
            throw BiscuitError(.sealed, "the token is already sealed")
        }
        let key = try proofKey(for: last, failing: .invalidKey)
        let payload = SignaturePayload.seal(data: last.data, nextKey: last.nextKey, signature: last.signature)
        proof = .finalSignature(key.signature(for: payload))
    }
}
