import Testing
import Wafer

// Every ```swift block of README.md and docs/*.md stands below, verbatim, as the body of a test: so the
// examples compile and run. `DocumentationSyncTests` fails when a block in the docs is not found here.

/// The examples use `assert`; here it records a test failure instead of stopping the process.
private func assert(_ condition: @autoclosure () -> Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(condition(), sourceLocation: sourceLocation)
}

@Suite("Documentation examples")
struct DocumentationExamples {
    @Test("README: signing and verifying with the library")
    func readmeSigning() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let message = Array("block bytes".utf8)
        let signature = rootKey.signature(for: message)

        // What a verifying service keeps: the public key, in the text form the Biscuit ecosystem uses.
        let publicKey = try PublicKey(text: rootKey.publicKey.description)
        assert(publicKey.isValidSignature(signature, for: message))
    }

    @Test("docs/crypto.md: keys")
    func cryptoKeys() throws {
        let key = SigningKey(algorithm: .secp256r1)
        let text = key.exportText()          // "secp256r1-private/…": an explicit export of the secret
        let restored = try SigningKey(text: text)
        assert(restored.publicKey == key.publicKey)

        let pem = key.publicKey.pemRepresentation
        let parsed = try PublicKey(text: pem)   // text or PEM, told apart by the PEM header
        assert(parsed == key.publicKey)
    }

    @Test("docs/crypto.md: signatures")
    func cryptoSignatures() throws {
        let key = SigningKey(algorithm: .ed25519)
        let payload = Array("payload".utf8)
        let signature = key.signature(for: payload)
        try key.publicKey.verify(signature: signature, for: payload)

        do {
            try key.publicKey.verify(signature: signature.prefix(16), for: payload)
        } catch {
            assert(error.code == .invalidSignatureLength)
        }
    }

    @Test("docs/crypto.md: MACs, secretbox and secrets")
    func cryptoSymmetric() throws {
        let rootKey = SecretBytes.random(count: 32)
        let code = HMACSHA256.authenticationCode(for: Array("caveat".utf8), using: rootKey)
        assert(HMACSHA256.isValidAuthenticationCode(code.exportBytes(), for: Array("caveat".utf8), using: rootKey))

        let nonce = SecureRandom.bytes(count: SecretBox.nonceByteCount)
        let box = try SecretBox.seal(Array("third-party key".utf8), nonce: nonce, key: rootKey)
        let opened = try SecretBox.open(box, nonce: nonce, key: rootKey)
        assert(opened.exportBytes() == Array("third-party key".utf8))
        assert("\(opened)" == "SecretBytes(<redacted>, 15 bytes)")
    }

    @Test("docs/datalog.md: parse, run, authorize")
    func datalogAuthorize() throws {
        let program = try Program(parsing: """
            user("alice");
            right("alice", "/files/report.txt", "read");
            resource("/files/report.txt");
            operation("read");
            allowed($user, $file, $op) <- right($user, $file, $op);
            check if resource($file), operation($op), user($user), allowed($user, $file, $op);
            allow if true;
            """)
        let world = try World(blocks: [], authorizer: program)
        let result = try world.authorize()
        assert(result == .allowed(policyIndex: 0))
    }

    @Test("docs/datalog.md: blocks and origins")
    func datalogOrigins() throws {
        // The token's authority block (id 0) and an attenuation block (id 1) that narrows it to reading.
        let authority = try Program(parsing: #"right("/files/report.txt", "read"); right("/files/report.txt", "write");"#)
        let attenuation = try Program(parsing: #"check if operation("read");"#)
        let request = try Program(parsing: """
            resource("/files/report.txt");
            operation("write");
            allow if resource($file), operation($op), right($file, $op);
            """)
        let world = try World(
            blocks: [World.Block(id: 0, program: authority), World.Block(id: 1, program: attenuation)],
            authorizer: request)
        if case .denied(let policy, let failedChecks) = try world.authorize() {
            assert(policy?.index == 0)                 // the allow policy matched…
            assert(failedChecks.map { "\($0.check)" } == [#"check if operation("read")"#])   // …but block 1's check failed
        }
        #expect(!(try world.authorize()).isAllowed)
    }

    @Test("docs/datalog.md: parameters, errors and limits")
    func datalogErrors() throws {
        let check = try Check(parsing: "check if user({name})", parameters: ["name": .term(.string("alice"))])
        assert("\(check)" == #"check if user("alice")"#)

        do {
            _ = try Program(parsing: "allow if user($u")
        } catch {
            assert(error.code == .unexpectedEndOfInput)
            assert("\(error)" == "line 1, column 17: expected ',' or ')' after a term")
        }

        let closure = try Program(parsing: """
            edge(1, 2); edge(2, 3); edge(3, 4);
            path($a, $b) <- edge($a, $b);
            path($a, $c) <- edge($a, $b), path($b, $c);
            """)
        do {
            _ = try World(blocks: [], authorizer: closure, limits: RunLimits(maxFacts: 5))
        } catch {
            assert(error.code == .tooManyFacts)
        }
        // Beyond the documented example: the errors above really are thrown.
        let parseError = #expect(throws: DatalogError.self) { try Program(parsing: "allow if user($u") }
        #expect(parseError?.description == "line 1, column 17: expected ',' or ')' after a term")
        let limitError = #expect(throws: DatalogError.self) {
            try World(blocks: [], authorizer: closure, limits: RunLimits(maxFacts: 5))
        }
        #expect(limitError?.code == .tooManyFacts)
    }
}

@Suite("Documentation examples: docs/biscuit.md")
struct BiscuitDocumentationExamples {
    @Test("docs/biscuit.md: mint, attenuate, verify, authorize")
    func biscuitExample() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let token = try Biscuit.make(rootKey: rootKey, code: """
            user("alice"); right("file1", "read");
            """)
        let attenuated = try token.attenuated(withCode: #"check if operation("read");"#)
        let text = attenuated.base64URLEncoded

        // The service: parse, verify with the root public key, authorize.
        let biscuit = try UnverifiedBiscuit(base64URL: text).verify(rootKey: rootKey.publicKey)
        let authorizer = try Authorizer(biscuit: biscuit, code: """
            resource("file1"); operation("read");
            allow if user($u), resource($r), operation($o), right($r, $o);
            """)
        let result = try authorizer.authorize()
        assert(result == .allowed(policyIndex: 0))
    }
}


@Suite("Documentation examples: macaroons")
struct MacaroonDocumentationExamples {
    @Test("docs/macaroons.md: minting, attenuating, encoding")
    func macaroonsMinting() throws {
        let rootKey = SecretBytes(Array("this is our super secret key; only we should know it".utf8))
        let macaroon = Macaroon(rootKey: rootKey, identifier: "we used our secret key", location: "http://mybank/")
            .addingFirstPartyCaveat("account = 3735928559")

        let v1 = try macaroon.serializedString(.v1)        // base64url V1 packets, as libmacaroons and pymacaroons emit
        let v2 = try macaroon.serialized(.v2)              // raw V2 binary (empty locations omitted)
        let json = try macaroon.serializedString(.v2JSON)  // {"v":2,"l":…,"i":…,"c":[…],"s64":…}
        assert(v1.hasPrefix("MDAxY2xvY2F0aW9uIGh0dHA6Ly9teWJhbmsv"))

        // Any format is detected on reading; base64 in either alphabet, with or without padding.
        let decoded = try Macaroon(deserializing: v2)
        let fromJSON = try Macaroon(deserializing: json)
        let format = try Macaroon.detectFormat(of: Array(v1.utf8))
        assert(decoded == macaroon && fromJSON == macaroon && format == .v1)
    }

    @Test("docs/macaroons.md: third-party caveats, discharges and verification")
    func macaroonsThirdParty() throws {
        let rootKey = SecretBytes.random(count: 32)
        let caveatKey = SecretBytes.random(count: 32)     // shared with the third party
        let macaroon = try Macaroon(rootKey: rootKey, identifier: "key-1", location: "https://svc.example/")
            .addingFirstPartyCaveat("account = 3735928559")
            .addingThirdPartyCaveat(location: "https://auth.example/", caveatKey: caveatKey, identifier: "user-is-alice")

        // The third party checks its own conditions, then discharges the caveat.
        let discharge = Macaroon(rootKey: caveatKey, identifier: "user-is-alice", location: "https://auth.example/")
            .addingFirstPartyCaveat("ip = 127.0.0.1")
        let bound = macaroon.prepareForRequest([discharge])

        var verifier = Verifier()
        verifier.satisfyExact("account = 3735928559")
        verifier.satisfyGeneral { caveat in caveat.starts(with: Array("ip = ".utf8)) }
        let result = try verifier.verify(macaroon, rootKey: rootKey, discharges: bound)
        assert(result == .authorized)

        // A denial is a value that says which caveat of which macaroon failed, and why.
        let unbound = try verifier.verify(macaroon, rootKey: rootKey, discharges: [discharge])
        assert(unbound.failure?.reason == .dischargeFailed)
    }

    @Test("docs/macaroons.md: Datalog caveats")
    func macaroonsDatalog() throws {
        let rootKey = SecretBytes.random(count: 32)
        let macaroon = Macaroon(rootKey: rootKey, identifier: "key-2")
            .addingFirstPartyCaveat("check if operation($op), [\"read\", \"list\"].contains($op)")
            .addingFirstPartyCaveat("check if time($t), $t < 2030-01-01T00:00:00Z")

        var verifier = Verifier()
        try verifier.addFact("operation(\"read\")")
        verifier.time = .init(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 (a Foundation Date)
        let before = try verifier.verify(macaroon, rootKey: rootKey)
        assert(before.isAuthorized)

        verifier.time = .init(timeIntervalSince1970: 1_900_000_000)   // 2030-03-17
        let after = try verifier.verify(macaroon, rootKey: rootKey)
        assert(after.failure?.caveatIndex == 1)
    }
}

@Suite("Documentation examples: docs/getting-started.md")
struct GettingStartedExamples {
    @Test("docs/getting-started.md: the same, from Swift")
    func fromSwift() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let token = try Biscuit.make(rootKey: rootKey, code: """
            user("alice");
            right("alice", "/files/report.txt", "read");
            right("alice", "/files/report.txt", "write");
            """)
        let reader = try token.attenuated(withCode: #"check if operation("read");"#)

        // The service receives text, verifies it with the root public key, and authorizes the request.
        let received = try UnverifiedBiscuit(base64URL: reader.base64URLEncoded).verify(rootKey: rootKey.publicKey)
        var authorizer = try Authorizer(biscuit: received, code: """
            resource("/files/report.txt"); operation("write");
            allow if user($u), resource($r), operation($op), right($u, $r, $op);
            """)
        authorizer.addCurrentTime()
        let result = try authorizer.authorize()
        assert(!result.isAllowed)
        if case .denied(_, let failedChecks) = result {
            assert(failedChecks.map { "\($0.check)" } == [#"check if operation("read")"#])
        }
    }
}

@Suite("Documentation examples: docs/security.md")
struct SecurityExamples {
    @Test("docs/security.md: revocation")
    func revocation() throws {
        let rootKey = SigningKey(algorithm: .ed25519)
        let token = try Biscuit.make(rootKey: rootKey, code: #"user("alice");"#)
        let shared = try token.attenuated(withCode: #"check if operation("read");"#)

        // A service reads its list with RevocationList(contentsOf: path) and calls reloadIfModified() now and then.
        let revoked = RevocationList(ids: [token.revocationIdentifiers[0]])
        do {
            _ = try UnverifiedBiscuit(base64URL: shared.base64URLEncoded).verify(rootKey: rootKey.publicKey, revocationList: revoked)
        } catch {
            // error.code == .revoked: "the token is revoked: the authority block's revocation id 4a1f… is in the revocation list"
            print(error)
        }

        let error = #expect(throws: BiscuitError.self) {
            try UnverifiedBiscuit(base64URL: shared.base64URLEncoded).verify(rootKey: rootKey.publicKey, revocationList: revoked)
        }
        #expect(error?.code == .revoked)
        #expect(error?.message.contains(Hex.encode(token.revocationIdentifiers[0])) == true)
    }
}
