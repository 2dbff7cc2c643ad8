import Benchmark
import BenchmarkSupport
import BenchmarkWorkloads
import WaferDatalog

/// Parses Datalog text a test controls; a parse error is a bug in the benchmark.
private func parsed(_ text: String) -> Program {
    do { return try Program(parsing: text) } catch { fatalError("benchmark program does not parse: \(error)") }
}

/// Runs a program as an authorizer and authorizes it; a failure is a bug in the benchmark.
private func authorized(_ program: Program, limits: RunLimits = RunLimits()) -> AuthorizationResult {
    do {
        let world = try World(blocks: [], authorizer: program, limits: limits)
        let result = try world.authorize()
        guard result.isAllowed else { fatalError("benchmark program was denied: \(result)") }
        return result
    } catch {
        fatalError("benchmark program failed: \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SuiteConfiguration.make(
        warmupIterations: 3, maxDuration: .seconds(3), maxIterations: 10_000)

    if let problem = Workloads.dumpIfRequested() { fatalError("WAFER_DUMP_WORKLOADS: \(problem)") }

    // Parse throughput: 1,600 facts, and a 100 KB policy. MB/s = bytes / wall clock.
    let factsText = Workloads.facts(count: 1_600)
    Benchmark("Datalog.parse.1600-facts (\(factsText.utf8.count) bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(parsed(factsText)) }
    }
    let policyText = Workloads.policy(bytes: 100_000)
    Benchmark("Datalog.parse.100KB-policy (\(policyText.utf8.count) bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(parsed(policyText)) }
    }

    // Transitive closure over chains of 100, 300 and 1,000 edges.
    for edges in [100, 300, 1_000] {
        let program = parsed(Workloads.transitiveClosure(edges: edges))
        Benchmark(
            "Datalog.transitive-closure.\(edges)-edges",
            configuration: SuiteConfiguration.make(
                metrics: [.wallClock, .mallocCountTotal, .throughput, .peakMemoryResident], warmupIterations: 3,
                maxDuration: .seconds(edges == 1_000 ? 20 : 5), maxIterations: edges == 1_000 ? 5 : 1_000)
        ) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(authorized(program, limits: Workloads.generousLimits)) }
        }
    }

    let join = parsed(Workloads.threeWayJoin(facts: 10_000))
    Benchmark("Datalog.3-way-join.10000-facts") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(authorized(join, limits: Workloads.generousLimits)) }
    }

    let typical = parsed(Workloads.typicalAuthorizer)
    Benchmark("Datalog.authorize.typical (20 facts, 3 rules, 5 checks, 2 policies)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(authorized(typical)) }
    }
    Benchmark("Datalog.parse+authorize.typical") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(authorized(parsed(Workloads.typicalAuthorizer))) }
    }

    let regex = parsed(Workloads.regexHeavy)
    Benchmark("Datalog.authorize.regex-heavy (100 facts, 5 regex checks)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(authorized(regex)) }
    }
}
