import ArgumentParser
import Foundation
import Wafer

/// `wafer bench`: measures verifying and authorizing a token with the user's own authorizer.
struct Bench: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        abstract: "Measure how long verifying and authorizing a token takes with your own authorizer.",
        discussion: """
            Each iteration parses the token's bytes and verifies its signatures ('verify'), then builds an \
            authorizer from the (already parsed) Datalog and authorizes the token ('authorize'). After a warm-up \
            (a tenth of the iterations, at least one), the iterations are timed with a monotonic clock and the \
            latency percentiles p50, p90, p99 and max are printed in microseconds for verify, authorize and both \
            (total), with the size of the authorizer's world. A denied authorization is measured all the same: \
            its outcome is reported, and the exit status is still 0. A progress bar is drawn on standard error \
            when it is a terminal. Exit codes: 0 measured; 2 invalid token, key or Datalog, or a failed \
            signature; 3 a file cannot be read; 4 evaluation failed; 5 a run limit was exceeded.

            Example: wafer bench "$TOKEN" --public-key-file root.pub --code 'allow if user("alice");' --iterations 200
            """
    )

    @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"), completion: .file())
    var token: String

    @OptionGroup var rootKey: RootKeyOptions

    @OptionGroup var authorizerOptions: AuthorizerOptions

    @Option(help: "How many timed iterations to run.")
    var iterations = 1000

    @Flag(help: "Print one JSON object: iterations, outcome, world, and the percentiles of verify, authorize and total.")
    var json = false

    func validate() throws {
        if !(1...10_000_000).contains(iterations) {
            throw ValidationError("--iterations must be between 1 and 10000000.")
        }
    }

    func run() throws {
        let unverified = try TokenInput.read(token)
        let rootKey = try self.rootKey.key()
        let program = try authorizerOptions.program()
        let limits = authorizerOptions.runLimits.limits
        let bytes = unverified.serializedBytes

        // One checked run first: a bad token, key or program fails here, before anything is timed.
        let result: AuthorizationResult
        let world: World
        let blockCount: Int
        do {
            let biscuit = try unverified.verify(rootKey: rootKey)
            let authorizer = Authorizer(biscuit: biscuit, program: program, limits: limits)
            world = try authorizer.makeWorld()
            result = try authorizer.authorize()
            blockCount = biscuit.blocks.count
        } catch {
            throw CLIFailure(error)
        }

        let warmup = max(1, iterations / 10)
        var verifyTimes: [Duration] = []
        var authorizeTimes: [Duration] = []
        var totalTimes: [Duration] = []
        verifyTimes.reserveCapacity(iterations)
        authorizeTimes.reserveCapacity(iterations)
        totalTimes.reserveCapacity(iterations)
        let progress = ProgressBar(total: warmup + iterations)
        let clock = ContinuousClock()
        for iteration in 0..<(warmup + iterations) {
            let start = clock.now
            let authorizer: Authorizer
            do {
                let biscuit = try UnverifiedBiscuit(bytes: bytes).verify(rootKey: rootKey)
                authorizer = Authorizer(biscuit: biscuit, program: program, limits: limits)
            } catch {
                throw CLIFailure(error)
            }
            let verified = clock.now
            do {
                _ = try authorizer.authorize()
            } catch {
                throw CLIFailure(error)
            }
            let end = clock.now
            if iteration >= warmup {
                verifyTimes.append(verified - start)
                authorizeTimes.append(end - verified)
                totalTimes.append(end - start)
            }
            progress.update(iteration + 1)
        }
        progress.finish()

        let report = BenchReport(
            iterations: iterations, warmup: warmup, tokenBytes: bytes.count, blockCount: blockCount, result: result,
            world: world, verify: Percentiles(verifyTimes), authorize: Percentiles(authorizeTimes),
            total: Percentiles(totalTimes))
        if json {
            printJSON(report.jsonObject)
        } else {
            print(report.text, terminator: "")
        }
    }
}

/// The latency percentiles of a series of timings, in microseconds (nearest rank).
struct Percentiles {
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var min: Double
    var mean: Double

