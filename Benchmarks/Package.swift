// swift-tools-version: 6.2
//
// Wafer's benchmarks (ordo-one/package-benchmark), a package of their own so that the library's `swift test`
// never builds the benchmark harness. Run them with `bash Benchmarks/run.sh` from the repository root.

import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "package-benchmark"), "BenchmarkSupport",
]

let package = Package(
    name: "WaferBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Wafer", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The configuration every suite shares (allocation thresholds, the iteration cap of quick runs).
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "package-benchmark")],
            path: "Benchmarks/BenchmarkSupport"
        ),
        // The Datalog workloads, as text (DatalogBenchmarks and WaferProfile run them; the peers' harness copies them).
        .target(
            name: "BenchmarkWorkloads",
            dependencies: [.product(name: "WaferDatalog", package: "Wafer")],
            path: "Benchmarks/BenchmarkWorkloads"
        ),
        // One workload in a loop, for valgrind/perf; outside Benchmarks/Benchmarks/ so package-benchmark does not run it.
        .executableTarget(
            name: "WaferProfile",
            dependencies: [
                .product(name: "WaferBiscuit", package: "Wafer"), .product(name: "WaferCrypto", package: "Wafer"),
                .product(name: "WaferDatalog", package: "Wafer"), .product(name: "WaferMacaroons", package: "Wafer"),
                "BenchmarkWorkloads",
            ],
            path: "Profile/WaferProfile"
        ),
        .executableTarget(
            name: "DatalogBenchmarks",
            dependencies: benchmarkDependencies + [.product(name: "WaferDatalog", package: "Wafer"), "BenchmarkWorkloads"],
            path: "Benchmarks/DatalogBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "BiscuitBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "WaferBiscuit", package: "Wafer"), .product(name: "WaferCrypto", package: "Wafer"),
                .product(name: "WaferDatalog", package: "Wafer"),
            ],
            path: "Benchmarks/BiscuitBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "MacaroonBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "WaferMacaroons", package: "Wafer"), .product(name: "WaferCrypto", package: "Wafer"),
            ],
            path: "Benchmarks/MacaroonBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "CryptoBenchmarks",
            dependencies: benchmarkDependencies + [.product(name: "WaferCrypto", package: "Wafer")],
            path: "Benchmarks/CryptoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
