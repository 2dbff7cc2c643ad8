// Fuzzes authorizer evaluation: the input is Datalog source (facts, rules, checks, policies) that an
// authorizer runs against a fixed two-block token, under small `RunLimits`; its policy-free part is also
// appended to the token as a third block and run again.
//
// Properties asserted: every run ends (libFuzzer's -timeout calls anything slower a hang) with a result or a
// `BiscuitError`; an `allowed(policyIndex:)` names an allow policy of the program; a `denied` names, if any,
// a deny policy or an allow policy with failed checks, and each failed check is one of the program's;
// the same program run twice gives the same result; a query of one of the rules returns facts of its head's
// name and arity.
import FuzzSupport
import WaferBiscuit
import WaferCrypto
import WaferDatalog

private let limits = RunLimits(maxFacts: 200, maxIterations: 20, maxTime: .milliseconds(50))

private let rootKey: SigningKey = {
    do {
        return try SigningKey(text: "ed25519-private/99e87b0e9158531eeeb503ff15266e2b23c2a2507b138c9d1b1f2ab458df2d61")
    } catch { fatalError("the fixed root key does not read: \(error)") }
}()

/// A token with facts, a rule and checks of each kind in its authority block, and a second block.
private let token: Biscuit = {
    do {
        return try Biscuit.make(rootKey: rootKey, code: """
            user("alice"); right("file1", "read"); right("file2", "write"); member("alice", {"admin", "dev"});
            owner($u, $f) <- user($u), right($f, "write");
            check if operation($op), ["read", "write"].contains($op);
            check all time($t), $t < 2040-01-01T00:00:00Z;
            """).attenuated(withCode: """
            check if resource($r), $r.starts_with("file");
            reject if resource("secret");
            """)
    } catch { fatalError("the fixed token cannot be made: \(error)") }
}()

private let externs: ExternFunctions = {
    var externs = ExternFunctions()
    externs.register("id", unary: { $0 })
    externs.register("pair", binary: { .array([$0, $1]) })
    return externs
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuthorizer(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let text = inputText(inputBytes(start, count)),
        let program = try? Program(parsing: text)
    else { return 0 }

    var authorizer = Authorizer(biscuit: token, program: program, externs: externs, limits: limits)
    authorizer.addTime(secondsSince1970: 1_800_000_000)
    let first = Result { () throws(BiscuitError) in try authorizer.authorize() }
    if case .success(let result) = first { checkResult(result, of: authorizer) }
    let second = Result { () throws(BiscuitError) in try authorizer.authorize() }
    if case .success(let a) = first, case .success(let b) = second {
        require(a == b, "the same authorizer gave two results: \(a) / \(b)")
    }
    for rule in program.rules.prefix(2) {
        guard let facts = try? authorizer.query(rule) else { continue }
        for fact in facts {
            require(
                fact.predicate.name == rule.head.name && fact.predicate.terms.count == rule.head.terms.count,
                "query \(rule) returned \(fact)")
        }
    }

    // The statements a block may hold, appended to the token, under a fixed authorizer.
    var block = program
    block.policies = []
    guard let attenuated = try? token.attenuated(with: block) else { return 0 }
    var blockAuthorizer = Authorizer(
        biscuit: attenuated, program: fixedAuthorizerProgram, externs: externs, limits: limits)
    blockAuthorizer.addTime(secondsSince1970: 1_800_000_000)
    if let result = try? blockAuthorizer.authorize() { checkResult(result, of: blockAuthorizer) }
    return 0
}

private let fixedAuthorizerProgram: Program = {
    do {
        return try Program(parsing: """
            resource("file1"); operation("read");
            allow if user($u), right("file1", "read");
            deny if true;
            """)
    } catch { fatalError("the fixed authorizer program does not parse: \(error)") }
}()

private func checkResult(_ result: AuthorizationResult, of authorizer: Authorizer) {
    let policies = authorizer.program.policies
    switch result {
    case .allowed(let index):
        require(policies.indices.contains(index), "allowed by policy \(index) of \(policies.count)")
        require(policies[index].kind == .allow, "allowed by a deny policy")
    case .denied(let policy, let failedChecks):
        if let policy {
            require(policies.indices.contains(policy.index), "denied by policy \(policy.index) of \(policies.count)")
            require(policies[policy.index].kind == policy.kind, "the matched policy's kind differs from the program's")
            require(policy.kind == .deny || !failedChecks.isEmpty, "an allow policy matched and no check failed, yet denied")
        }
        for failed in failedChecks {
            switch failed {
            case .authorizer(let index, let check):
                require(authorizer.program.checks.indices.contains(index), "failed authorizer check \(index)")
                require(authorizer.program.checks[index] == check, "failed authorizer check \(index) is another check")
            case .block(let blockID, let index, let check):
                let blocks = authorizer.biscuit.blocks
                require(blocks.indices.contains(blockID), "failed check of block \(blockID) of \(blocks.count)")
                let checks = blocks[blockID].program.checks
                require(checks.indices.contains(index), "failed check \(index) of block \(blockID)")
                require(checks[index] == check, "failed check \(index) of block \(blockID) is another check")
            }
        }
    }
}
