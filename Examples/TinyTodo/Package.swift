// swift-tools-version: 6.2
//
// TinyTodo: a todo-list HTTP service whose requests carry Biscuit tokens, verified and authorized with Wafer.
// See docs/service.md in the Wafer repository.

import PackageDescription

let package = Package(
    name: "TinyTodo",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TinyTodo", targets: ["TinyTodo"]),
        .executable(name: "tinytodo", targets: ["tinytodo"]),
    ],
    dependencies: [
        .package(name: "Wafer", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // The service: store, policy, middleware, routes, application builder.
        .target(
            name: "TinyTodo",
            dependencies: [
                .product(name: "Wafer", package: "Wafer"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The executable: reads its configuration and runs the service.
        .executableTarget(
            name: "tinytodo",
            dependencies: ["TinyTodo", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Real HTTP requests over loopback against the running service.
        .testTarget(
            name: "TinyTodoTests",
            dependencies: [
                "TinyTodo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
