// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "callpark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "callpark", targets: ["callpark"]),
        .library(name: "SIPCore", targets: ["SIPCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // SIP messages, URIs, headers, parser, serializer, TCP framer (RFC 3261 §7, §25). NIOCore only.
        .target(
            name: "SIPCore",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            exclude: ["PARSING.md"]
        ),
        // The command-line tool: thin commands over the library targets.
        .executableTarget(
            name: "callpark",
            dependencies: [
                "SIPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Parser throughput benchmark (release build; see BENCHMARKS.md and Benchmarks/parser-bench.sh).
        .executableTarget(
            name: "sip-parser-bench",
            dependencies: ["SIPCore", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/SIPParserBenchmark"
        ),
        .testTarget(
            name: "SIPCoreTests",
            dependencies: [
                "SIPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
