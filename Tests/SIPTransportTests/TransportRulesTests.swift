import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// The RFC rules of the transport layer, without sockets.
@Suite struct TransportRulesTests {
    static let source = try! SocketAddress(ipAddress: "192.0.2.9", port: 40_000)

    // MARK: RFC 3261 §18.2.1, RFC 3581 §4

    @Test(
        arguments: [
            ("SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1", nil, nil),
            ("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "192.0.2.9", nil),
            ("SIP/2.0/UDP pc.example.com;branch=z9hG4bK1", "192.0.2.9", nil),
            ("SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1;rport", "192.0.2.9", "40000"),
            ("SIP/2.0/TCP pc.example.com:5070;rport;branch=z9hG4bK1", "192.0.2.9", "40000"),
        ] as [(String, String?, String?)])
    func receivedAndRport(via text: String, received: String?, rport: String?) throws {
        let via = try SIPVia(text)
        let stamped = via.stamped(source: Self.source) ?? via
        #expect(stamped.received == received)
        #expect(stamped.parameters.value("rport") == rport)
        #expect(stamped.branch == "z9hG4bK1")
    }

    @Test func ipv6SourcesCompareAsAddresses() throws {
        let v6 = try SocketAddress(ipAddress: "2001:db8::1", port: 5060)
        #expect(try SIPVia("SIP/2.0/UDP [2001:DB8:0::1]:5060;branch=z9hG4bK1").stamped(source: v6) == nil)
        let stamped = try #require(try SIPVia("SIP/2.0/UDP [2001:db8::2];branch=z9hG4bK1").stamped(source: v6))
        #expect(stamped.received == "2001:db8::1")
        // The serialised Via parses again, bare IPv6 received included (RFC 5118 §4.5).
        #expect(try SIPVia(stamped.description) == stamped)
        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; received carries the IPv4 address.
        let mapped = try SocketAddress(ipAddress: "::ffff:192.0.2.9", port: 5060)
        #expect(try SIPVia("SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1").stamped(source: mapped) == nil)
    }

    // MARK: RFC 3261 §18.2.2

    @Test func responseTargets() throws {
        func target(_ text: String) throws -> SIPResponseTarget { try SIPVia(text).responseTarget() }
        #expect(try target("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1") == SIPResponseTarget(transport: .udp, host: .ipv4("192.0.2.1"), port: 5060))
        #expect(
            try target("SIP/2.0/UDP a.example:5070;received=192.0.2.9;branch=z9hG4bK1")
                == SIPResponseTarget(transport: .udp, host: .ipv4("192.0.2.9"), port: 5070))
        #expect(
            try target("SIP/2.0/UDP a.example:5070;received=192.0.2.9;rport=40000;branch=z9hG4bK1")
                == SIPResponseTarget(transport: .udp, host: .ipv4("192.0.2.9"), port: 40_000))
        // A reliable transport connects to the sent-by port: rport names the client's ephemeral port.
        #expect(
            try target("SIP/2.0/TCP a.example:5070;received=192.0.2.9;rport=40000;branch=z9hG4bK1")
                == SIPResponseTarget(transport: .tcp, host: .ipv4("192.0.2.9"), port: 5070))
        #expect(try target("SIP/2.0/UDP [::1]:5062;branch=z9hG4bK1") == SIPResponseTarget(transport: .udp, host: .ipv6("::1"), port: 5062))
        #expect(throws: SIPTransportError.self) { try target("SIP/2.0/TLS a.example;branch=z9hG4bK1") }
    }

    @Test func replacingTheTopViaKeepsTheOthersAndTheirPlace() throws {
        let message = try SIPMessageParser().parse(
            "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP a:1;branch=z9hG4bK1, SIP/2.0/UDP b:2;branch=z9hG4bK2\r\n"
                + "Via: SIP/2.0/UDP c:3;branch=z9hG4bK3\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n")
        var fields = message.headerFields
        var top = try #require(try fields.topVia)
        top.parameters["received"] = .some("192.0.2.9")
        fields.replaceTopVia(with: top)
        #expect(try fields.via.map(\.host.address) == ["a", "b", "c"])
        #expect(try fields.topVia?.received == "192.0.2.9")
        #expect(fields.fields.first?.name == .via)
        #expect(fields[.callID] == "x")
    }

    // MARK: Stateless answers to malformed requests (RFC 3261 §8.2.6.2, §21.4.1)

    @Test func reasonPhraseIsOneValidLine() {
        let text = "bad \"value\" <here>\r\nsecond line\t" + String(repeating: "x", count: 300)
        let reason = SIPMalformedRequestAnswer.reasonPhrase(text, fallback: "Bad Request")
        #expect(reason.count <= 100)
        #expect(reason.hasPrefix("bad 'value' (here) second line x"))
        #expect(reason.hasSuffix("…"))
        #expect(!reason.unicodeScalars.contains { $0.value < 0x20 || "\"<>".unicodeScalars.contains($0) })
        #expect(SIPMalformedRequestAnswer.reasonPhrase("\r\n", fallback: "Bad Request") == "Bad Request")
    }

    @Test func answerIsAValidResponse() throws {
        let bytes = Array(
            ("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKq;rport\r\nSubject: folded\r\n onto two lines\r\n"
                + "f: \"A\" <sip:a@y>;tag=1\r\nt: <sip:x@y>\r\ni: q1\r\nCSeq: 1\r\n INVITE\r\nbad line\r\n\r\n").utf8)
        let error = SIPParseError(.malformedHeader, "header name 'bad' is followed by ' ', not ':'", offset: 150)
        let response = try #require(
            SIPMalformedRequestAnswer.response(to: bytes, error: error, source: Self.source, warnAgent: "192.0.2.200:5060"))
        let reparsed = try SIPMessageParser().parse(SIPMessage.response(response).serialized)
        try reparsed.validate()
        #expect(response.status.code == 400)
        #expect(response.status.reasonPhrase == "header name 'bad' is followed by ' ', not ':' (byte 150)")
        #expect(try response.headerFields.topVia?.rport == .some(40_000))
        #expect(try response.headerFields.topVia?.received == "192.0.2.9")
        #expect(try response.headerFields.callID == "q1")
        #expect(try response.headerFields.cSeq == SIPCSeq(1, .invite))  // unfolded (RFC 3261 §7.3.1)
        #expect(try response.headerFields.to?.tag != nil)
        #expect(try response.headerFields.warnings == [SIPWarning(code: 399, agent: "192.0.2.200:5060", text: error.description)])
    }

    @Test func nothingToAnswerWithoutARequestLineOrAVia() {
        let error = SIPParseError(.startLine, "x")
        for text in [
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n\r\n",  // a response is never answered
            "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n",  // no Via
            "OPTIONS sip:a@b SIP/2.0\r\nVia: garbage here\r\n\r\n",  // a Via that does not parse
            "\u{0}\u{1}\u{2}",
        ] {
            #expect(SIPMalformedRequestAnswer.response(to: Array(text.utf8), error: error, source: Self.source, warnAgent: "h") == nil, "\(text)")
        }
    }

    @Test func statusFollowsTheSuggestedCode() throws {
        let bytes = Array("OPTIONS sip:a@b SIP/3.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n\r\n".utf8)
        for (code, status) in [(SIPParseError.Code.unsupportedVersion, 505), (.limitExceeded, 513), (.body, 400)] {
            let answer = SIPMalformedRequestAnswer.response(to: bytes, error: SIPParseError(code, "why"), source: Self.source, warnAgent: "h")
            #expect(answer?.status.code == status)
        }
    }
}
