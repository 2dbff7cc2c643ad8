// swift-tools-version: 6.2
//
// Wafer's libFuzzer targets, a package of their own so that the library's `swift build` and `swift test`
// never build a fuzz executable. Build and run them with `bash scripts/fuzz.sh` from the repository root
// (it passes `--sanitize=fuzzer --sanitize=address`); docs/security.md, "Fuzzing", says what each checks.

import PackageDescription

let fuzzTarget: (String, [Target.Dependency]) -> Target = { name, dependencies in
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, path: "Sources/\(name)")
}

let package = Package(
    name: "WaferFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Wafer", path: ".."),
    ],
    targets: [
        // Input helpers and the trap that reports a broken property.
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        fuzzTarget("FuzzBiscuit", [.product(name: "WaferBiscuit", package: "Wafer")]),
        fuzzTarget("FuzzDatalogParser", [.product(name: "WaferDatalog", package: "Wafer")]),
        fuzzTarget("FuzzAuthorizer", [.product(name: "WaferBiscuit", package: "Wafer")]),
        fuzzTarget("FuzzMacaroon", [.product(name: "WaferMacaroons", package: "Wafer"), .product(name: "WaferDatalog", package: "Wafer")]),
        fuzzTarget("FuzzThirdParty", [.product(name: "WaferBiscuit", package: "Wafer")]),
        fuzzTarget("FuzzKeys", [.product(name: "WaferCrypto", package: "Wafer")]),
    ]
)
