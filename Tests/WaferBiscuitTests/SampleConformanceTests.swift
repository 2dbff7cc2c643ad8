import Foundation
import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// Reads a file from this test target's `Vectors` folder.
func vectorData(named name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Vectors/\(name)", withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/\(name)"])
    }
    return try Data(contentsOf: url)
}

/// The root key pair of the samples.
struct SampleKeys {
    static let root: (privateKey: String, publicKey: String) = {
        guard let data = try? vectorData(named: "samples.json"),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let privateKey = json["root_private_key"] as? String, let publicKey = json["root_public_key"] as? String
        else { return ("", "") }
        return (privateKey, publicKey)
    }()
}

/// One validation of one sample token of samples.json.
///
/// `@unchecked Sendable`: the JSON values are immutable Foundation objects, read once and never mutated.
struct SampleCase: @unchecked Sendable, CustomStringConvertible {
    var file: String
    var name: String
    var blocks: [[String: Any]]
    var authorizerCode: String
    var result: [String: Any]
    var world: [String: Any]?
    var revocationIDs: [String]

    var description: String { name.isEmpty ? file : "\(file) [\(name)]" }
}

/// Every validation of samples.json, sorted by file and name.
func sampleCases() -> [SampleCase] {
    guard let data = try? vectorData(named: "samples.json"),
        let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let testcases = root["testcases"] as? [[String: Any]]
    else { return [] }
    var cases: [SampleCase] = []
    for testcase in testcases {
        guard let file = testcase["filename"] as? String, let blocks = testcase["token"] as? [[String: Any]],
            let validations = testcase["validations"] as? [String: [String: Any]]
        else { continue }
        for (name, validation) in validations {
            cases.append(
                SampleCase(
                    file: file, name: name, blocks: blocks,
                    authorizerCode: validation["authorizer_code"] as? String ?? "",
                    result: validation["result"] as? [String: Any] ?? [:],
                    world: validation["world"] as? [String: Any],
                    revocationIDs: validation["revocation_ids"] as? [String] ?? []))
        }
    }
    return cases.sorted { ($0.file, $0.name) < ($1.file, $1.name) }
}

/// The extern functions of the sample runner (NOTES §11), registered for test035 only.
let sampleExterns: ExternFunctions = {
    struct Mismatch: Error {}
    var externs = ExternFunctions()
    externs.register("test", unary: { $0 })
    externs.register("test", binary: { left, right in
        guard case .string(let a) = left, case .string(let b) = right else { throw Mismatch() }
        return .string(a == b ? "equal strings" : "different strings")
    })
    return externs
}()

@Suite("Conformance: the 38 sample tokens of the Biscuit specification (50 validations)")
struct SampleConformanceTests {
    static let cases = sampleCases()

    @Test("samples.json holds 50 validations of 38 tokens")
    func counts() {
        #expect(Self.cases.count == 50)
        #expect(Set(Self.cases.map(\.file)).count == 38)
    }

    @Test("Sample", arguments: cases)
    func sample(_ sample: SampleCase) throws {
        let rootKey = try PublicKey(algorithm: .ed25519, rawRepresentation: Hex.decode(SampleKeys.root.publicKey))
        let bytes = try vectorData(named: sample.file)
        let error = sample.result["Err"] as? [String: Any]

        // Load: parse and verify, or the expected format error.
        let biscuit: Biscuit
        do {
            biscuit = try UnverifiedBiscuit(bytes: bytes).verify(rootKey: rootKey)
        } catch {
            let format = try #require(
                (sample.result["Err"] as? [String: Any])?["Format"] as? [String: Any],
                "the token did not load: \(error)")
            if let signature = format["Signature"] as? [String: Any] {
                #expect(signature["InvalidSignature"] != nil)
                #expect(error.code == .invalidSignature, "\(error)")
            } else if format["BlockSignatureDeserializationError"] != nil {
                #expect(error.code == .signatureDeserialization, "\(error)")
            } else {
                Issue.record("unexpected expected format error \(format); got \(error)")
            }
            #expect(sample.revocationIDs.isEmpty)
            return
        }
        #expect((error?["Format"]) == nil, "expected a format error, the token loaded")

