import WaferCrypto

/// The exact bytes each signature of a Biscuit token covers (NOTES §3, verified on all 38 samples).
enum SignaturePayload {
    /// `Int32(algorithm)` little-endian: 0 for Ed25519, 1 for secp256r1.
    static func algorithmBytes(_ key: PublicKey) -> [UInt8] {
        switch key.algorithm {
        case .ed25519: return [0, 0, 0, 0]
        case .secp256r1: return [1, 0, 0, 0]
        }
    }

    /// Signature payload version 0 (deprecated): `data ‖ [esig] ‖ alg(nextKey) ‖ key(nextKey)`.
    static func blockVersion0(data: [UInt8], externalSignature: [UInt8]?, nextKey: PublicKey) -> [UInt8] {
        var payload = data
        if let externalSignature { payload += externalSignature }
        payload += algorithmBytes(nextKey)
        payload += nextKey.rawRepresentation
        return payload
    }

    /// Signature payload version 1: tagged fields, chained to the previous block's signature.
    static func blockVersion1(
        data: [UInt8], nextKey: PublicKey, previousSignature: [UInt8]?, externalSignature: [UInt8]?
    ) -> [UInt8] {
        var payload = Array("\0BLOCK\0\0VERSION\0".utf8)
        payload += [1, 0, 0, 0]
        payload += Array("\0PAYLOAD\0".utf8)
        payload += data
        payload += Array("\0ALGORITHM\0".utf8)
        payload += algorithmBytes(nextKey)
        payload += Array("\0NEXTKEY\0".utf8)
        payload += nextKey.rawRepresentation
        if let previousSignature {
            payload += Array("\0PREVSIG\0".utf8)
            payload += previousSignature
        }
        if let externalSignature {
            payload += Array("\0EXTERNALSIG\0".utf8)
            payload += externalSignature
        }
        return payload
    }

    /// The third-party (external) signature payload, version 1.
    static func externalVersion1(data: [UInt8], previousSignature: [UInt8]) -> [UInt8] {
        var payload = Array("\0EXTERNAL\0\0VERSION\0".utf8)
        payload += [1, 0, 0, 0]
        payload += Array("\0PAYLOAD\0".utf8)
        payload += data
        payload += Array("\0PREVSIG\0".utf8)
        payload += previousSignature
        return payload
    }

    /// The sealing signature's payload: `data ‖ alg(nextKey) ‖ key(nextKey) ‖ signature` of the last block,
    /// the same for every signature version.
    static func seal(data: [UInt8], nextKey: PublicKey, signature: [UInt8]) -> [UInt8] {
        var payload = data
        payload += algorithmBytes(nextKey)
        payload += nextKey.rawRepresentation
        payload += signature
        return payload
    }
}
