import Foundation
import Testing
@testable import WaferDatalog

/// The parts of samples.json the text syntax needs.
private struct Samples: Decodable {
    struct TestCase: Decodable {
        struct Block: Decodable { let code: String }
        struct Validation: Decodable {
            struct World: Decodable {
                struct FactGroup: Decodable { let facts: [String] }
                struct RuleGroup: Decodable { let rules: [String] }
                struct CheckGroup: Decodable { let checks: [String] }
                let facts: [FactGroup]
                let rules: [RuleGroup]
                let checks: [CheckGroup]
                let policies: [String]
            }
            let world: World?
            let authorizer_code: String
        }
        let title: String
        let filename: String
        let token: [Block]
        let validations: [String: Validation]
    }
    let testcases: [TestCase]

    static let shared: Samples = {
        do {
            return try JSONDecoder().decode(Samples.self, from: vectorData(named: "samples.json"))
        } catch {
            Issue.record("cannot read samples.json: \(error)")
            return Samples(testcases: [])
        }
    }()
}

/// One Datalog source of samples.json: a block's `code` or a validation's `authorizer_code`.
struct SampleSource: CustomTestStringConvertible, Sendable {
    let name: String
    let code: String
    let isAuthorizer: Bool
    var testDescription: String { name }

    static let all: [SampleSource] = Samples.shared.testcases.flatMap { testCase in
        let blocks = testCase.token.enumerated().map { index, block in
            SampleSource(name: "\(testCase.filename) block \(index)", code: block.code, isAuthorizer: false)
        }
        let authorizers = testCase.validations.sorted { $0.key < $1.key }.compactMap { name, validation in
            validation.authorizer_code.isEmpty
                ? nil
                : SampleSource(name: "\(testCase.filename) authorizer '\(name)'", code: validation.authorizer_code, isAuthorizer: true)
        }
        return blocks + authorizers
    }

    /// Every `world` statement string of every validation, with what it is.
    static let worldStatements: [(kind: String, text: String)] = Samples.shared.testcases.flatMap { testCase in
        testCase.validations.values.flatMap { validation -> [(kind: String, text: String)] in
            guard let world = validation.world else { return [] }
            return world.facts.flatMap(\.facts).map { ("fact", $0) }
                + world.rules.flatMap(\.rules).map { ("rule", $0) }
                + world.checks.flatMap(\.checks).map { ("check", $0) }
                + world.policies.map { ("policy", $0) }
        }
    }
}

@Suite("Samples syntax")
struct SamplesSyntaxTests {
    /// Sources the parser rejects on purpose, with the error biscuit-rust reports for them later.
    ///
    /// - test018's block 1 holds `operation($unbound, "read") <- operation($any1, $any2)`, which biscuit-rust
    ///   rejects when it loads the token (`InvalidBlockRule`); our parser rejects it at once.
    /// - test032's second authorizer is `allow if {"true"}.any($p -> {"true"}.all($p -> $p))`, which
    ///   biscuit-rust evaluates to `Execution(ShadowedVariable)`; our parser rejects the shadowing at once.
    static let rejected: [String: (DatalogError.Code, DatalogLocation)] = [
        "test018_unbound_variables_in_rule.bc block 1": (.unsafeRule, at(1, 11)),
        "test032_laziness_closures.bc authorizer 'shadowing'": (.shadowedVariable, at(1, 42)),
    ]

    @Test func samplesAreLoaded() {
        #expect(Samples.shared.testcases.count == 38)
        #expect(SampleSource.all.count > 60)
        #expect(SampleSource.worldStatements.count > 100)
    }

    @Test(arguments: SampleSource.all)
    func parseAndPrintGivesBackTheSampleCode(source: SampleSource) throws {
        if let (code, location) = Self.rejected[source.name] {
            do {
                let program = try Program(parsing: source.code)
                Issue.record("expected \(code), parsed \(program)")
            } catch {
                #expect(error.code == code, "\(error)")
                #expect(error.location == location, "\(error)")
            }
            return
        }
        let program = try Program(parsing: source.code)
        if source.isAuthorizer {
            // biscuit-rust's `Authorizer::dump_code` separates the groups of statements with blank lines.
            #expect(program.authorizerCode == source.code)
            let expected = source.code.split(separator: "\n").filter { !$0.isEmpty }.map(String.init)
            #expect(program.description.split(separator: "\n").map(String.init) == expected)
        } else {
            #expect(program.description == source.code)
        }
        // Round trip: the printed text parses back to the same AST.
        #expect(try Program(parsing: program.description) == program)
    }

    @Test func worldStatementsParseAndPrintBack() throws {
        for (kind, text) in SampleSource.worldStatements {
            if text == #"allow if {"true"}.any($p -> {"true"}.all($p -> $p))"# {
                // test032's shadowing policy (see `rejected`).
                #expect(throws: DatalogError.self) { try Policy(parsing: text) }
                continue
            }
            let printed: String
            switch kind {
            case "fact": printed = try Fact(parsing: text).description
            case "rule": printed = try Rule(parsing: text).description
            case "check": printed = try Check(parsing: text).description
            default: printed = try Policy(parsing: text).description
            }
            #expect(printed == text, "\(kind)")
        }
    }

    @Test func rejectedSamplesPrintAsBiscuitRustPrintsThem() throws {
        // The rule the parser refuses, built by hand as a token decoder would, prints like the sample.
        let rule = Rule(
            head: Predicate(name: "operation", terms: [.variable("unbound"), .string("read")]),
            body: [Predicate(name: "operation", terms: [.variable("any1"), .variable("any2")])])
        #expect(rule.description == #"operation($unbound, "read") <- operation($any1, $any2)"#)
        #expect(throws: DatalogError(.unsafeRule, VariableIssue.unbound("unbound").error.message)) {
            try rule.validateVariables()
        }
        let policy = Policy(
            kind: .allow,
            queries: [
                Rule(
                    head: Predicate(name: "query", terms: []), body: [],
                    expressions: [
                        Expression(ops: [
                            .value(.set(TermSet([.string("true")]))),
                            .closure(
                                parameters: ["p"],
                                ops: [
                                    .value(.set(TermSet([.string("true")]))),
                                    .closure(parameters: ["p"], ops: [.value(.variable("p"))]),
                                    .binary(.all),
                                ]),
                            .binary(.any),
                        ])
                    ])
            ])
        #expect(policy.description == #"allow if {"true"}.any($p -> {"true"}.all($p -> $p))"#)
        do {
            try policy.validateVariables()
            Issue.record("shadowing accepted")
        } catch {
            #expect(error.code == .shadowedVariable)
        }
    }
}
