import Foundation
import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

@Suite("Minting, attenuating, sealing, serializing: round trips")
struct RoundTripTests {
    static let authorizerCode = """
        resource("file1"); operation("read"); time(2025-01-01T00:00:00Z);
        allow if user($u);
        """

    @Test("mint → base64 → parse → verify → authorize", arguments: SignatureAlgorithm.allCases)
    func mintAndAuthorize(nextKeyAlgorithm: SignatureAlgorithm) throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(
            rootKey: root, program: Program(parsing: """
                user("alice"); right("file1", "read");
                check if time($t), $t < 2030-01-01T00:00:00Z;
                """), rootKeyID: 7, nextKeyAlgorithm: nextKeyAlgorithm)
        let text = biscuit.base64URLEncoded
        let parsed = try UnverifiedBiscuit(base64URL: "  biscuit:\(text)\n")
        #expect(parsed.rootKeyID == 7)
        #expect(parsed.blockCount == 1)
        let verified = try parsed.verify(rootKey: root.publicKey)
        #expect(verified.blocks[0].code == "user(\"alice\");\nright(\"file1\", \"read\");\ncheck if time($t), $t < 2030-01-01T00:00:00Z;\n")
        #expect(verified.blocks[0].version == 3)
        #expect(verified.blocks[0].symbols == ["alice", "file1", "t"])  // "user" is default symbol 10
        #expect(verified.revocationIdentifiers == biscuit.revocationIdentifiers)
        let authorizer = try Authorizer(biscuit: verified, code: Self.authorizerCode)
        #expect(try authorizer.authorize() == .allowed(policyIndex: 0))
    }

    @Test("a token built step by step keeps its decoded blocks: they equal a fresh decode of its bytes")
    func incrementalDecoding() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let thirdParty = SigningKey(algorithm: .ed25519)
        var biscuit = try Biscuit.make(rootKey: rootKey, code: #"user("alice"); right("file1", "read");"#)
        biscuit = try biscuit.attenuated(withCode: #"check if operation("read"); scratch("x");"#)
        let block = try biscuit.thirdPartyRequest().makeBlock(
            program: try Program(parsing: #"group("admin"); note("x");"#), signingKey: thirdParty)
        biscuit = try biscuit.appending(block)
        biscuit = try biscuit.attenuated(withCode: #"check if resource("file1"); fresh("y", "x");"#)
        biscuit = try biscuit.sealed()
        let fresh = try UnverifiedBiscuit(bytes: biscuit.serializedBytes).verify(rootKey: rootKey.publicKey)
        #expect(biscuit.blocks == fresh.blocks)
        #expect(biscuit.blocks.count == 4)
        #expect(biscuit.blocks[3].symbols == ["fresh", "y"])   // "x" came with block 1; block 2's table is its own
    }

    @Test("unpadded base64 reads the same token")
    func unpadded() throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(rootKey: root, code: #"user("bob");"#)
        let unpadded = String(biscuit.base64URLEncoded.drop { _ in false }.filter { $0 != "=" })
        let parsed = try UnverifiedBiscuit(base64URL: unpadded)
        #expect(parsed.serializedBytes == biscuit.serializedBytes)
    }

    @Test("attenuation appends a block whose checks restrict the token")
    func attenuation() throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(rootKey: root, code: #"user("alice"); right("file1", "read"); right("file2", "write");"#)
        let attenuated = try biscuit.attenuated(withCode: #"check if operation("read"); check if resource($r), ["file1", "file3"].contains($r);"#)
        #expect(attenuated.blocks.count == 2)
        #expect(attenuated.blocks[1].version == 6)
        #expect(attenuated.blocks[1].signatureVersion == 1)
        #expect(attenuated.blocks[0].signatureVersion == 0)
        let verified = try UnverifiedBiscuit(bytes: attenuated.serializedBytes).verify(rootKey: root.publicKey)
        #expect(try Authorizer(biscuit: verified, code: Self.authorizerCode).authorize() == .allowed(policyIndex: 0))
        let write = try Authorizer(
            biscuit: verified, code: #"resource("file2"); operation("write"); allow if user($u);"#
        ).authorize()
        guard case .denied(let policy, let failed) = write else {
            Issue.record("expected a denial, got \(write)")
            return
        }
        #expect(policy == MatchedPolicy(kind: .allow, index: 0))
        #expect(failed.map(\.check.description) == [
            #"check if operation("read")"#, #"check if resource($r), ["file1", "file3"].contains($r)"#,
        ])
    }

    @Test("a second first-party block lists only new symbols")
    func symbolEmission() throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(rootKey: root, code: #"user("alice"); owner("alice", "doc");"#)
            .attenuated(withCode: #"check if user("alice"), resource("doc"), group("g");"#)
        #expect(biscuit.blocks[0].symbols == ["alice", "doc"])
        #expect(biscuit.blocks[1].symbols == ["g"])
    }

    @Test("a sealed token verifies, authorizes, and refuses attenuation")
    func sealing() throws {
        let root = SigningKey(algorithm: .ed25519)
        let sealed = try Biscuit.make(rootKey: root, code: #"user("alice");"#).sealed()
        #expect(sealed.isSealed)
        let verified = try UnverifiedBiscuit(bytes: sealed.serializedBytes).verify(rootKey: root.publicKey)
        #expect(verified.isSealed)
        #expect(try Authorizer(biscuit: verified, code: Self.authorizerCode).authorize() == .allowed(policyIndex: 0))
        #expect(throws: BiscuitError.self) { try verified.attenuated(withCode: #"check if true;"#) }
        #expect(throws: BiscuitError.self) { try verified.sealed() }
    }

    @Test("another root key, a flipped byte, a truncated token are rejected")
    func rejections() throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(rootKey: root, code: #"user("alice");"#).attenuated(withCode: "check if true;")
        let other = SigningKey(algorithm: .ed25519)
        #expect {
            try UnverifiedBiscuit(bytes: biscuit.serializedBytes).verify(rootKey: other.publicKey)
        } throws: { ($0 as? BiscuitError)?.code == .invalidSignature }
        for index in stride(from: 0, to: biscuit.serializedBytes.count, by: 7) {
            var bytes = biscuit.serializedBytes
            bytes[index] ^= 0x01
            #expect(throws: BiscuitError.self) {
                try UnverifiedBiscuit(bytes: bytes).verify(rootKey: root.publicKey)
            }
        }
        for length in [0, 1, 10, biscuit.serializedBytes.count / 2, biscuit.serializedBytes.count - 1] {
            #expect(throws: BiscuitError.self) {
                try UnverifiedBiscuit(bytes: biscuit.serializedBytes.prefix(length)).verify(rootKey: root.publicKey)
            }
        }
    }

    @Test("malformed text is a typed error", arguments: ["", "   ", "biscuit:", "a", "abc$", "ab+/", "YQ==="])
    func malformedText(text: String) {
        #expect(throws: BiscuitError.self) { try UnverifiedBiscuit(base64URL: text) }
    }

    @Test("a key provider picks the root key by id")
    func keyProvider() throws {
        let root = SigningKey(algorithm: .secp256r1)
        let biscuit = try Biscuit.make(rootKey: root, code: #"user("alice");"#, rootKeyID: 42)
        let token = try UnverifiedBiscuit(bytes: biscuit.serializedBytes)
        let verified = try token.verify { id in id == 42 ? root.publicKey : nil }
        #expect(verified.rootKeyID == 42)
        #expect(verified.blocks[0].signatureVersion == 1)
        #expect {
            try token.verify { _ in nil }
        } throws: { ($0 as? BiscuitError)?.code == .unknownRootKey }
    }

    @Test("policies cannot go into a block; unsafe rules are refused when minting")
    func invalidBlocks() {
        let root = SigningKey(algorithm: .ed25519)
        #expect { try Biscuit.make(rootKey: root, code: "allow if true;") } throws: {
            ($0 as? BiscuitError)?.code == .invalidDatalog
        }
        #expect { try Biscuit.make(rootKey: root, code: "a($x) <- b($y);") } throws: {
            ($0 as? BiscuitError)?.code == .invalidDatalog
        }
    }

    @Test("trusting clauses emit the key table and version 4")
    func publicKeyTable() throws {
        let root = SigningKey(algorithm: .ed25519)
        let third = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(
            rootKey: root, code: "check if group(\"admin\") trusting \(third.publicKey);")
        #expect(biscuit.blocks[0].version == 4)
        #expect(biscuit.blocks[0].publicKeys == [PublicKeyLiteral(algorithm: .ed25519, bytes: third.publicKey.rawRepresentation)])
        let verified = try UnverifiedBiscuit(bytes: biscuit.serializedBytes).verify(rootKey: root.publicKey)
        #expect(verified.blocks[0].code == biscuit.blocks[0].code)
    }

    @Test("a third-party block is trusted only through its key, and only for the token it was made for")
    func thirdPartyBlocks() throws {
        let root = SigningKey(algorithm: .ed25519)
        let third = SigningKey(algorithm: .secp256r1)
        let biscuit = try Biscuit.make(
            rootKey: root, code: "right(\"read\"); check if group(\"admin\") trusting \(third.publicKey);")
        let block = try biscuit.thirdPartyRequest().makeBlock(
            program: Program(parsing: #"group("admin");"#), signingKey: third)
        let extended = try biscuit.appending(block)
        let verified = try UnverifiedBiscuit(bytes: extended.serializedBytes).verify(rootKey: root.publicKey)
        #expect(verified.blocks[1].externalKey == third.publicKey)
        #expect(verified.blocks[1].version == 5)
        #expect(verified.blocks[1].signatureVersion == 1)
        #expect(try Authorizer(biscuit: verified, code: "allow if true;").authorize() == .allowed(policyIndex: 0))
        let untrusted = try Authorizer(biscuit: verified, code: #"allow if group("admin");"#).authorize()
        #expect(untrusted == .denied(policy: nil, failedChecks: []))

        // The block is bound to the token's last signature: another token refuses it.
        let other = try Biscuit.make(rootKey: root, code: #"right("read");"#)
        #expect { try other.appending(block) } throws: { ($0 as? BiscuitError)?.code == .invalidSignature }
        #expect { try extended.sealed().thirdPartyRequest() } throws: { ($0 as? BiscuitError)?.code == .sealed }
    }

    @Test("addTime adds time(<date>) for the expiry checks of the token")
    func time() throws {
        let root = SigningKey(algorithm: .ed25519)
        let biscuit = try Biscuit.make(rootKey: root, code: "check if time($t), $t < 2030-01-01T00:00:00Z;")
        var before = Authorizer(biscuit: biscuit, program: try Program(parsing: "allow if true;"))
        before.addTime(Date(timeIntervalSince1970: 1_893_455_999.5))  // 2029-12-31T23:59:59Z
        #expect(try before.authorize() == .allowed(policyIndex: 0))
        #expect(try before.query(Rule(parsing: "t($t) <- time($t)")) == [Fact("t", [.date(1_893_455_999)])])
        var after = before
        after.program = try Program(parsing: "allow if true;")
        after.addTime(secondsSince1970: 1_893_456_000)
        #expect(try after.authorize().isAllowed == false)
        var now = after
        now.program = try Program(parsing: "allow if true;")
        now.addCurrentTime()
        #expect(try now.authorize().isAllowed == (Date() < Date(timeIntervalSince1970: 1_893_456_000)))
    }
}