        // Revocation ids and the decoded blocks.
        #expect(biscuit.revocationIdentifiers.map { Hex.encode($0) } == sample.revocationIDs)
        #expect(biscuit.blocks.count == sample.blocks.count)
        for (block, expected) in zip(biscuit.blocks, sample.blocks) {
            #expect(block.code == expected["code"] as? String, "block \(block.index) code")
            #expect(block.symbols == expected["symbols"] as? [String], "block \(block.index) symbols")
            #expect(
                block.publicKeys.map { "\($0.algorithm.rawValue)/\(Hex.encode($0.bytes))" }
                    == expected["public_keys"] as? [String], "block \(block.index) public keys")
            #expect(block.externalKey?.description == expected["external_key"] as? String, "block \(block.index) external key")
            #expect(Int(block.version) == expected["version"] as? Int, "block \(block.index) version")
        }

        // Authorize.
        // The parser rejects a shadowing closure statically (NOTES §13.5): that is test032's expected
        // `Execution(ShadowedVariable)`, reported before evaluation as invalid Datalog with the same code.
        let outcome: Result<(World, AuthorizationResult), BiscuitError>
        var authorizer = Authorizer(
            biscuit: biscuit, externs: sample.file == "test035_ffi.bc" ? sampleExterns : ExternFunctions(),
            limits: RunLimits(maxFacts: 1000, maxIterations: 100, maxTime: .seconds(5)))
        do {
            try authorizer.add(code: sample.authorizerCode)
            let world = try authorizer.makeWorld()
            do {
                outcome = .success((world, try world.authorize()))
            } catch {
                outcome = .failure(BiscuitError(.execution, error.message, datalogError: error))
            }
        } catch {
            outcome = .failure(error)
        }

        if let policy = sample.result["Ok"] as? Int {
            guard case .success((_, let result)) = outcome else {
                Issue.record("expected Ok(\(policy)), got \(outcome)")
                return
            }
            #expect(result == .allowed(policyIndex: policy))
            #expect(try authorizer.authorize() == .allowed(policyIndex: policy))
        } else if let execution = error?["Execution"] as? String {
            let expected: [String: DatalogError.Code] = [
                "Overflow": .overflow, "ShadowedVariable": .shadowedVariable, "InvalidType": .invalidType,
            ]
            guard case .failure(let failure) = outcome else {
                Issue.record("expected Execution(\(execution)), got \(outcome)")
                return
            }
            #expect(failure.code == (expected[execution] == .shadowedVariable ? .invalidDatalog : .execution))
            #expect(failure.datalogError?.code == expected[execution])
        } else if let logic = error?["FailedLogic"] as? [String: Any] {
            if let invalid = logic["InvalidBlockRule"] as? [Any] {
                guard case .failure(let failure) = outcome else {
                    Issue.record("expected InvalidBlockRule, got \(outcome)")
                    return
                }
                #expect(failure.code == .invalidBlockRule)
                if let rule = invalid.last as? String { #expect(failure.message.contains(rule), "\(failure.message)") }
            } else {
                let unauthorized = try #require(logic["Unauthorized"] as? [String: Any])
                guard case .success((_, let result)) = outcome else {
                    Issue.record("expected Unauthorized, got \(outcome)")
                    return
                }
                let policy = unauthorized["policy"] as? [String: Int]
                let expectedPolicy = policy.flatMap { policy in
                    policy.first.map { MatchedPolicy(kind: $0.key == "Allow" ? .allow : .deny, index: $0.value) }
                }
                var expectedChecks: [String] = []
                for check in unauthorized["checks"] as? [[String: [String: Any]]] ?? [] {
                    if let block = check["Block"] {
                        expectedChecks.append("block \(block["block_id"] ?? "?") check \(block["check_id"] ?? "?"): \(block["rule"] ?? "?")")
                    } else if let authorizer = check["Authorizer"] {
                        expectedChecks.append("authorizer check \(authorizer["check_id"] ?? "?"): \(authorizer["rule"] ?? "?")")
                    }
                }
                guard case .denied(let matched, let failed) = result else {
                    Issue.record("expected a denial, got \(result)")
                    return
                }
                #expect(matched == expectedPolicy)
                let actualChecks = failed.map { failure -> String in
                    switch failure {
                    case .block(let blockID, let index, let check): return "block \(blockID) check \(index): \(check)"
                    case .authorizer(let index, let check): return "authorizer check \(index): \(check)"
                    }
                }
                #expect(actualChecks == expectedChecks)
            }
        } else {
            Issue.record("unexpected expected result \(sample.result)")
        }

        // The world: facts by origin, rules and checks by block, policies.
        if let expectedWorld = sample.world, case .success((let world, _)) = outcome {
            var expectedFacts = Set<String>()
            for group in expectedWorld["facts"] as? [[String: Any]] ?? [] {
                let members = group["origin"] as? [Any] ?? []
                let origin = OriginSet(
                    blockIDs: members.compactMap { $0 as? Int }, containsAuthorizer: members.contains { $0 is NSNull })
                for fact in group["facts"] as? [String] ?? [] { expectedFacts.insert("\(origin) \(fact)") }
            }
            var facts = Set<String>()
            for group in world.facts {
                for fact in group.facts { facts.insert("\(group.origin) \(fact)") }
            }
            #expect(facts == expectedFacts)

            func statements(_ key: String, _ inner: String) -> [String] {
                (expectedWorld[key] as? [[String: Any]] ?? []).flatMap { group -> [String] in
                    let origin = (group["origin"] as? NSNumber)?.uint64Value ?? 0
                    let id = origin == UInt64.max ? "authorizer" : "\(origin)"
                    return (group[inner] as? [String] ?? []).map { "\(id): \($0)" }
                }
            }
            let rules = world.rules.flatMap { group in
                group.statements.map { "\(group.blockID.map(String.init) ?? "authorizer"): \($0)" }
            }
            let checks = world.checks.flatMap { group in
                group.statements.map { "\(group.blockID.map(String.init) ?? "authorizer"): \($0)" }
            }
            // Within a block, samples.json lists statements sorted (UTF-8 bytes), not in source order.
            let sorted = { (lines: [String]) in lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            #expect(sorted(rules) == sorted(statements("rules", "rules")))
            #expect(sorted(checks) == sorted(statements("checks", "checks")))
            #expect(world.policies.map(\.description) == expectedWorld["policies"] as? [String])
        }
    }
}
