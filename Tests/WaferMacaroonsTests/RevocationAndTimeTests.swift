import Foundation
import Testing
import WaferCrypto
import WaferDatalog
import WaferMacaroons

/// The verifier refuses a macaroon whose identifier, or a used discharge's, is in its revocation list, and moves
/// its `time` fact back by the clock-skew allowance.
@Suite("Macaroon revocation and time")
struct MacaroonRevocationAndTimeTests {
    static let key = secret("this is our super secret key; only we should know it")

    @Test("a revoked identifier refuses the macaroon, naming it; other macaroons still verify")
    func revokedIdentifier() throws {
        let revoked = Macaroon(rootKey: Self.key, identifier: "key-1").addingFirstPartyCaveat("account = 1")
        let other = Macaroon(rootKey: Self.key, identifier: "key-2").addingFirstPartyCaveat("account = 1")
        var verifier = Verifier()
        verifier.satisfyExact("account = 1")
        verifier.revocationList = RevocationList(ids: [Array("key-1".utf8)])
        let failure = try #require(try verifier.verify(revoked, rootKey: Self.key).failure)
        #expect(failure.reason == .revoked)
        #expect(failure.macaroonIdentifier == Array("key-1".utf8))
        #expect("\(failure)".contains("revoked in macaroon \"key-1\": its identifier (hex 6b65792d31) is in the revocation list"))
        #expect(try verifier.verify(other, rootKey: Self.key) == .authorized)
    }

    @Test("a revoked discharge refuses the macaroon that used it, naming the discharge")
    func revokedDischarge() throws {
        let caveatKey = secret("caveat key")
        let m = try Macaroon(rootKey: Self.key, identifier: "id")
            .addingThirdPartyCaveat(location: "auth", caveatKey: caveatKey, identifier: "cid-1")
        let d = Macaroon(rootKey: caveatKey, identifier: "cid-1")
        var verifier = Verifier()
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: [m.binding(d)]) == .authorized)
        verifier.revocationList = RevocationList(ids: [Array("cid-1".utf8)])
        let failure = try #require(try verifier.verify(m, rootKey: Self.key, discharges: [m.binding(d)]).failure)
        #expect(failure.reason == .revoked)
        #expect(failure.dischargeIndex == 0)
    }

    @Test("a macaroon under another root key fails its signature even when its identifier is revoked")
    func forgedIsNotRevoked() throws {
        let m = Macaroon(rootKey: secret("another key"), identifier: "key-1")
        var verifier = Verifier()
        verifier.revocationList = RevocationList(ids: [Array("key-1".utf8)])
        #expect(try verifier.verify(m, rootKey: Self.key).failure?.reason == .signatureMismatch)
    }

    @Test("the clock-skew allowance honours a Datalog expiry that many seconds longer")
    func clockSkew() throws {
        let m = Macaroon(rootKey: Self.key, identifier: "id")
            .addingFirstPartyCaveat("check if time($t), $t <= 2030-01-01T00:00:00Z")
        var verifier = Verifier()
        verifier.time = try #require(ISO8601DateFormatter().date(from: "2030-01-01T00:00:20Z"))
        #expect(try verifier.verify(m, rootKey: Self.key).failure?.reason == .unsatisfiedCaveat)
        verifier.clockSkewAllowance = .seconds(30)
        #expect(try verifier.verify(m, rootKey: Self.key) == .authorized)
        verifier.time = try #require(ISO8601DateFormatter().date(from: "2030-01-01T00:00:31Z"))
        #expect(try verifier.verify(m, rootKey: Self.key).failure?.reason == .unsatisfiedCaveat)
    }
}
