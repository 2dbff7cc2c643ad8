import Foundation
import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// Runs the biscuit-python helper (bindings to biscuit-rust) with a JSON request; `nil` when python3 or the
/// `biscuit_auth` module is missing.
enum PythonPeer {
    static let script = #"""
        import datetime, json, sys
        import biscuit_auth as b
        request = json.loads(sys.stdin.read())
        out = {}
        if request["op"] == "authorize":
            root = b.PublicKey(request["root"])
            token = b.Biscuit.from_base64(request["token"], root)
            out["revocation_ids"] = list(token.revocation_ids)
            out["sources"] = [token.block_source(i) for i in range(token.block_count())]
            results = []
            for code in request["authorizers"]:
                builder = b.AuthorizerBuilder(code)
                # biscuit-rust's default time limit, 1 ms, is exceeded on a loaded machine: a timeout is not
                # the denial these tests look for.
                limits = builder.limits()
                limits.max_time = datetime.timedelta(seconds=5)
                builder.set_limits(limits)
                authorizer = builder.build(token)
                try:
                    results.append(authorizer.authorize())
                except b.AuthorizationError:
                    results.append(-1)
            out["results"] = results
        elif request["op"] == "mint":
            root = b.KeyPair()
            token = b.BiscuitBuilder(request["authority"]).build(root.private_key)
            for code in request["blocks"]:
                token = token.append(b.BlockBuilder(code))
            out["root"] = str(root.public_key)
            out["token"] = token.to_base64()
            out["revocation_ids"] = list(token.revocation_ids)
        elif request["op"] == "third_party":
            root = b.KeyPair()
            third = b.KeyPair()
            authority = 'right("read"); check if group("admin") trusting ' + str(third.public_key) + ';'
            token = b.BiscuitBuilder(authority).build(root.private_key)
            block = token.third_party_request().create_block(third.private_key, b.BlockBuilder('group("admin"); check if right("read");'))
            token = token.append_third_party(third.public_key, block)
            out["root"] = str(root.public_key)
            out["third"] = str(third.public_key)
            out["token"] = token.to_base64()
        print(json.dumps(out))
        """#

    static let isAvailable: Bool = {
        (try? run(["-c", "import biscuit_auth"], input: "")) != nil
    }()

    static func run(_ arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "python3 exited with \(process.terminationStatus)"])
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func call(_ request: [String: Any]) throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: request)
        let output = try run(["-c", script], input: String(decoding: data, as: UTF8.self))
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }
}

@Suite(
    "Interop with biscuit-rust through biscuit-python",
    .enabled(if: PythonPeer.isAvailable, "python3 with biscuit-python (pip install biscuit-python) is not installed"))
struct PythonInteropTests {
    static let authorizers = [
        #"resource("file1"); operation("read"); time(2025-01-01T00:00:00Z); allow if user($u);"#,
        #"resource("file2"); operation("read"); time(2025-01-01T00:00:00Z); allow if user($u);"#,
        #"resource("file1"); operation("read"); time(2035-01-01T00:00:00Z); allow if user($u);"#,
    ]
    static let expected = [0, -1, -1]

    @Test("a token minted by Wafer verifies and authorizes in biscuit-rust", arguments: [
        (SignatureAlgorithm.ed25519, SignatureAlgorithm.ed25519), (.ed25519, .secp256r1), (.secp256r1, .secp256r1),
    ])
    func waferToRust(algorithms: (root: SignatureAlgorithm, next: SignatureAlgorithm)) throws {
        let root = SigningKey(algorithm: algorithms.root)
        var biscuit = try Biscuit.make(
            rootKey: root,
            program: Program(parsing: #"user("alice"); right("file1", "read"); check if time($t), $t < 2030-01-01T00:00:00Z;"#),
            nextKeyAlgorithm: algorithms.next)
        biscuit = try biscuit.attenuated(
            with: Program(parsing: #"check if resource($r), operation($o), right($r, $o); check if resource("file1") trusting previous;"#),
            nextKeyAlgorithm: algorithms.next)
        biscuit = try biscuit.attenuated(
            with: Program(parsing: #"check if ["file1", "file3"].contains("file1") && true; reject if operation("write");"#))
        for token in [biscuit, try biscuit.sealed()] {
            let response = try PythonPeer.call([
                "op": "authorize", "root": root.publicKey.description, "token": token.base64URLEncoded,
                "authorizers": Self.authorizers,
            ])
            #expect(response["results"] as? [Int] == Self.expected)
            #expect(response["revocation_ids"] as? [String] == token.revocationIdentifiers.map { Hex.encode($0) })
            #expect(response["sources"] as? [String] == token.blocks.map(\.code))
        }
    }

    @Test("a token minted by biscuit-rust verifies and authorizes in Wafer")
    func rustToWafer() throws {
        let response = try PythonPeer.call([
            "op": "mint",
            "authority": #"user("alice"); right("file1", "read"); check if time($t), $t < 2030-01-01T00:00:00Z;"#,
            "blocks": [
                #"check if resource($r), operation($o), right($r, $o);"#,
                #"check if ["file1", "file3"].contains("file1") && true; reject if operation("write");"#,
            ],
        ])
        let root = try PublicKey(text: try #require(response["root"] as? String))
        let token = try UnverifiedBiscuit(base64URL: try #require(response["token"] as? String))
        let biscuit = try token.verify(rootKey: root)
        #expect(biscuit.revocationIdentifiers.map { Hex.encode($0) } == response["revocation_ids"] as? [String])
        for (code, expected) in zip(Self.authorizers, Self.expected) {
            let result = try Authorizer(biscuit: biscuit, code: code).authorize()
            #expect(result.isAllowed == (expected >= 0), "\(code)")
        }
        // Attenuated by Wafer after biscuit-rust, then read back by biscuit-rust.
        let attenuated = try biscuit.attenuated(withCode: #"check if operation("read");"#)
        let back = try PythonPeer.call([
            "op": "authorize", "root": root.description, "token": attenuated.base64URLEncoded,
            "authorizers": Self.authorizers,
        ])
        #expect(back["results"] as? [Int] == Self.expected)
    }

    @Test("third-party blocks: written by Wafer, trusted by biscuit-rust; written by biscuit-rust, trusted by Wafer")
    func thirdParty() throws {
        let root = SigningKey(algorithm: .ed25519)
        for algorithm in SignatureAlgorithm.allCases {
            let third = SigningKey(algorithm: algorithm)
            let biscuit = try Biscuit.make(
                rootKey: root, code: "right(\"read\"); check if group(\"admin\") trusting \(third.publicKey);")
            let request = try ThirdPartyRequest(base64URL: try biscuit.thirdPartyRequest().base64URLEncoded)
            let block = try request.makeBlock(
                program: Program(parsing: #"group("admin"); check if right("read");"#), signingKey: third)
            let extended = try biscuit.appending(try ThirdPartyBlock(bytes: block.serializedBytes))
            let response = try PythonPeer.call([
                "op": "authorize", "root": root.publicKey.description, "token": extended.base64URLEncoded,
                "authorizers": ["allow if true;", "allow if group(\"admin\");"],
            ])
            // The authorizer does not trust the third party: its `group` fact is invisible to it.
            #expect(response["results"] as? [Int] == [0, -1])
        }

        let response = try PythonPeer.call(["op": "third_party"])
        let rootKey = try PublicKey(text: try #require(response["root"] as? String))
        let biscuit = try UnverifiedBiscuit(base64URL: try #require(response["token"] as? String)).verify(rootKey: rootKey)
        #expect(biscuit.blocks[1].externalKey?.description == response["third"] as? String)
        #expect(biscuit.blocks[1].version == 5)
        #expect(biscuit.blocks[1].signatureVersion == 1)
        #expect(try Authorizer(biscuit: biscuit, code: "allow if true;").authorize() == .allowed(policyIndex: 0))
    }
}
