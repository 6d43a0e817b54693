import Foundation
import Testing

@testable import SIPCore

/// Malformed input: every case gets a clear error and nothing crashes or hangs.
@Suite struct MalformedInputTests {
    let parser = SIPMessageParser()

    private func error(_ bytes: [UInt8]) -> SIPParseError? {
        do {
            let m = try parser.parse(bytes)
            try m.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test func everyTruncationOfATypicalInviteIsRejected() throws {
        let invite = try Fixtures.benchMessage("invite")
        // Any strict prefix loses either the end of the header section or part of the announced body.
        for length in 0..<invite.count {
            let e = try #require(error(Array(invite[0..<length])), "prefix of \(length) bytes was accepted")
            #expect([.truncated, .body, .startLine, .malformedHeader].contains(e.code), "prefix \(length): \(e)")
        }
    }

    @Test func binaryGarbageNeverCrashes() {
        var rng = SeededRandom(seed: 4475)
        for round in 0..<2_000 {
            let n = Int.random(in: 0..<600, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0 {
                // Half of them start like a SIP message, so the garbage reaches the header parser.
                bytes = Array("INVITE sip:a@b SIP/2.0\r\nVia: ".utf8) + bytes
            }
            _ = SIPMessageCheck.check(bytes)
        }
    }

    @Test func aOneMegabyteHeaderIsRefusedByTheLimit() {
        let huge = String(repeating: "x", count: 1 << 20)
        let e = error(Fixtures.options(extra: ["X-Huge: \(huge)"]))
        #expect(e?.code == .limitExceeded)
        // Also refused with a roomy message limit: the header-length limit speaks.
        let roomy = SIPMessageParser(limits: .init(maxMessageSize: 4 << 20))
        #expect(throws: SIPParseError.self) { try roomy.parse(Fixtures.options(extra: ["X-Huge: \(huge)"])) }
        do {
            _ = try roomy.parse(Fixtures.options(extra: ["X-Huge: \(huge)"]))
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.header == "X-Huge")
            #expect(error.description.contains("longer than 16384 bytes"))
        }
    }

    @Test func negativeContentLength() {
        let e = error(Fixtures.options(contentLength: "-1"))
        #expect(e?.header == "Content-Length")
        #expect(e?.reason.contains("must not be negative") == true)
    }

    @Test(arguments: ["99999999999999999999999999", "9223372036854775808", "70000"])
    func overflowingContentLength(_ value: String) {
        let e = error(Fixtures.options(contentLength: value))
        #expect(e?.code == .limitExceeded)
        #expect(e?.header == "Content-Length")
    }

    @Test func nonNumericContentLength() {
        #expect(error(Fixtures.options(contentLength: "12a"))?.reason.contains("is not a number") == true)
        #expect(error(Fixtures.options(contentLength: ""))?.header == "Content-Length")
    }

    @Test func bodyShorterThanAnnounced() {
        let e = error(Fixtures.options(extra: ["Content-Type: text/plain"], contentLength: "10", body: "12345"))
        #expect(e?.code == .body)
        #expect(e?.description.contains("announces 10 bytes but only 5") == true)
    }

    @Test func conflictingContentLengths() {
        let e = error(Fixtures.options(extra: ["Content-Length: 3"], contentLength: "0"))
        #expect(e?.reason.contains("disagree") == true)
    }

    @Test func bareLineFeedsAreRejectedUnlessConverted() throws {
        let text = String(decoding: Fixtures.options(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let e = error(Array(text.utf8))
        #expect(e?.reason.contains("bare LF") == true)
        // `callpark sip check --lf` reads them as CRLF.
        guard case .valid = SIPMessageCheck.check(Array(text.utf8), lineFeedsAsCRLF: true) else {
            Issue.record("--lf conversion did not make the message valid")
            return
        }
    }

    @Test func headerLineWithoutColon() {
        let e = error(Fixtures.options(extra: ["Subject this has no colon"]))
        #expect(e?.code == .malformedHeader)
        #expect(e?.reason.contains("not ':'") == true)
        #expect(e?.offset != nil)
    }

    @Test func tooManyHeaders() {
        let extra = (0..<300).map { "X-H\($0): v" }
        #expect(error(Fixtures.options(extra: extra))?.code == .limitExceeded)
    }

    @Test func missingMandatoryHeader() {
        let bytes = Fixtures.message([
            "OPTIONS sip:bob@callpark.test SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1", "To: <sip:bob@callpark.test>",
            "From: <sip:alice@callpark.test>;tag=1", "CSeq: 1 OPTIONS", "Content-Length: 0",
        ])
        let e = error(bytes)
        #expect(e?.code == .missingHeader)
        #expect(e?.header == "Call-ID")
    }

    @Test func badStatusLines() {
        for line in ["SIP/2.0 20 OK", "SIP/2.0 2000 OK", "SIP/2.0 099 Low", "SIP/2.0 OK", "SIP/3.0 200 OK"] {
            let bytes = Fixtures.message([
                line, "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@h>;tag=2", "From: <sip:a@h>;tag=1", "Call-ID: x",
                "CSeq: 1 INVITE", "Content-Length: 0",
            ])
            #expect(error(bytes) != nil, "\(line) was accepted")
        }
    }

    @Test func errorsSuggestTheRightStatus() {
        #expect(SIPParseError(.unsupportedVersion, "x").suggestedStatusCode == 505)
        #expect(SIPParseError(.limitExceeded, "x").suggestedStatusCode == 513)
        #expect(SIPParseError(.malformedValue, "x").suggestedStatusCode == 400)
    }
}
