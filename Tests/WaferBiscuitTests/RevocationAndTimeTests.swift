import Foundation
import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// Verification consults a `RevocationList` once the signatures hold, and the authorizer's `time` fact honours a
/// clock-skew allowance.
@Suite("Revocation and time")
struct RevocationAndTimeTests {
    let rootKey = SigningKey(algorithm: .ed25519)

    private func verifyError(_ token: some Sequence<UInt8>, _ list: RevocationList, key: PublicKey? = nil) -> BiscuitError? {
        do {
            _ = try UnverifiedBiscuit(bytes: Array(token)).verify(rootKey: key ?? rootKey.publicKey, revocationList: list)
            return nil
        } catch {
            return error
        }
    }

    @Test("revoking the authority block's id refuses the token and every token attenuated from it, naming the id")
    func authorityRevoked() throws {
        let token = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        let attenuated = try token.attenuated(withCode: #"check if operation("read");"#)
        let authorityID = token.revocationIdentifiers[0]
        let list = RevocationList(ids: [authorityID])
        for candidate in [token, attenuated] {
            let error = verifyError(candidate.serializedBytes, list)
            #expect(error?.code == .revoked)
            #expect(error?.message.contains("the authority block's revocation id \(Hex.encode(authorityID))") == true)
        }
    }

    @Test("revoking a later block's id refuses only the tokens that carry that block")
    func laterBlockRevoked() throws {
        let token = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        let attenuated = try token.attenuated(withCode: #"check if operation("read");"#)
        let list = RevocationList(ids: [attenuated.revocationIdentifiers[1]])
        #expect(verifyError(token.serializedBytes, list) == nil)
        let error = verifyError(attenuated.serializedBytes, list)
        #expect(error?.code == .revoked)
        #expect(error?.message.contains("block 1's revocation id") == true)
    }

    @Test("a token under a foreign key is refused for its signature, not called revoked")
    func forgedIsNotRevoked() throws {
        let token = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        let list = RevocationList(ids: token.revocationIdentifiers)
        let error = verifyError(token.serializedBytes, list, key: SigningKey(algorithm: .ed25519).publicKey)
        #expect(error?.code == .invalidSignature)
    }

    @Test("the key-provider form consults the list too")
    func keyProvider() throws {
        let token = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        let list = RevocationList(ids: token.revocationIdentifiers)
        let error = #expect(throws: BiscuitError.self) {
            try UnverifiedBiscuit(bytes: token.serializedBytes).verify(keyProvider: { _ in rootKey.publicKey }, revocationList: list)
        }
        #expect(error?.code == .revoked)
    }

    @Test("a clock-skew allowance honours an expiry that many seconds longer, and no longer")
    func clockSkew() throws {
        let expiry: UInt64 = 1_800_000_000
        let token = try Biscuit.make(rootKey: rootKey, code: "check if time($t), $t <= {expiry};", parameters: ["expiry": .term(.date(expiry))])
        func allowed(at seconds: UInt64, allowance: Duration) throws -> Bool {
            var authorizer = try Authorizer(biscuit: token, code: "allow if true;")
            authorizer.addTime(Date(timeIntervalSince1970: TimeInterval(seconds)), clockSkewAllowance: allowance)
            return try authorizer.authorize().isAllowed
        }
        #expect(try allowed(at: expiry, allowance: .zero))
        #expect(try !allowed(at: expiry + 20, allowance: .zero))
        #expect(try allowed(at: expiry + 20, allowance: .seconds(30)))
        #expect(try allowed(at: expiry + 30, allowance: .seconds(30)))
        #expect(try !allowed(at: expiry + 31, allowance: .seconds(30)))
    }

    @Test("the time fact never goes before 1970, whatever the allowance")
    func skewFloor() {
        #expect(Fact.time(secondsSince1970: 10, clockSkewAllowance: .seconds(60)) == Fact("time", [.date(0)]))
        #expect(Fact.time(secondsSince1970: 100, clockSkewAllowance: .milliseconds(999)) == Fact("time", [.date(100)]))
    }
}