    /// Computes the percentiles of a non-empty series.
    init(_ durations: [Duration]) {
        let microseconds = durations.map { duration -> Double in
            let (seconds, attoseconds) = duration.components
            return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
        }.sorted()
        func rank(_ quantile: Double) -> Double {
            let index = Int((quantile * Double(microseconds.count)).rounded(.up)) - 1
            return microseconds[Swift.min(Swift.max(index, 0), microseconds.count - 1)]
        }
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        max = microseconds.last ?? 0
        min = microseconds.first ?? 0
        mean = microseconds.isEmpty ? 0 : microseconds.reduce(0, +) / Double(microseconds.count)
    }

    /// The percentiles as a JSON object.
    var jsonObject: [String: Any] {
        ["p50": p50, "p90": p90, "p99": p99, "max": max, "min": min, "mean": mean]
    }
}

/// What `wafer bench` prints.
struct BenchReport {
    var iterations: Int
    var warmup: Int
    var tokenBytes: Int
    var blockCount: Int
    var result: AuthorizationResult
    var world: World
    var verify: Percentiles
    var authorize: Percentiles
    var total: Percentiles

    private var ruleCount: Int { world.rules.reduce(0) { $0 + $1.statements.count } }
    private var checkCount: Int { world.checks.reduce(0) { $0 + $1.statements.count } }

    private var outcome: String {
        switch result {
        case .allowed(let index): return "allow (policy \(index))"
        case .denied(let policy, let failedChecks):
            let matched = policy.map { "\($0.kind == .allow ? "allow" : "deny") policy \($0.index) matched" } ?? "no policy matched"
            return "deny (\(matched); \(failedChecks.count) failed check\(failedChecks.count == 1 ? "" : "s"))"
        }
    }

    /// The report as text: the token, the world, the outcome, then a table of percentiles.
    var text: String {
        func count(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }
        func row(_ name: String, _ p: Percentiles) -> String {
            name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + [p.p50, p.p90, p.p99, p.max].map { String(format: "%10.1f", $0) }.joined() + "\n"
        }
        let worldSize = [
            count(world.factCount, "fact", "facts"), count(ruleCount, "rule", "rules"), count(checkCount, "check", "checks"),
            count(world.policies.count, "policy", "policies"), count(world.iterations, "iteration", "iterations"),
        ].joined(separator: ", ")
        return "token: \(count(blockCount, "block", "blocks")), \(tokenBytes) bytes\n"
            + "world: \(worldSize)\n"
            + "outcome: \(outcome)\n"
            + "\(iterations) timed iterations after \(warmup) warm-up; latency in microseconds:\n"
            + "                 p50       p90       p99       max\n"
            + row("verify", verify) + row("authorize", authorize) + row("total", total)
    }

    /// The report as one JSON object; latencies in microseconds.
    var jsonObject: [String: Any] {
        var outcomeObject: [String: Any] = ["outcome": result.isAllowed ? "allow" : "deny"]
        switch result {
        case .allowed(let index):
            outcomeObject["policy"] = ["kind": "allow", "index": index]
            outcomeObject["failedChecks"] = 0
        case .denied(let policy, let failedChecks):
            outcomeObject["policy"] = policy.map { ["kind": $0.kind == .allow ? "allow" : "deny", "index": $0.index] } ?? NSNull()
            outcomeObject["failedChecks"] = failedChecks.count
        }
        return outcomeObject.merging([
            "iterations": iterations, "warmup": warmup, "unit": "microseconds",
            "token": ["blocks": blockCount, "bytes": tokenBytes],
            "world": [
                "facts": world.factCount, "rules": ruleCount, "checks": checkCount, "policies": world.policies.count,
                "iterations": world.iterations,
            ],
            "verify": verify.jsonObject, "authorize": authorize.jsonObject, "total": total.jsonObject,
        ]) { $1 }
    }
}

/// A progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    private let total: Int
    private let isEnabled: Bool
    private var drawn = -1

    /// A bar for `total` steps, drawn only when standard error is a terminal.
    init(total: Int) {
        self.total = total
        isEnabled = isatty(STDERR_FILENO) == 1
    }

    /// Redraws the bar when it moves by a fortieth.
    func update(_ done: Int) {
        guard isEnabled else { return }
        let width = 40
        let filled = done * width / max(total, 1)
        guard filled != drawn else { return }
        drawn = filled
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    /// Erases the bar.
    func finish() {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
