import ArgumentParser
import Foundation
import Wafer

/// `wafer datalog`: Datalog programs on their own, without a token.
struct Datalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Datalog programs on their own, without a token.",
        discussion: "Example: wafer datalog run --code 'user(\"alice\"); allow if user(\"alice\");'",
        subcommands: [DatalogRun.self]
    )
}

/// `wafer datalog run`: evaluates a standalone program and prints the world and the outcome.
struct DatalogRun: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a program (facts, rules, checks, policies): print the world and the outcome.",
        discussion: """
            The program runs as an authorizer: its facts, rules, checks and policies. Exit codes: 0 a policy \
            allowed; 1 denied (a deny policy matched, no policy matched, or a check failed); 2 the program does \
            not parse or is invalid; 3 the file cannot be read; 4 evaluation failed (a type error, an \
            overflow…); 5 a run limit was exceeded.

            Example: wafer datalog run policy.dl --max-facts 10000 --json
            """
    )

    @Argument(help: ArgumentHelp("The program's file; '-' reads standard input.", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("The program's text, instead of a file.", valueName: "datalog"))
    var code: String?

    @Flag(help: "Print one JSON object: outcome, policy, failed checks, facts, limits used.")
    var json = false

    @OptionGroup var runLimits: RunLimitOptions

    func validate() throws {
        if (file == nil) == (code == nil) {
            throw ValidationError("Give the program as a file, '-' for standard input, or --code TEXT (one of them).")
        }
    }

    func run() throws {
        let source = try TokenInput.source(code: code, file: file, what: "program")
        let name = file.map { $0 == "-" ? "<stdin>" : $0 } ?? "--code"
        let limits = runLimits.limits
        let report = DatalogReport(json: json)
        let world: World
        let result: AuthorizationResult
        do {
            let program = try Program(parsing: source)
            world = try World(blocks: [], authorizer: program, limits: limits)
            result = try world.authorize()
        } catch {
            throw CLIFailure(error, source: name)
        }
        report.printOutcome(result, world: world)
        if !result.isAllowed { throw ExitCode(1) }
    }
}

/// Prints the outcome of a Datalog run as text or JSON.
struct DatalogReport {
    var json: Bool

    func printOutcome(_ result: AuthorizationResult, world: World) {
        if json {
            var object: [String: Any] = [
                "outcome": result.isAllowed ? "allow" : "deny",
                "facts": Self.sortedFacts(world),
                "iterations": world.iterations,
                "factCount": world.factCount,
            ]
            switch result {
            case .allowed(let index):
                object["policy"] = policyObject(kind: .allow, index: index, world: world)
                object["failedChecks"] = [Any]()
            case .denied(let policy, let failedChecks):
                object["policy"] = policy.map { policyObject(kind: $0.kind, index: $0.index, world: world) } ?? NSNull()
                object["failedChecks"] = failedChecks.map(Self.checkObject)
            }
            printJSON(object)
            return
        }
        print(world.description, terminator: "")
        print()
        switch result {
        case .allowed(let index):
            print("allow: policy \(index): \(world.policies[index])")
        case .denied(let policy, let failedChecks):
            if let policy {
                print("deny: policy \(policy.index): \(world.policies[policy.index])")
            } else {
                print("deny: no policy matched")
            }
            for failed in failedChecks {
                print("failed \(Self.describe(failed))")
            }
        }
    }

    static func sortedFacts(_ world: World) -> [String] {
        let printed = Set(world.facts.flatMap { $0.facts.map { "\($0)" } })
        return printed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func describe(_ failed: FailedCheck) -> String {
        switch failed {
        case .authorizer(let index, let check): return "authorizer check \(index): \(check)"
        case .block(let block, let index, let check): return "block \(block) check \(index): \(check)"
        }
    }

    private func policyObject(kind: Policy.Kind, index: Int, world: World) -> [String: Any] {
        ["kind": kind == .allow ? "allow" : "deny", "index": index, "policy": "\(world.policies[index])"]
    }

    /// A failed check as a JSON object: origin (`"authorizer"` or the block id), index and printed check.
    static func checkObject(_ failed: FailedCheck) -> [String: Any] {
        switch failed {
        case .authorizer(let index, let check): return ["origin": "authorizer", "index": index, "check": "\(check)"]
        case .block(let block, let index, let check): return ["origin": block, "index": index, "check": "\(check)"]
        }
    }

}
