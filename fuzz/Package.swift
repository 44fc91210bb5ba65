// swift-tools-version:6.2
// Coverage-guided fuzz targets (libFuzzer) for `api`; see README.md. Build and run them with `make fuzz` from the
// repository root: the build needs `--sanitize=fuzzer`, which links libFuzzer's own `main`.
import PackageDescription

let package = Package(
    name: "api-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "api", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // Helpers shared by the targets: a seeded split of an input into chunks, an async bridge.
        .target(name: "FuzzSupport"),
        // JSON parser, and the streaming pretty-printer against it (same acceptance, output re-parses equal).
        .executableTarget(
            name: "FuzzJSON", dependencies: [.product(name: "JSON", package: "api"), "FuzzSupport"]),
        // Request-item grammar: split, parse, nested JSON body.
        .executableTarget(
            name: "FuzzRequestItems",
            dependencies: [
                .product(name: "Client", package: "api"), .product(name: "JSON", package: "api"), "FuzzSupport",
            ]),
        // `--query` language: parser and evaluator.
        .executableTarget(
            name: "FuzzQuery", dependencies: [.product(name: "JSON", package: "api"), "FuzzSupport"]),
        // Mock server query strings: QueryParameters, CollectionQuery, running it over a small database.
        .executableTarget(
            name: "FuzzCollectionQuery",
            dependencies: [
                .product(name: "MockServer", package: "api"), .product(name: "JSON", package: "api"), "FuzzSupport",
            ]),
        // One or more whole mock server requests, answered in process by the responder over a fresh store.
        .executableTarget(
            name: "FuzzServer",
            dependencies: [
                .product(name: "MockServer", package: "api"), .product(name: "JSON", package: "api"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), "FuzzSupport",
            ]),
    ]
)
