import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// RFC 3261 §18.1.1: a request over 1,300 bytes bound for UDP goes over TCP.
@Suite struct LargeRequestTests {
    static let sdp = String(repeating: "a=fmtp:101 0-15\r\n", count: 100)  // 1,700 bytes of body

    @Test func largeRequestGoesOverTCPWithItsViaUpdated() async throws {
        try await withEventLoopGroup { group in
            let client = try await TestTransport(group: group, transports: [.udp, .tcp])
            // The peer listens on TCP only, at the address the caller meant for UDP.
            let server = try await TestTransport(group: group, transports: [.tcp])
            let request = try Fixture.request(via: Fixture.via(client.bound(.udp)), body: Self.sdp, extra: ["Content-Type: application/sdp"])
            let used = try await client.layer.send(request, to: .udp(server.bound(.tcp).address))
            #expect(used.transport == .tcp)
            #expect(used.connection != nil)

            let inbound = try await server.next()
            #expect(inbound.transport == .tcp)
            let via = try #require(inbound.topVia)
            #expect(via.transport == "TCP")
            #expect(via.port == UInt16(client.bound(.tcp).port))  // our TCP listener, for responses on a new connection
            #expect(inbound.message.body.count == Self.sdp.utf8.count)

            // The response comes back on the connection, and the client accepts its own (rewritten) Via.
            try await server.layer.sendResponse(Fixture.response(to: try #require(inbound.request)), connection: inbound.connection)
            let response = try await client.next()
            #expect(response.message.response?.status.code == 200)
            #expect(response.connection == used.connection)
            await server.layer.shutdown()
            await client.layer.shutdown()
        }
    }

    @Test func batchSendsLargeRequestsOverTCPAndTheRestInOneFlush() async throws {
        try await withEventLoopGroup { group in
            let client = try await TestTransport(group: group, transports: [.udp, .tcp])
            let udpPeer = try await TestTransport(group: group, transports: [.udp])
            let tcpPeer = try await TestTransport(group: group, transports: [.tcp])
            let small = try Fixture.request(via: Fixture.via(client.bound(.udp)), cseq: 1)
            let large = try Fixture.request(
                via: Fixture.via(client.bound(.udp)), cseq: 2, body: Self.sdp, extra: ["Content-Type: application/sdp"])
            try await client.layer.send(batch: [
                (message: small, destination: .udp(udpPeer.bound(.udp).address)),
                (message: large, destination: .udp(tcpPeer.bound(.tcp).address)),
                (message: small, destination: .udp(udpPeer.bound(.udp).address)),
            ])
            #expect(try await udpPeer.next().transport == .udp)
            #expect(try await udpPeer.next().transport == .udp)
            let switched = try await tcpPeer.next()
            #expect(switched.transport == .tcp)
            #expect(switched.topVia?.transport == "TCP")
            #expect(client.layer.counters.messagesSent == 3)
            for t in [client, udpPeer, tcpPeer] { await t.layer.shutdown() }
        }
    }

    /// RFC 3261 §18.1.1: when the switch to TCP for size fails (the peer listens on UDP only, as many phones do), the
    /// request "SHOULD" be retried over UDP: it arrives as a datagram, its Via still saying UDP.
    @Test func failedTCPAttemptIsRetriedOverUDP() async throws {
        try await withTransports(2, transports: [.udp]) { _, t in
            let (client, server) = (t[0], t[1])
            let request = try Fixture.request(via: Fixture.via(client.bound(.udp)), body: Self.sdp, extra: ["Content-Type: application/sdp"])
            // Nothing listens on TCP at the server's UDP port.
            let sent = try await client.layer.send(request, to: .udp(server.bound(.udp).address))
            #expect(sent.transport == .udp)
            let received = try await server.next()
            #expect(received.transport == .udp && received.topVia?.transport == "UDP")
            #expect(client.layer.counters.messagesSent == 1)
            #expect(client.layer.counters.connectionsOpened == 0)
        }
    }

    @Test func smallRequestAndLargeResponseStayOnUDP() async throws {
        try await withTransports(2, transports: [.udp]) { _, t in
            let (client, server) = (t[0], t[1])
            let request = try Fixture.request(via: Fixture.via(client.bound(.udp)))
            #expect(try await client.layer.send(request, to: .udp(server.bound(.udp).address)).transport == .udp)
            let inbound = try await server.next()
            var response = Fixture.response(to: try #require(inbound.request))
            response.body = Array(Self.sdp.utf8)
            response.headerFields.append(.contentType, "application/sdp")
            // §18.1.1 is about requests; a response follows its Via (§18.2.2).
            #expect(try await server.layer.sendResponse(response).transport == .udp)
            #expect(try await client.next().message.body.count == Self.sdp.utf8.count)
        }
    }
}
