import ArgumentParser
import Wafer

/// `--max-facts`, `--max-iterations` and `--max-time`: the run limits of a Datalog evaluation.
struct RunLimitOptions: ParsableArguments {
    @Option(help: "The most facts the world may hold.")
    var maxFacts = RunLimits().maxFacts

    @Option(help: "The most iterations of the fixpoint.")
    var maxIterations = RunLimits().maxIterations

    @Option(help: ArgumentHelp("The longest the run may take: 500us, 100ms, 2s, 1.5s.", valueName: "duration"))
    var maxTime = DurationArgument(RunLimits().maxTime)

    func validate() throws {
        if maxFacts < 1 || maxIterations < 1 {
            throw ValidationError("--max-facts and --max-iterations must be at least 1.")
        }
    }

    /// The limits the options describe.
    var limits: RunLimits {
        RunLimits(maxFacts: maxFacts, maxIterations: maxIterations, maxTime: maxTime.duration)
    }
}

/// A `--max-time` value: a number and a unit (`us`, `ms`, `s`).
struct DurationArgument: ExpressibleByArgument {
    var duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let units: [(String, Double)] = [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            guard let value = Double(argument.dropLast(suffix.count)), value > 0, value.isFinite, value * scale < 86_400 else {
                return nil
            }
            duration = .nanoseconds(Int64((value * scale * 1e9).rounded()))
            return
        }
        return nil
    }

    var defaultValueDescription: String { "\(duration)" }
}
