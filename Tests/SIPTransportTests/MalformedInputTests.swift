import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// Bytes that do not parse: answered statelessly when they are a request with a Via, dropped otherwise.
@Suite struct MalformedInputTests {
    /// A request whose Content-Length is not a number, with a Via pointing at `port`.
    static func badContentLength(port: Int, transport: String = "UDP") -> String {
        "OPTIONS sip:park@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/\(transport) 127.0.0.1:\(port);branch=z9hG4bKbad1;rport\r\n"
            + "From: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:park@127.0.0.1>\r\nCall-ID: bad-1@test\r\nCSeq: 7 OPTIONS\r\n"
            + "Content-Length: 12x\r\n\r\n"
    }

    @Test func malformedUDPRequestGetsStateless400() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            try await peer.send(Self.badContentLength(port: peer.port), to: server.bound(.udp).address)
            let (message, from) = try await peer.nextMessage()
            #expect(from == server.bound(.udp).address)
            let response = try #require(message.response)
            #expect(response.status.code == 400)
            // The reason phrase is the parse error, readable, on one line.
            #expect(response.status.reasonPhrase.contains("Content-Length"))
            #expect(response.status.reasonPhrase.contains("12x"))
            #expect(response.status.reasonPhrase.count <= 100)
            // RFC 3261 §8.2.6.2: Via (with received/rport), From, To (tagged), Call-ID and CSeq are copied.
            let via = try #require(try response.headerFields.topVia)
            #expect(via.branch == "z9hG4bKbad1")
            #expect(via.rport == .some(UInt16(peer.port)))
            #expect(try response.headerFields.callID == "bad-1@test")
            #expect(try response.headerFields.cSeq == SIPCSeq(7, .options))
            #expect(try response.headerFields.to?.tag != nil)
            let warning = try #require(try response.headerFields.warnings.first)
            #expect(warning.code == 399)
            #expect(warning.agent == server.bound(.udp).sentBy)
            #expect(warning.text.contains("Content-Length"))
            #expect(throws: Never.self) { try message.validate() }
            let counters = server.layer.counters
            #expect(counters.parseErrors == 1 && counters.errorResponsesSent == 1 && counters.messagesReceived == 0)
        }
    }

    @Test func unsupportedVersionGets505() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            let text = Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKv3")
                .replacing("SIP/2.0\r\n", with: "SIP/3.0\r\n", maxReplacements: 1)
            try await peer.send(text, to: server.bound(.udp).address)
            let response = try #require(try await peer.nextMessage().message.response)
            #expect(response.status.code == 505)
            #expect(response.status.reasonPhrase.contains("SIP/3.0"))
        }
    }

    @Test func oversizedDatagramGets513() async throws {
        var configuration = SIPTransportLayer.Configuration()
        configuration.parserLimits.maxMessageSize = 1_000
        try await withTransports(1, transports: [.udp], configuration: configuration) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            let text = Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKbig", body: String(repeating: "x", count: 1_500))
            try await peer.send(text, to: server.bound(.udp).address)
            let response = try #require(try await peer.nextMessage().message.response)
            #expect(response.status.code == 513)
        }
    }

    @Test func malformedInputWithoutViaIsDroppedAndCounted() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            let address = server.bound(.udp).address
            try await peer.send("OPTIONS sip:park@127.0.0.1 SIP/2.0\r\nContent-Length: nope\r\n\r\n", to: address)  // no Via to answer to
            try await peer.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP \(server.bound(.udp).sentBy)\r\nbroken\r\n\r\n", to: address)  // a response
            try await peer.send("\u{01}\u{02} binary noise", to: address)
            // A well-formed request without Via parses but cannot be answered or handled (RFC 3261 §18.2.1).
            try await peer.send("OPTIONS sip:park@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n", to: address)
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKok"), to: address)
            // Datagrams from one socket are handled in order: once the last one is in, the others were handled.
            #expect(try await server.next().topVia?.branch == "z9hG4bKok")
            let counters = server.layer.counters
            #expect(counters.parseErrors == 3)
            #expect(counters.dropped == 4)
            #expect(counters.errorResponsesSent == 0)
            #expect(counters.messagesReceived == 1)
        }
    }

    @Test func malformedTCPRequestGets400ThenTheConnectionCloses() async throws {
        try await withTransports(1, transports: [.tcp]) { group, t in
            let server = t[0]
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            let good = Fixture.requestText(via: "SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKgood")
            let bad =
                "OPTIONS sip:park@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKbad\r\n"
                + "Call-ID: t1\r\nCSeq: 1 OPTIONS\r\nthis is not a header\r\nContent-Length: 0\r\n\r\n"
            try await peer.write(good + bad)
            #expect(try await server.next().topVia?.branch == "z9hG4bKgood")
            guard case .message(let message) = try await peer.nextFrame() else {
                Issue.record("expected a response")
                return
            }
            let response = try #require(message.response)
            #expect(response.status.code == 400)
            #expect(response.status.reasonPhrase.contains("'this'"))
            #expect(try response.headerFields.topVia?.branch == "z9hG4bKbad")
            try await peer.closed()
            #expect(server.layer.counters.parseErrors == 1)
        }
    }

    @Test func malformedTCPInputWithoutViaClosesTheConnection() async throws {
        try await withTransports(1, transports: [.tcp]) { group, t in
            let server = t[0]
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            try await peer.write("GET / HTTP/1.1\r\nHost: example\r\n\r\n")
            try await peer.closed()
            #expect(server.layer.counters.parseErrors == 1)
            #expect(server.layer.counters.errorResponsesSent == 0)
        }
    }
}
