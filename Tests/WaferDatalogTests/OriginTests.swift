import Testing
import WaferDatalog

/// Builds a world from block sources (block `i` is the `i`th string) and an authorizer source.
func makeWorld(
    _ blocks: [String], authorizer: String = "", trustedKeys: [PublicKeyLiteral: [Int]] = [:],
    externs: ExternFunctions = ExternFunctions(), limits: RunLimits = RunLimits(maxTime: .seconds(10))
) throws -> World {
    try World(
        blocks: try blocks.enumerated().map { World.Block(id: $0.offset, program: try Program(parsing: $0.element)) },
        authorizer: try Program(parsing: authorizer), trustedKeys: trustedKeys, externs: externs, limits: limits)
}

/// The world's facts as `"{origin} fact"` strings.
func originFacts(_ world: World) -> Set<String> {
    Set(world.facts.flatMap { group in group.facts.map { "\(group.origin) \($0)" } })
}

/// The failed checks of a denial as `"block b/c"` or `"authorizer c"`.
func failedCheckIDs(_ result: AuthorizationResult) -> [String] {
    guard case .denied(_, let failed) = result else { return [] }
    return failed.map {
        switch $0 {
        case .block(let block, let index, _): return "block \(block)/\(index)"
        case .authorizer(let index, _): return "authorizer \(index)"
        }
    }
}

let keyA = PublicKeyLiteral(algorithm: .ed25519, bytes: Array(repeating: 0xAA, count: 32))
let keyB = PublicKeyLiteral(algorithm: .ed25519, bytes: Array(repeating: 0xBB, count: 32))
let keyAText = "ed25519/" + String(repeating: "aa", count: 32)
let keyBText = "ed25519/" + String(repeating: "bb", count: 32)

@Suite("Origins and trust (NOTES §7)")
struct OriginTests {
    @Test("007: a block rule cannot use a later block's facts")
    func scopedRules() throws {
        let world = try makeWorld(
            [
                "user_id(\"alice\"); owner(\"alice\", \"file1\");",
                "right($0, \"read\") <- resource($0), user_id($1), owner($1, $0); check if resource($0), operation(\"read\"), right($0, \"read\");",
                "owner(\"alice\", \"file2\");",
            ], authorizer: "resource(\"file2\"); operation(\"read\"); allow if true;")
        #expect(failedCheckIDs(try world.authorize()) == ["block 1/0"])
        #expect(!originFacts(world).contains { $0.contains("right(") })
    }

    @Test("008: a block check cannot see a later block's facts")
    func scopedChecks() throws {
        let world = try makeWorld(
            ["right(\"file1\", \"read\");", "check if resource($0), operation(\"read\"), right($0, \"read\");",
             "right(\"file2\", \"read\");"],
            authorizer: "resource(\"file2\"); operation(\"read\"); allow if true;")
        #expect(failedCheckIDs(try world.authorize()) == ["block 1/0"])
    }

    @Test("010: the authorizer does not trust block 1")
    func authorizerScope() throws {
        let world = try makeWorld(
            ["right(\"file1\", \"read\");", "right(\"file2\", \"read\");"],
            authorizer: "resource(\"file2\"); operation(\"read\"); check if right($0, $1), resource($0), operation($1); allow if true;")
        #expect(failedCheckIDs(try world.authorize()) == ["authorizer 0"])
    }

    @Test("019: a fact derived from authorizer facts by block 1 has origin {1, authorizer}")
    func generatedAmbient() throws {
        let world = try makeWorld(
            ["check if operation(\"read\");", "operation(\"read\") <- operation($any);"],
            authorizer: "operation(\"write\"); allow if true;")
        #expect(originFacts(world) == ["{authorizer} operation(\"write\")", "{1, authorizer} operation(\"read\")"])
        #expect(failedCheckIDs(try world.authorize()) == ["block 0/0"])
    }

    @Test("023: block 2 sees the authority's facts, not block 1's")
    func executionScope() throws {
        let world = try makeWorld(
            ["authority_fact(1);", "block1_fact(1);", "check if authority_fact($var); check if block1_fact($var);"],
            authorizer: "allow if true;")
        #expect(failedCheckIDs(try world.authorize()) == ["block 2/1"])
    }

    @Test("024: trusting a public key sees the blocks it signed")
    func thirdParty() throws {
        let blocks = ["right(\"read\"); check if group(\"admin\") trusting \(keyAText);",
                      "group(\"admin\"); check if right(\"read\");"]
        let trusted = try makeWorld(blocks, authorizer: "allow if true;", trustedKeys: [keyA: [1]])
        #expect(try trusted.authorize() == .allowed(policyIndex: 0))
        let otherKey = try makeWorld(blocks, authorizer: "allow if true;", trustedKeys: [keyB: [1]])
        #expect(failedCheckIDs(try otherKey.authorize()) == ["block 0/0"])
        let unsigned = try makeWorld(blocks, authorizer: "allow if true;")
        #expect(failedCheckIDs(try unsigned.authorize()) == ["block 0/0"])
    }

