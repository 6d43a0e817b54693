import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// SIP over TCP on real loopback sockets (RFC 3261 §18.2.2, §18.3, RFC 5626 §3.5.1).
@Suite struct TCPTransportTests {
    @Test func responseGoesBackOnTheRequestsConnection() async throws {
        try await withTransports(2, transports: [.tcp]) { _, t in
            let (client, server) = (t[0], t[1])
            let request = try Fixture.request(via: Fixture.via(client.bound(.tcp)))
            let used = try await client.layer.send(request, to: .tcp(server.bound(.tcp).address))
            let connection = try #require(used.connection)

            let inbound = try await server.next()
            #expect(inbound.transport == .tcp)
            #expect(inbound.connection != nil)
            let back = try await server.layer.sendResponse(Fixture.response(to: try #require(inbound.request)), connection: inbound.connection)
            #expect(back.connection == inbound.connection)

            // RFC 3261 §18.2.2: on the same connection, so the client sees it on the connection it opened.
            let response = try await client.next()
            #expect(response.message.response?.status.code == 200)
            #expect(response.connection == connection)
            #expect(server.layer.counters.connectionsAccepted == 1)
            #expect(server.layer.counters.connectionsOpened == 0)
            #expect(client.layer.counters.connectionsOpened == 1)
        }
    }

    @Test func twoRequestsToOnePeerShareOneConnection() async throws {
        try await withTransports(2, transports: [.tcp]) { _, t in
            let (client, server) = (t[0], t[1])
            let destination = SIPDestination.tcp(server.bound(.tcp).address)
            let first = try await client.layer.send(try Fixture.request(via: Fixture.via(client.bound(.tcp)), cseq: 1), to: destination)
            let second = try await client.layer.send(try Fixture.request(via: Fixture.via(client.bound(.tcp)), cseq: 2), to: destination)
            #expect(first.connection != nil)
            #expect(first.connection == second.connection)
            let a = try await server.next()
            let b = try await server.next()
            #expect(a.connection == b.connection)
            #expect(client.layer.counters.connectionsOpened == 1)
            #expect(server.layer.counters.connectionsAccepted == 1)
        }
    }

    @Test func concurrentSendsToOnePeerShareOneConnection() async throws {
        try await withTransports(2, transports: [.tcp]) { _, t in
            let (client, server) = (t[0], t[1])
            let destination = SIPDestination.tcp(server.bound(.tcp).address)
            let via = Fixture.via(client.bound(.tcp))
            let layer = client.layer
            let used = try await withThrowingTaskGroup(of: SIPDestination.self) { group in
                for n in 1...5 {
                    let request = try Fixture.request(via: via, cseq: n)
                    group.addTask { try await layer.send(request, to: destination) }
                }
                return try await group.reduce(into: Set<SIPConnectionID?>()) { $0.insert($1.connection) }
            }
            #expect(used.count == 1)
            for _ in 1...5 { _ = try await server.next() }
            #expect(server.layer.counters.connectionsAccepted == 1)
        }
    }

    @Test func responseWithoutConnectionOpensOneToTheViaAddress() async throws {
        try await withTransports(2, transports: [.tcp]) { _, t in
            let (client, server) = (t[0], t[1])
            let request = try Fixture.request(via: Fixture.via(client.bound(.tcp)))
            try await client.layer.send(request, to: .tcp(server.bound(.tcp).address))
            let inbound = try await server.next()
            // No connection given: RFC 3261 §18.2.2 opens one to received (else sent-by) at the sent-by port.
            let used = try await server.layer.sendResponse(Fixture.response(to: try #require(inbound.request)))
            #expect(used.address == client.bound(.tcp).address)
            #expect(used.connection != inbound.connection)
            let response = try await client.next()
            #expect(response.message.response?.status.code == 200)
            #expect(server.layer.counters.connectionsOpened == 1)
        }
    }

    @Test func messageSplitAcrossSegmentsIsReassembled() async throws {
        try await withTransports(1, transports: [.tcp]) { group, t in
            let server = t[0]
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            let bytes = Array(Fixture.requestText(via: "SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKsp1", body: "hello body").utf8)
            // Three writes, each its own segment with TCP_NODELAY: inside the start line, inside a header, inside the body.
            for range in [0..<7, 7..<60, 60..<(bytes.count - 4), (bytes.count - 4)..<bytes.count] {
                try await peer.write(Array(bytes[range]))
            }
            let inbound = try await server.next()
            #expect(inbound.message.body == Array("hello body".utf8))
            #expect(inbound.topVia?.branch == "z9hG4bKsp1")
        }
    }

    @Test func severalMessagesInOneSegmentAreAllDelivered() async throws {
        try await withTransports(1, transports: [.tcp]) { group, t in
            let server = t[0]
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            let text = (1...3).map { Fixture.requestText(via: "SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKm\($0)", cseq: $0, body: "#\($0)") }
            try await peer.write(text.joined())
            for n in 1...3 {
                let inbound = try await server.next()
                #expect(try inbound.message.headerFields.cSeq?.sequence == UInt32(n))
                #expect(inbound.message.body == Array("#\(n)".utf8))
            }
            #expect(server.layer.counters.connectionsAccepted == 1)
        }
    }

    @Test func keepAlivePingGetsOnePong() async throws {
        try await withTransports(1, transports: [.tcp]) { group, t in
            let server = t[0]
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            // RFC 5626 §3.5.1: CRLFCRLF ping, single CRLF pong.
            try await peer.write("\r\n\r\n")
            #expect(try await peer.nextBytes(2) == [0x0D, 0x0A])
            // The connection still carries SIP afterwards.
            try await peer.write(Fixture.requestText(via: "SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKka1"))
            _ = try await server.next()
            #expect(server.layer.counters.keepAlivesAnswered == 1)
        }
    }
}
