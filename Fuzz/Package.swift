// swift-tools-version:6.1
// libFuzzer harness for the SIPCore parser, kept in its own package so that the sanitizer flags stay out of the main
// build. Build and run it with `Fuzz/run.sh` (see there for the flags).
import PackageDescription

let package = Package(
    name: "callpark-fuzz",
    dependencies: [.package(name: "callpark", path: "..")],
    targets: [
        .executableTarget(
            name: "SIPParserFuzz",
            dependencies: [.product(name: "SIPCore", package: "callpark")],
            path: "SIPParserFuzz"
        )
    ],
    swiftLanguageModes: [.v6]
)
