import Foundation
import Testing
import WaferDatalog

/// One validation of a sample token, with the blocks' Datalog as printed in samples.json.
///
/// `@unchecked Sendable`: the JSON values are immutable Foundation objects, read once and never mutated.
struct SampleValidation: @unchecked Sendable, CustomStringConvertible {
    var file: String
    var name: String
    var blocks: [(code: String, externalKey: String?)]
    var authorizerCode: String
    var result: [String: Any]
    var world: [String: Any]?

    var description: String { "\(file) [\(name)]" }
}

/// The validations of samples.json whose result is decided by Datalog (not by signatures or format).
func sampleValidations() throws -> [SampleValidation] {
    let root = try JSONSerialization.jsonObject(with: try vectorData(named: "samples.json")) as! [String: Any]
    var validations: [SampleValidation] = []
    for case let testcase as [String: Any] in root["testcases"] as! [Any] {
        let blocks = (testcase["token"] as! [[String: Any]]).map {
            (code: $0["code"] as! String, externalKey: $0["external_key"] as? String)
        }
        for (name, value) in testcase["validations"] as! [String: Any] {
            let validation = value as! [String: Any]
            let result = validation["result"] as! [String: Any]
            if let error = result["Err"] as? [String: Any], error["Format"] != nil { continue }
            validations.append(
                SampleValidation(
                    file: testcase["filename"] as! String, name: name, blocks: blocks,
                    authorizerCode: validation["authorizer_code"] as! String, result: result,
                    world: validation["world"] as? [String: Any]))
        }
    }
    return validations.sorted { ($0.file, $0.name) < ($1.file, $1.name) }
}

/// Parses `ed25519/<hex>` or `secp256r1/<hex>`.
func publicKeyLiteral(_ text: String) -> PublicKeyLiteral {
    let parts = text.split(separator: "/")
    let hex = Array(parts[1].utf8)
    var bytes: [UInt8] = []
    var index = 0
    while index + 1 < hex.count {
        bytes.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16)!)
        index += 2
    }
    return PublicKeyLiteral(algorithm: parts[0] == "ed25519" ? .ed25519 : .secp256r1, bytes: bytes)
}

/// The extern functions of the sample runner (NOTES §11): `test` for test035.
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

@Suite("Authorization of the samples.json Datalog (blocks as printed, authorizer code)")
struct AuthorizationSampleTests {
    static let validations = (try? sampleValidations()) ?? []

    @Test("The vectors load") func vectorsLoad() {
        #expect(Self.validations.count == 45)
    }

    /// Runs one validation: the expected error kind, or the policy and failed checks, and the world's facts.
    @Test("Sample", arguments: validations)
    func sample(_ validation: SampleValidation) throws {
        var trustedKeys: [PublicKeyLiteral: [Int]] = [:]
        for (id, block) in validation.blocks.enumerated() {
            if let key = block.externalKey { trustedKeys[publicKeyLiteral(key), default: []].append(id) }
        }
        let outcome: Result<(World, AuthorizationResult), DatalogError>
        do {
            let blocks = try validation.blocks.enumerated().map {
                World.Block(id: $0.offset, program: try Program(parsing: $0.element.code))
            }
            let authorizer = try Program(parsing: validation.authorizerCode)
            let world = try World(
                blocks: blocks, authorizer: authorizer, trustedKeys: trustedKeys, externs: sampleExterns,
                limits: RunLimits(maxTime: .seconds(5)))
            outcome = .success((world, try world.authorize()))
        } catch let error as DatalogError {
            outcome = .failure(error)
        }

        if let policy = validation.result["Ok"] as? Int {
            guard case .success((_, let result)) = outcome else {
                Issue.record("expected Ok(\(policy)), got \(outcome)")
                return
            }
            #expect(result == .allowed(policyIndex: policy))
        } else {
            let error = validation.result["Err"] as! [String: Any]
            if let execution = error["Execution"] as? String {
                let expected: [String: DatalogError.Code] = [
                    "Overflow": .overflow, "ShadowedVariable": .shadowedVariable, "InvalidType": .invalidType,
                ]
                guard case .failure(let failure) = outcome else {
                    Issue.record("expected Execution(\(execution)), got \(outcome)")
                    return
                }
                #expect(failure.code == expected[execution])
            } else {
                let logic = error["FailedLogic"] as! [String: Any]
                if logic["InvalidBlockRule"] != nil {
                    guard case .failure(let failure) = outcome else {
                        Issue.record("expected InvalidBlockRule, got \(outcome)")
                        return
                    }
                    #expect(failure.code == .unsafeRule)
                } else {
                    let unauthorized = logic["Unauthorized"] as! [String: Any]
                    guard case .success((_, let result)) = outcome else {
                        Issue.record("expected Unauthorized, got \(outcome)")
                        return
                    }
                    let policy = unauthorized["policy"] as? [String: Int]
                    let expectedPolicy = policy.map {
                        MatchedPolicy(kind: $0["Allow"] != nil ? .allow : .deny, index: $0.values.first!)
                    }
                    var expectedChecks: [String] = []
                    for case let check as [String: [String: Any]] in unauthorized["checks"] as! [Any] {
                        if let block = check["Block"] {
                            expectedChecks.append("block \(block["block_id"]!) check \(block["check_id"]!): \(block["rule"]!)")
                        } else if let authorizer = check["Authorizer"] {
                            expectedChecks.append("authorizer check \(authorizer["check_id"]!): \(authorizer["rule"]!)")
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
            }
        }

        // The world's facts, by origin (null is the authorizer).
        if let world = validation.world, case .success((let actual, _)) = outcome {
            var expected = Set<String>()
            for case let group as [String: Any] in world["facts"] as! [Any] {
                let members = group["origin"] as! [Any]
                let origin = OriginSet(
                    blockIDs: members.compactMap { $0 as? Int }, containsAuthorizer: members.contains { $0 is NSNull })
                for case let fact as String in group["facts"] as! [Any] {
                    expected.insert("\(origin) \(fact)")
                }
            }
            var facts = Set<String>()
            for group in actual.facts {
                for fact in group.facts { facts.insert("\(group.origin) \(fact)") }
            }
            #expect(facts == expected)

            // Rules and checks by block (the authorizer is usize::MAX in biscuit-rust), and policies.
            func statements(_ key: String, _ field: String) -> [String] {
                (world[key] as! [[String: Any]]).flatMap { group -> [String] in
                    let origin = (group["origin"] as! NSNumber).uint64Value
                    let name = origin == UInt64.max ? "authorizer" : "\(origin)"
                    return (group[field] as! [String]).map { "\(name): \($0)" }
                }.sorted()
            }
            func actualStatements<S>(_ groups: [World.StatementGroup<S>]) -> [String] {
                groups.flatMap { group in
                    group.statements.map { "\(group.blockID.map(String.init) ?? "authorizer"): \($0)" }
                }.sorted()
            }
            #expect(actualStatements(actual.rules) == statements("rules", "rules"))
            #expect(actualStatements(actual.checks) == statements("checks", "checks"))
            #expect(actual.policies.map(\.description) == world["policies"] as! [String])
        }
    }
}
