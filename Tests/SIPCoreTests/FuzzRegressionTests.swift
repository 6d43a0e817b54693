import Foundation
import Testing

@testable import SIPCore

/// Inputs the fuzzer (Fuzz/run.sh) once broke the parser with, replayed on every test run.
@Suite struct FuzzRegressionTests {
    static let folder = Fixtures.repoRoot.appendingPathComponent("Fuzz/regressions")
    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
    }

    @Test func thereAreRegressionInputs() {
        #expect(!Self.files.isEmpty)
    }

    @Test(arguments: files)
    func replay(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        _ = SIPMessageCheck.check(bytes)
        if let message = try? SIPMessageParser().parse(bytes) {
            let wire = message.serialized
            if wire.count <= SIPMessageParser().limits.maxMessageSize {  // PARSING.md: the one allowed exception
                var again = try SIPMessageParser().parse(wire)
                #expect(again.serialized == wire)
                var original = message
                if !message.headerFields.contains(.contentLength) {
                    again.headerFields.removeAll(.contentLength)
                    original.headerFields.removeAll(.contentLength)
                }
                #expect(again == original)
            }
        }
        // The framer gives the same frames, or the same error, however the bytes arrive.
        #expect(frames(bytes, byteByByte: false) == frames(bytes, byteByByte: true))
    }

    private func frames(_ bytes: [UInt8], byteByByte: Bool) -> String {
        var framer = SIPStreamFramer()
        var out: [String] = []
        do {
            for chunk in byteByByte ? bytes.map { [$0] } : [bytes] {
                framer.append(chunk)
                while let f = try framer.next() { out.append("\(f)") }
            }
        } catch {
            out.append("error: \(error)")
        }
        return out.joined(separator: "\n")
    }
}
