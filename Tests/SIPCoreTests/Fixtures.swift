import Foundation
import SIPCore

/// Messages used across tests: the benchmark's typical INVITE / 200 OK / REGISTER and small builders.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Benchmarks/c-parsers/messages/NAME.sip`, byte for byte.
    static func benchMessage(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: repoRoot.appendingPathComponent("Benchmarks/c-parsers/messages/\(name).sip")))
    }

    /// The three benchmark messages.
    static func benchMessages() throws -> [[UInt8]] {
        try ["invite", "ok", "register"].map(benchMessage)
    }

    /// Joins lines with CRLF and ends the header section; `body` is appended as is.
    static func message(_ lines: [String], body: String = "") -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// A minimal valid OPTIONS request, with extra header lines inserted before Content-Length.
    static func options(extra: [String] = [], contentLength: String = "0", body: String = "") -> [UInt8] {
        message(
            [
                "OPTIONS sip:bob@callpark.test SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK776asdhds",
                "Max-Forwards: 70",
                "To: <sip:bob@callpark.test>",
                "From: \"Alice\" <sip:alice@callpark.test>;tag=1928301774",
                "Call-ID: a84b4c76e66710@127.0.0.1",
                "CSeq: 63104 OPTIONS",
            ] + extra + ["Content-Length: \(contentLength)"], body: body)
    }
}

/// A small deterministic random generator (SplitMix64) so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
