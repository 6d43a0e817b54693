// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "callpark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "callpark", targets: ["callpark"]),
        .library(name: "SIPCore", targets: ["SIPCore"]),
        .library(name: "SIPTransaction", targets: ["SIPTransaction"]),
        .library(name: "SIPTransport", targets: ["SIPTransport"]),
        .library(name: "SIPDialog", targets: ["SIPDialog"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Registrar", targets: ["Registrar"]),
        .library(name: "CallPark", targets: ["CallPark"]),
        .library(name: "Media", targets: ["Media"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // SIP messages, URIs, headers, parser, serializer, TCP framer (RFC 3261 §7, §25), digest (RFC 8760), SDP.
        .target(
            name: "SIPCore",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["PARSING.md"]
        ),
        // RFC 3261 §17 transactions as pure state machines (events in, actions out).
        .target(name: "SIPTransaction", dependencies: ["SIPCore"]),
        // UDP and TCP over SwiftNIO, RFC 3261 §18 and RFC 3581.
        .target(
            name: "SIPTransport",
            dependencies: [
                "SIPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Dialogs and the UA core (RFC 3261 §12–§14, REFER, Replaces, subscriptions) and the SIPEndpoint service.
        .target(
            name: "SIPDialog",
            dependencies: [
                "SIPCore", "SIPTransaction", "SIPTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Test-only: a scriptable user agent, sipp runner, fixtures.
        .target(
            name: "SIPTesting",
            dependencies: ["SIPCore", "SIPDialog", "SIPTransport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // Pools, pairs, users, orbit ranges, call park settings and their validation (SPEC §2): pure values.
        .target(name: "Topology", dependencies: ["SIPCore", .product(name: "Yams", package: "Yams")]),
        // The management store: one protocol, SQLite (GRDB, the embedded default) and PostgreSQL (postgres-nio); the deployment,
        // the dynamic park table and the park events (CallPark's records).
        .target(
            name: "Store",
            dependencies: [
                "Topology", "CallPark",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The registrar, location service and routing decisions of a pool (SPEC §3): pure state machines.
        .target(name: "Registrar", dependencies: ["SIPCore", "Topology"]),
        // The composition root: pool servers (registrar + proxy), the administrator's service layer, `serve`.
        .target(
            name: "Server",
            dependencies: [
                "SIPCore", "SIPTransaction", "SIPTransport", "SIPDialog", "Topology", "Store", "Registrar", "CallPark", "Media", "Resilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The pure core of the park service (SPEC §5): orbit allocation, admission, the parked-call state machine,
        // the park XML bodies and the records. No NIO, no sockets, no SQL, no clock reads.
        .target(name: "CallPark", dependencies: ["SIPCore", "Topology"], exclude: ["DRIVER.md"]),
        // Music on hold: RTP (RFC 3550/3551), G.711, WAV reading, the default tune and the batched pacer.
        .target(
            name: "Media",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Disaster recovery (SPEC §3–§4, §6): partner probing and, later, failover and failback; pure machines.
        .target(name: "Resilience"),
        // The command-line tool: thin commands over the library targets.
        .executableTarget(
            name: "callpark",
            dependencies: [
                "SIPCore", "Server", "Store", "Topology", "CallPark",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Parser throughput benchmark (release build; see BENCHMARKS.md and Benchmarks/parser-bench.sh).
        .executableTarget(
            name: "sip-parser-bench",
            dependencies: ["SIPCore", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/SIPParserBenchmark"
        ),
        // SIP endpoint throughput against sipp (release build; see Benchmarks/call-bench.sh).
        .executableTarget(
            name: "sip-endpoint-bench",
            dependencies: ["SIPCore", "SIPDialog", "SIPTransport", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/SIPEndpointBenchmark"
        ),
        // Music-on-hold pacer throughput and jitter toward draining sockets (release build; see Benchmarks/moh-bench.sh).
        .executableTarget(
            name: "moh-bench",
            dependencies: ["Media", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Benchmarks/MOHBenchmark"
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
        .testTarget(name: "SIPTransactionTests", dependencies: ["SIPTransaction"]),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "TopologyTests", dependencies: ["Topology"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Topology", "CallPark"]),
        .testTarget(name: "RegistrarTests", dependencies: ["Registrar", "Topology", "SIPCore"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Store", "Topology", "SIPCore", "SIPTesting", "SIPDialog", "CallPark", "Media", .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "ResilienceTests", dependencies: ["Resilience"]),
        .testTarget(name: "CallParkTests", dependencies: ["CallPark", "Topology", "SIPCore"]),
        .testTarget(name: "SIPDialogTests", dependencies: ["SIPDialog", "SIPTesting"]),
        .testTarget(
            name: "SIPTransportTests",
            dependencies: [
                "SIPTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