    @Test("026: per-statement key scopes, previous, several keys, deny policies that must not match")
    func publicKeys() throws {
        let blocks = [
            "query(0); check if true trusting previous, \(keyAText);",
            "query(1); query(1, 2) <- query(1), query(2) trusting \(keyBText); check if query(2), query(3) trusting \(keyBText); check if query(1) trusting \(keyAText);",
            "query(2); check if query(2), query(3) trusting \(keyBText); check if query(1) trusting \(keyAText);",
            "query(3); check if query(2), query(3) trusting \(keyBText); check if query(1) trusting \(keyAText);",
            "query(4); check if query(2) trusting \(keyBText); check if query(4) trusting ed25519/\(String(repeating: "cc", count: 32));",
        ]
        let authorizer = """
            check if query(1, 2) trusting \(keyAText), \(keyBText);
            deny if query(3);
            deny if query(1, 2);
            deny if query(0) trusting \(keyAText);
            allow if true;
            """
        let world = try makeWorld(blocks, authorizer: authorizer, trustedKeys: [keyA: [1], keyB: [2, 3]])
        #expect(try world.authorize() == .allowed(policyIndex: 3))
        #expect(originFacts(world).contains("{1, 2} query(1, 2)"))
    }

    @Test("A rule's trusting clause replaces its block's; without one the block's applies")
    func ruleScopeReplacesBlockScope() throws {
        let blocks = [
            "a(0);",
            "b(1);",
            """
            trusting \(keyAText);
            from_block_scope($x) <- a($x);
            from_block_scope_b($x) <- b($x);
            from_rule_scope($x) <- a($x) trusting \(keyBText);
            from_rule_scope_b($x) <- b($x) trusting \(keyBText);
            """,
        ]
        let world = try makeWorld(blocks, trustedKeys: [keyA: [1], keyB: [1]])
        let facts = originFacts(world)
        // The block scope (key A → block 1) drops the default authority trust: a(0) is invisible.
        #expect(!facts.contains { $0.contains("from_block_scope(") })
        #expect(facts.contains("{1, 2} from_block_scope_b(1)"))
        #expect(!facts.contains { $0.contains("from_rule_scope(") })
        #expect(facts.contains("{1, 2} from_rule_scope_b(1)"))
    }

    @Test("Default trust is {0, own block, authorizer}; authority and previous extend or restrict it")
    func defaultAuthorityPrevious() throws {
        let blocks = [
            "a(0);",
            "b(1);",
            "c(2);",
            """
            default_a($x) <- a($x);
            default_b($x) <- b($x);
            previous_b($x) <- b($x) trusting previous;
            previous_c($x) <- c($x) trusting previous;
            authority_b($x) <- b($x) trusting authority;
            authority_a($x) <- a($x) trusting authority;
            own_d($x) <- d($x) trusting authority;
            d(3);
            auth_e($x) <- e($x) trusting authority;
            """,
        ]
        let world = try makeWorld(blocks, authorizer: "e(4); previous_e($x) <- c($x) trusting previous;")
        let facts = originFacts(world)
        #expect(facts.contains("{0, 3} default_a(0)"))
        #expect(!facts.contains { $0.contains("default_b") })
        #expect(facts.contains("{1, 3} previous_b(1)"))
        #expect(facts.contains("{2, 3} previous_c(2)"))
        #expect(!facts.contains { $0.contains("authority_b") })
        #expect(facts.contains("{0, 3} authority_a(0)"))
        #expect(facts.contains("{3} own_d(3)"))
        #expect(facts.contains("{3, authorizer} auth_e(4)"))
        // `previous` means nothing in the authorizer: it sees only itself.
        #expect(!facts.contains { $0.contains("previous_e") })
    }

    @Test("Each (origin, fact) pair is distinct; a derived fact unions the origins it used")
    func distinctOriginFactPairs() throws {
        let world = try makeWorld(
            ["p(1); q(1);", "p(1);"], authorizer: "p(1); r($x) <- p($x), q($x) trusting authority;")
        let facts = originFacts(world)
        #expect(facts.contains("{0} p(1)"))
        #expect(facts.contains("{1} p(1)"))
        #expect(facts.contains("{authorizer} p(1)"))
        #expect(facts.contains("{0, authorizer} r(1)"))
        #expect(world.factCount == 5)
        #expect(try world.query(Rule(parsing: "x($x) <- p($x)")) == [Fact("x", [.integer(1)])])
    }

    @Test("Block ids must be distinct and below the cap of 63 blocks")
    func blockLimits() throws {
        #expect(World.maxBlockCount == 63)
        #expect(errorCode { try World(blocks: [World.Block(id: 63, program: Program())]) } == .tooManyBlocks)
        #expect(errorCode { try World(blocks: [World.Block(id: -1, program: Program())]) } == .tooManyBlocks)
        let many = (0..<64).map { World.Block(id: $0 % 63, program: Program()) }
        #expect(errorCode { try World(blocks: many) } == .tooManyBlocks)
        let duplicate = [World.Block(id: 1, program: Program()), World.Block(id: 1, program: Program())]
        #expect(errorCode { try World(blocks: duplicate) } == .duplicateBlockID)
        let highest = try World(blocks: [World.Block(id: 62, program: try Program(parsing: "p(1); q($x) <- p($x) trusting previous;"))])
        #expect(originFacts(highest) == ["{62} p(1)", "{62} q(1)"])
    }

    @Test("OriginSet members, order and description")
    func originSet() {
        let set = OriginSet(blockIDs: [2, 0, 70], containsAuthorizer: true)
        #expect(set.blockIDs == [0, 2])
        #expect(set.containsAuthorizer)
        #expect(set.description == "{0, 2, authorizer}")
        #expect(OriginSet(blockIDs: [0]).isSubset(of: set))
        #expect(!OriginSet(blockIDs: [1]).isSubset(of: set))
        #expect(OriginSet(blockIDs: [0]) < OriginSet(blockIDs: [0], containsAuthorizer: true))
        #expect(OriginSet(blockIDs: [0, 1]) < OriginSet(blockIDs: [1]))
        #expect(OriginSet.authorizer.blockIDs.isEmpty)
    }
}
