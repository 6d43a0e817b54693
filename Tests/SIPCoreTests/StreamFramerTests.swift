import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import SIPCore

/// The TCP framer: messages split anywhere, several in one read, keep-alives, limits.
@Suite struct StreamFramerTests {
    /// Every message the framer can be fed: the benchmark messages and the valid torture messages
    /// (as datagrams they may carry trailing octets or no Content-Length, so each is re-serialised canonically).
    func corpus() throws -> [SIPMessage] {
        var raw = try Fixtures.benchMessages()
        if TortureCorpus.isAvailable { raw += try TortureCorpus.validFiles.map(TortureCorpus.bytes) }
        return try raw.map { try SIPMessageParser().parse($0) }
    }

    func frames(_ stream: [UInt8], cuts: [Int]) throws -> [SIPStreamFramer.Frame] {
        var framer = SIPStreamFramer()
        var out: [SIPStreamFramer.Frame] = []
        var start = 0
        for cut in cuts.sorted() + [stream.count] where cut >= start {
            framer.append(stream[start..<cut])
            start = cut
            while let f = try framer.next() { out.append(f) }
        }
        #expect(framer.bufferedByteCount == 0)
        return out
    }

    @Test func messagesSplitAtRandomOffsets() throws {
        let messages = try corpus()
        let stream = messages.flatMap(\.serialized)
        var rng = SeededRandom(seed: 3261)
        for _ in 0..<200 {
            let cuts = (0..<Int.random(in: 1...40, using: &rng)).map { _ in Int.random(in: 0...stream.count, using: &rng) }
            let got = try frames(stream, cuts: cuts)
            #expect(got == messages.map { .message($0) })
        }
    }

    @Test func everyMessageAloneSplitAtEveryOffset() throws {
        for message in try corpus() {
            let bytes = message.serialized
            for cut in 0...bytes.count {
                #expect(try frames(bytes, cuts: [cut]) == [.message(message)], "cut at \(cut)")
            }
        }
    }

    @Test func byteByByte() throws {
        let messages = try corpus()
        let stream = messages.flatMap(\.serialized)
        #expect(try frames(stream, cuts: Array(0..<stream.count)) == messages.map { .message($0) })
    }

    @Test func keepAlivesBetweenMessages() throws {
        let m = try SIPMessageParser().parse(Fixtures.options())
        // CRLFCRLF is a ping (RFC 5626 §3.5.1); a lone CRLF is skipped.
        let stream = Array("\r\n\r\n".utf8) + m.serialized + Array("\r\n".utf8) + m.serialized + Array("\r\n\r\n".utf8)
        let expected: [SIPStreamFramer.Frame] = [.keepAlive, .message(m), .message(m), .keepAlive]
        #expect(try frames(stream, cuts: []) == expected)
        #expect(try frames(stream, cuts: Array(0..<stream.count)) == expected)
    }

    @Test func waitsForTheBody() throws {
        let bytes = Fixtures.options(extra: ["Content-Type: text/plain"], contentLength: "5", body: "hello")
        var framer = SIPStreamFramer()
        framer.append(bytes.dropLast(2))
        #expect(try framer.next() == nil)
        framer.append(bytes.suffix(2))
        guard case .message(let m)? = try framer.next() else {
            Issue.record("no message")
            return
        }
        #expect(m.body == Array("hello".utf8))
    }

    @Test func missingContentLengthMeansNoBodyOnAStream() throws {
        let bytes = Fixtures.message([
            "OPTIONS sip:bob@callpark.test SIP/2.0", "Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1", "To: <sip:bob@callpark.test>",
            "From: <sip:alice@callpark.test>;tag=1", "Call-ID: x", "CSeq: 1 OPTIONS",
        ])
        let got = try frames(bytes + bytes, cuts: [])
        #expect(got.count == 2)
    }

    @Test func endlessHeaderSectionIsRefused() {
        var framer = SIPStreamFramer()
        framer.append(Array("INVITE sip:a@b SIP/2.0\r\nX: ".utf8))
        let junk = [UInt8](repeating: UInt8(ascii: "a"), count: 70_000)
        #expect(throws: SIPParseError.self) {
            framer.append(junk)
            while try framer.next() != nil {}
        }
    }

    @Test func malformedMessageIsAnErrorNotAHang() {
        var framer = SIPStreamFramer()
        framer.append(Array("garbage line\r\nmore\r\n\r\n".utf8))
        #expect(throws: SIPParseError.self) { _ = try framer.next() }
    }

    @Test func errorOffsetsCountFromTheStartOfTheMessage() throws {
        var framer = SIPStreamFramer()
        framer.append(Fixtures.options() + Array("x=0\r\n\r\n".utf8))
        guard case .message = try framer.next() else {
            Issue.record("first message not framed")
            return
        }
        do {
            _ = try framer.next()
            Issue.record("a start line 'x=0' was accepted")
        } catch {
            #expect(error.offset == 1, "\(error)")  // the '=' after the method 'x'
        }
    }

    @Test func nioDecoderPassesTheVerifier() throws {
        let messages = try corpus().prefix(6)
        let pairs = messages.map { m -> (ByteBuffer, [SIPStreamFramer.Frame]) in
            (ByteBuffer(bytes: m.serialized), [.message(m)])
        }
        // Throws when any way of feeding the bytes (whole, byte by byte, shuffled batches) gives other frames.
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: Array(pairs)) { SIPMessageDecoder() }
    }

    @Test func nioDecoderOnAnEmbeddedChannel() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        let m = try SIPMessageParser().parse(Fixtures.options())
        var buffer = channel.allocator.buffer(capacity: 1024)
        buffer.writeBytes(m.serialized + m.serialized)
        try channel.writeInbound(buffer)
        #expect(try channel.readInbound(as: SIPStreamFramer.Frame.self) == .message(m))
        #expect(try channel.readInbound(as: SIPStreamFramer.Frame.self) == .message(m))
        #expect(try channel.readInbound(as: SIPStreamFramer.Frame.self) == nil)
        #expect(try channel.finish().isClean)
    }
}
