import Foundation
import Testing
import WaferCrypto
import WaferDatalog
@testable import WaferMacaroons

@Suite("Verifier")
struct VerifierTests {
    @Test("libmacaroons .vtest verifier tests", arguments: Vectors.vtestNames)
    func vtest(name: String) throws {
        let lines = try Vectors.text("libmacaroons/\(name)").split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(lines[0].hasPrefix("version "))
        let expected = lines[1]
        #expect(expected == "authorized" || expected == "unauthorized")
        #expect(lines[2].hasPrefix("key "))
        let key = secret(String(lines[2].dropFirst(4)))
        var verifier = Verifier()
        var index = 3
        while index < lines.count, lines[index].hasPrefix("exact ") {
            verifier.satisfyExact(String(lines[index].dropFirst(6)))
            index += 1
        }
        let macaroons = try lines[index...].map { line in try Macaroon(deserializing: try base64Decode(line)) }
        let result = try verifier.verify(try #require(macaroons.first), rootKey: key, discharges: Array(macaroons.dropFirst()))
        #expect(result.isAuthorized == (expected == "authorized"), "\(result)")
    }

    @Test("pymacaroons deterministic verify expectations", arguments: Vectors.deterministicCaseNames)
    func deterministicVerify(name: String) throws {
        let vector = try Vectors.deterministicCase(name)
        let built = try ConstructionTests.build(vector)
        let rootKey = SecretBytes(try hex(try #require(vector["root_key_hex"] as? String)))
        let verify = try #require(vector["verify"] as? [String: Any])
        let predicates = try #require(verify["satisfy_exact"] as? [String])
        let discharges = built.discharge.map { [built.macaroon.binding($0)] } ?? []
        var verifier = Verifier()
        for predicate in predicates { verifier.satisfyExact(predicate) }
        #expect(try verifier.verify(built.macaroon, rootKey: rootKey, discharges: discharges) == .authorized)

        var missing = Verifier()
        for predicate in predicates.dropLast() { missing.satisfyExact(predicate) }
        let failure = try #require(try missing.verify(built.macaroon, rootKey: rootKey, discharges: discharges).failure)
        #expect(failure.reason == .unsatisfiedCaveat || failure.reason == .dischargeFailed)

        if let discharge = built.discharge {
            let unbound = try verifier.verify(built.macaroon, rootKey: rootKey, discharges: [discharge])
            #expect(unbound.failure?.reason == .dischargeFailed)
            #expect(unbound.failure?.description.contains("signatureMismatch") == true)
        }
        #expect(try verifier.verify(built.macaroon, rootKey: secret("wrong"), discharges: discharges).failure?.reason == .signatureMismatch)
    }

    static let key = secret("root key")
    static let zeroNonce = NonceSource.fixed([UInt8](repeating: 7, count: 24))

    @Test("general predicates are an OR with exact ones; failures name the macaroon and caveat")
    func generalPredicates() throws {
        let m = Macaroon(rootKey: Self.key, identifier: "id").addingFirstPartyCaveat("a = 1").addingFirstPartyCaveat("expires 100")
        var verifier = Verifier()
        verifier.satisfyExact("a = 1")
        let failure = try #require(try verifier.verify(m, rootKey: Self.key).failure)
        #expect(failure.reason == .unsatisfiedCaveat)
        #expect(failure.caveatIndex == 1)
        #expect(failure.caveatIdentifier == bytes("expires 100"))
        #expect(failure.dischargeIndex == nil)
        #expect(failure.description.contains("caveat 1 \"expires 100\""))
        verifier.satisfyGeneral { $0.starts(with: bytes("expires ")) }
        #expect(try verifier.verify(m, rootKey: Self.key) == .authorized)
    }

    @Test("Datalog caveats are checked against the verifier's facts and time")
    func datalogCaveats() throws {
        let m = Macaroon(rootKey: Self.key, identifier: "id")
            .addingFirstPartyCaveat("check if operation($op), [\"read\", \"list\"].contains($op)")
            .addingFirstPartyCaveat("check if time($t), $t < 2030-01-01T00:00:00Z")
            .addingFirstPartyCaveat("reject if user(\"mallory\")")
        var verifier = Verifier()
        try verifier.addFact("operation(\"read\")")
        try verifier.addFact("user(\"alice\")")
        verifier.time = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try verifier.verify(m, rootKey: Self.key) == .authorized)

        var late = verifier
        late.time = Date(timeIntervalSince1970: 1_900_000_000)
        #expect(try late.verify(m, rootKey: Self.key).failure?.caveatIndex == 1)

        var noTime = verifier
        noTime.time = nil
        #expect(try noTime.verify(m, rootKey: Self.key).failure?.reason == .unsatisfiedCaveat)

        var write = Verifier()
        try write.addFact("operation(\"write\")")
        try write.addFact("user(\"mallory\")")
        write.time = verifier.time
        let failure = try #require(try write.verify(m, rootKey: Self.key).failure)
        #expect(failure.caveatIndex == 0)
        #expect(failure.detail.contains("check if operation($op)"))

        let malformed = Macaroon(rootKey: Self.key, identifier: "id").addingFirstPartyCaveat("check if operation(")
        #expect(try verifier.verify(malformed, rootKey: Self.key).failure?.reason == .malformedDatalogCaveat)
        #expect(throws: MacaroonError.self) { try verifier.addFact("not a fact(") }
    }

    /// A macaroon with a third-party caveat, its discharge (with its own caveat) and the caveat key.
    func thirdPartySetup() throws -> (Macaroon, Macaroon, SecretBytes) {
        let caveatKey = secret("caveat key")
        let m = try Macaroon(rootKey: Self.key, identifier: "id", location: "svc")
            .addingThirdPartyCaveat(location: "auth", caveatKey: caveatKey, identifier: "cid-1", nonceSource: Self.zeroNonce)
        let d = Macaroon(rootKey: caveatKey, identifier: "cid-1", location: "auth").addingFirstPartyCaveat("user = alice")
        return (m, d, caveatKey)
    }

    @Test("nested discharges are bound to the top-level macaroon")
    func nestedDischarges() throws {
        let (m, d, _) = try thirdPartySetup()
        let innerKey = secret("inner key")
        let d2 = try d.addingThirdPartyCaveat(location: "inner", caveatKey: innerKey, identifier: "cid-2")
        let inner = Macaroon(rootKey: innerKey, identifier: "cid-2")
        var verifier = Verifier()
        verifier.satisfyExact("user = alice")
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: m.prepareForRequest([d2, inner])) == .authorized)
        let boundToParent = [m.binding(d2), d2.binding(inner)]
        let failure = try #require(try verifier.verify(m, rootKey: Self.key, discharges: boundToParent).failure)
        #expect(failure.reason == .dischargeFailed)
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: [m.binding(d2)]).failure?.reason == .dischargeFailed)
    }

    @Test("a discharge is used once; cycles and excess depth are rejected, never recursed forever")
    func cyclesAndReuse() throws {
        let caveatKey = secret("caveat key")
        // Two third-party caveats with the same id, one discharge: the second finds it already used.
        let m = try Macaroon(rootKey: Self.key, identifier: "id")
            .addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "same", nonceSource: Self.zeroNonce)
            .addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "same", nonceSource: Self.zeroNonce)
        let d = Macaroon(rootKey: caveatKey, identifier: "same")
        let verifier = Verifier()
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: [m.binding(d)]).failure?.reason == .dischargeAlreadyUsed)
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: m.prepareForRequest([d, d])) == .authorized)

        // A self-discharging cycle: the discharge needs a discharge with its own identifier.
        let cyclic = try Macaroon(rootKey: caveatKey, identifier: "loop")
            .addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "loop", nonceSource: Self.zeroNonce)
        let top = try Macaroon(rootKey: Self.key, identifier: "id")
            .addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "loop", nonceSource: Self.zeroNonce)
        let failure = try #require(try verifier.verify(top, rootKey: Self.key, discharges: [top.binding(cyclic)]).failure)
        #expect(failure.reason == .dischargeFailed)
        #expect(failure.description.contains("dischargeCycle"))

        // A chain deeper than the limit.
        var chain: [Macaroon] = []
        var parent = try Macaroon(rootKey: Self.key, identifier: "id")
            .addingThirdPartyCaveat(location: "a", caveatKey: secret("k0"), identifier: "c0", nonceSource: Self.zeroNonce)
        let root = parent
        for level in 0..<4 {
            parent = try Macaroon(rootKey: secret("k\(level)"), identifier: "c\(level)")
                .addingThirdPartyCaveat(location: "a", caveatKey: secret("k\(level + 1)"), identifier: "c\(level + 1)", nonceSource: Self.zeroNonce)
            chain.append(parent)
        }
        chain.append(Macaroon(rootKey: secret("k4"), identifier: "c4"))
        #expect(try verifier.verify(root, rootKey: Self.key, discharges: root.prepareForRequest(chain)) == .authorized)
        var shallow = Verifier()
        shallow.maxDischargeDepth = 3
        let deep = try #require(try shallow.verify(root, rootKey: Self.key, discharges: root.prepareForRequest(chain)).failure)
        #expect(deep.description.contains("dischargeTooDeep"))
    }

    @Test("unused discharges are accepted unless the verifier rejects them; too many is an error")
    func unusedDischarges() throws {
        let (m, d, _) = try thirdPartySetup()
        var verifier = Verifier()
        verifier.satisfyExact("user = alice")
        let extra = Macaroon(rootKey: secret("other"), identifier: "unrelated")
        #expect(try verifier.verify(m, rootKey: Self.key, discharges: m.prepareForRequest([d, extra])) == .authorized)
        verifier.rejectsUnusedDischarges = true
        let failure = try #require(try verifier.verify(m, rootKey: Self.key, discharges: m.prepareForRequest([d, extra])).failure)
        #expect(failure.reason == .unusedDischarge)
        #expect(failure.dischargeIndex == 1)
        verifier.maxDischarges = 1
        #expect(throws: MacaroonError.self) { try verifier.verify(m, rootKey: Self.key, discharges: [d, extra]) }
    }

    @Test("a tampered caveat or verification identifier fails, with the signature as the reason")
    func tampering() throws {
        let (m, d, _) = try thirdPartySetup()
        var verifier = Verifier()
        verifier.satisfyExact("user = alice")
        verifier.satisfyExact("x")
        var tampered = m
        tampered.caveats[0].verificationID[30] ^= 1
        let failure = try #require(try verifier.verify(tampered, rootKey: Self.key, discharges: m.prepareForRequest([d])).failure)
        #expect(failure.reason == .signatureMismatch)
        var dropped = m.addingFirstPartyCaveat("x")
        dropped.caveats.removeLast()
        #expect(try verifier.verify(dropped, rootKey: Self.key, discharges: m.prepareForRequest([d])).failure?.reason == .signatureMismatch)
    }
}

@Suite("Verifier: bounded work")
struct VerifierBudgetTests {
    @Test("many discharges sharing an identifier that each need another one: an error after the attempt budget, not an exponential search")
    func sharedIdentifierBlowUp() throws {
        let rootKey = secret("root")
        let caveatKey = secret("shared")
        let top = try Macaroon(rootKey: rootKey, identifier: "top")
            .addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "x")
        let discharges = try (0..<20).map { _ in
            try Macaroon(rootKey: caveatKey, identifier: "x").addingThirdPartyCaveat(location: "a", caveatKey: caveatKey, identifier: "x")
        }
        let verifier = Verifier()
        let error = try #require(throws: MacaroonError.self) {
            try verifier.verify(top, rootKey: rootKey, discharges: top.prepareForRequest(discharges))
        }
        #expect(error.code == .tooManyDischarges)
        #expect(error.message.contains("maxDischargeAttempts"))
        // With few enough discharges the search finishes and is denied: the chain never ends.
        let small = try verifier.verify(top, rootKey: rootKey, discharges: top.prepareForRequest(Array(discharges.prefix(3))))
        #expect(small.failure?.reason == .dischargeFailed)
    }
}
