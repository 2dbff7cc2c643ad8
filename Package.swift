// swift-tools-version: 6.2
//
// Wafer: attenuable capability tokens (Biscuit v3.3 and libmacaroons-compatible macaroons) for Swift.
// One module per trust boundary; see docs/architecture.md.

import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Wafer",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Wafer", targets: ["Wafer"]),
        .library(name: "WaferCrypto", targets: ["WaferCrypto"]),
        .library(name: "WaferDatalog", targets: ["WaferDatalog"]),
        .library(name: "WaferBiscuit", targets: ["WaferBiscuit"]),
        .library(name: "WaferMacaroons", targets: ["WaferMacaroons"]),
        .executable(name: "wafer", targets: ["wafer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // C tier: libsodium through pkg-config, with a shim that takes `void *`.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Keys, signatures, HMAC, secretbox, SecretBytes, constant-time comparison.
        .target(
            name: "WaferCrypto",
            dependencies: [
                "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSwift
        ),
        // The Datalog language and engine. Imports no crypto and no token code.
        .target(name: "WaferDatalog", swiftSettings: strictSwift),
        // Biscuit v3.3 tokens.
        .target(
            name: "WaferBiscuit",
            dependencies: ["WaferCrypto", "WaferDatalog", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Format/schema.proto"],
            swiftSettings: strictSwift
        ),
        // libmacaroons-compatible macaroons.
        .target(name: "WaferMacaroons", dependencies: ["WaferCrypto", "WaferDatalog"], swiftSettings: strictSwift),
        // Umbrella: what a service imports.
        .target(
            name: "Wafer",
            dependencies: ["WaferCrypto", "WaferDatalog", "WaferBiscuit", "WaferMacaroons"],
            swiftSettings: strictSwift
        ),
        // The command-line tool, a thin shell over the library.
        .executableTarget(
            name: "wafer",
            dependencies: [
                "Wafer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "WaferCryptoTests", dependencies: ["WaferCrypto"], resources: [.copy("Vectors")]),
        .testTarget(name: "WaferDatalogTests", dependencies: ["WaferDatalog"], resources: [.copy("Vectors")]),
        .testTarget(name: "WaferBiscuitTests", dependencies: ["WaferBiscuit"], resources: [.copy("Vectors")]),
        .testTarget(name: "WaferMacaroonsTests", dependencies: ["WaferMacaroons"], resources: [.copy("Vectors")]),
        .testTarget(name: "WaferCLITests", dependencies: ["WaferCrypto", "wafer"]),
        .testTarget(name: "WaferDocumentationTests", dependencies: ["Wafer"]),
    ]
)
