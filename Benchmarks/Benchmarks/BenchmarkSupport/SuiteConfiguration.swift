import Benchmark
import Foundation

/// What every Wafer benchmark suite shares: the allocation threshold and the iteration cap of the quick runs.
public enum SuiteConfiguration {
    /// `WAFER_BENCHMARK_ITERATIONS=n` caps every case at `n` measured iterations. The allocation-threshold check
    /// (`Benchmarks/check-thresholds.sh`) sets it: allocations per iteration are exact, so a few iterations
    /// tell as much as thousands, in a fraction of the time.
    public static let iterationCap: Int? = ProcessInfo.processInfo.environment["WAFER_BENCHMARK_ITERATIONS"]
        .flatMap { Int($0) }
        .flatMap { $0 > 0 ? $0 : nil }

    /// The checked thresholds: `mallocCountTotal` at p90, within 3 allocations per iteration (a few cases vary by
    /// one or two from run to run — the Datalog parser's and the regex engine's hash tables grow at
    /// seed-dependent moments; `check-thresholds.sh` fails on a larger increase). The time metrics have no stored threshold
    /// (`Benchmarks/Thresholds/` holds only `mallocCountTotal`), so they are never checked.
    public static var thresholds: [BenchmarkMetric: BenchmarkThresholds] {
        [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 3])]
    }

    /// A configuration with Wafer's thresholds, its `maxIterations` lowered to `iterationCap` when set.
    public static func make(
        metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: Int = 10,
        maxDuration: Duration = .seconds(2),
        maxIterations: Int = 100_000
    ) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: metrics,
            warmupIterations: iterationCap.map { min($0, warmupIterations) } ?? warmupIterations,
            maxDuration: maxDuration,
            maxIterations: iterationCap.map { min($0, maxIterations) } ?? maxIterations,
            thresholds: thresholds
        )
    }
}
