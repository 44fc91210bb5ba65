// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "api",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "api", targets: ["api"]),
        // `api serve`: the mock server in its own binary, so that the one-shot `api` links no SwiftNIO/Hummingbird.
        .executable(name: "api-serve", targets: ["api-serve"]),
        // Libraries for the fuzz package in fuzz/ (it depends on this package by path); `swift build` here does not
        // build it.
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Client", targets: ["Client"]),
        .library(name: "MockServer", targets: ["MockServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libcurl headers and link flags, found with pkg-config.
        .systemLibrary(
            name: "CLibCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Typed, non-variadic wrappers over curl_easy_setopt / getinfo / curl_multi_* (Swift cannot call variadics).
        .target(name: "CCurl", dependencies: ["CLibCurl"]),
        // Swift wrapper over libcurl: easy and multi handles, header lists, errors.
        .target(name: "Curl", dependencies: ["CCurl"]),
        // Ordered JSON value, byte parser, writers, streaming pretty-printer, the jq query language.
        .target(
            name: "JSON",
            dependencies: [
                "CJSONScan", "LinearRegex", "Support",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Sixteen bytes at a time (SSE2) for the parser's string scans: inline functions in a header.
        .target(name: "CJSONScan"),
        // Small helpers shared by the targets: sizes, trimming, percent-encoding, descriptor I/O, environment lookups.
        .target(name: "Support"),
        // Requests, responses, target resolution, request items, profiles, retries, pagination, batch.
        .target(name: "Client", dependencies: ["Curl", "JSON", "Support"]),
        // Regular expressions matched in linear time (a Pike VM): `_like` filters and jq's `test`/`match`.
        .target(name: "LinearRegex"),
        // `api serve --mock`: routes, query engine, the stores (the JSON file, PostgreSQL).
        .target(
            name: "MockServer",
            dependencies: [
                "JSON", "LinearRegex", "Support", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Option table, argument parser, commands, help / man / completions, output, exit status. No server code:
        // `api serve` starts the `api-serve` binary.
        .target(name: "CLI", dependencies: ["Client", "JSON", "Support"]),
        // `api serve`'s options mapped onto the mock server.
        .target(name: "Serve", dependencies: ["CLI", "MockServer", "Support"]),
        // `CommandLine.arguments` from the C library at start, not from the Swift runtime's scan of
        // /proc/self/maps (0.3 ms of every start; Sources/CProgramArguments/arguments.c).
        .target(name: "CProgramArguments"),
        // Both linked as position-independent executables (swiftc's default on Linux); the Makefile adds full RELRO
        // (`-z now`) and, for release, `--no-export-dynamic` and the folder that links libstdc++ statically.
        .executableTarget(name: "api", dependencies: ["CLI", "CProgramArguments"]),
        .executableTarget(name: "api-serve", dependencies: ["CLI", "Serve", "CProgramArguments"]),

        .testTarget(
            name: "JSONTests", dependencies: ["JSON", "JQSuite"], exclude: ["Query/jq-suite-skips.txt"],
            resources: [.copy("Fixtures")]),
        // jq 1.8.2's own test suite run through `--query`'s evaluator (the suite's files stay in ../shared).
        .target(name: "JQSuite", dependencies: ["JSON"], path: "Tests/JQSuite"),
        .executableTarget(name: "jq-conformance", dependencies: ["JQSuite"], path: "Tests/JQConformanceRunner"),
        .testTarget(name: "ClientTests", dependencies: ["Client", "JSON"]),
        .testTarget(
            name: "MockServerTests",
            dependencies: [
                "MockServer", "JSON", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["CLI", "JSON", "Serve"]),
        .testTarget(name: "LinearRegexTests", dependencies: ["LinearRegex"]),
    ]
)
