public import Foundation
public import Wafer

/// Mints the service's tokens: an authority block `user("name");`, signed with the issuer's root key.
///
/// The service itself only needs the issuer's public key; this type is for an issuer (a login service, a
/// test). From the command line, `wafer mint --key issuer.key --code 'user("andrew");'` does the same.
public struct TokenIssuer: Sendable {
    /// The root private key.
    public let rootKey: SigningKey

    /// Creates an issuer.
    ///
    /// - Parameter rootKey: The root private key.
    public init(rootKey: SigningKey) {
        self.rootKey = rootKey
    }

    /// The public key the service verifies tokens with.
    public var publicKey: PublicKey { rootKey.publicKey }

    /// Mints a token for a user.
    ///
    /// - Parameters:
    ///   - user: The user's name.
    ///   - expiry: When the token stops being accepted, or `nil` for a token without expiry.
    /// - Returns: The token, URL-safe base64 for an `Authorization: Bearer` header.
    /// - Throws: Only if the Datalog cannot be encoded (it always can).
    public func token(for user: String, expiry: Date? = nil) throws(BiscuitError) -> String {
        var code = "user({user});"
        var parameters: DatalogParameters = ["user": .term(.string(user))]
        if let expiry {
            code += " check if time($time), $time <= {expiry};"
            parameters["expiry"] = .term(.date(UInt64(max(0, expiry.timeIntervalSince1970.rounded(.down)))))
        }
        return try Biscuit.make(rootKey: rootKey, code: code, parameters: parameters).base64URLEncoded
    }
}
