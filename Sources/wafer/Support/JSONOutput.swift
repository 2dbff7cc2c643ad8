import Foundation
import Wafer

/// Prints a JSON object on one line with sorted keys: the `--json` output of every command.
func printJSON(_ object: [String: Any]) {
    // Every value the commands build is a string, number, Boolean, array, dictionary or null, which
    // JSONSerialization always accepts.
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
        print(String(decoding: data, as: UTF8.self))
    }
}

/// The `--json` object of a command that prints a Biscuit token: the token, its revocation ids (hex, one per
/// block, authority first), its block count and whether it is sealed.
func tokenJSON(_ text: String, revocationIdentifiers: [[UInt8]], isSealed: Bool) -> [String: Any] {
    [
        "token": text, "revocationIds": revocationIdentifiers.map { Hex.encode($0) },
        "blockCount": revocationIdentifiers.count, "sealed": isSealed,
    ]
}

/// Prints a Biscuit token as its text, or with `json` as ``tokenJSON(_:revocationIdentifiers:isSealed:)``.
func printToken(_ token: UnverifiedBiscuit, json: Bool) {
    if json {
        printJSON(tokenJSON(token.base64URLEncoded, revocationIdentifiers: token.revocationIdentifiers, isSealed: token.isSealed))
    } else {
        print(token.base64URLEncoded)
    }
}

/// Prints a verified Biscuit token as its text, or with `json` as ``tokenJSON(_:revocationIdentifiers:isSealed:)``.
func printToken(_ token: Biscuit, json: Bool) {
    if json {
        printJSON(tokenJSON(token.base64URLEncoded, revocationIdentifiers: token.revocationIdentifiers, isSealed: token.isSealed))
    } else {
        print(token.base64URLEncoded)
    }
}

/// A public key's `--json` fields: its text form, algorithm and PEM.
func publicKeyJSON(_ key: PublicKey) -> [String: Any] {
    ["publicKey": key.description, "algorithm": key.algorithm.rawValue, "pem": key.pemRepresentation]
}
