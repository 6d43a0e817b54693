import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// Shutdown closes every socket and connection and ends the inbound stream.
@Suite struct ShutdownTests {
    @Test func shutdownClosesConnectionsAndFinishesInbound() async throws {
        try await withEventLoopGroup { group in
            let server = try await TestTransport(group: group)
            let peer = try await RawTCPClient(group: group, connectTo: server.bound(.tcp).address)
            try await peer.write(Fixture.requestText(via: "SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKsd1"))
            _ = try await server.next()  // the connection is registered by now
            #expect(server.layer.counters.openConnections == 1)

            try await withTimeout(.seconds(10), "shutdown") { await server.layer.shutdown() }
            try await peer.closed()
            try await server.inbound.finished()
            #expect(server.layer.counters.openConnections == 0)

            // Nothing works afterwards, and a second shutdown is harmless.
            let request = try Fixture.request(via: "SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKsd2")
            await #expect(throws: SIPTransportError.self) {
                try await server.layer.send(request, to: .udp(try SocketAddress(ipAddress: "127.0.0.1", port: 9)))
            }
            await #expect(throws: SIPTransportError.self) { try await server.layer.listen(on: [.udp("127.0.0.1", port: 0)]) }
            await server.layer.shutdown()
            await peer.close()
        }
    }

    @Test func shutdownClosesOutboundConnections() async throws {
        try await withEventLoopGroup { group in
            let client = try await TestTransport(group: group, transports: [.tcp])
            let server = try await TestTransport(group: group, transports: [.tcp])
            try await client.layer.send(try Fixture.request(via: Fixture.via(client.bound(.tcp))), to: .tcp(server.bound(.tcp).address))
            _ = try await server.next()
            await client.layer.shutdown()
            #expect(client.layer.counters.openConnections == 0)
            await server.layer.shutdown()
            #expect(server.layer.counters.openConnections == 0)
        }
    }

    @Test func listenFailureClosesWhatTheCallOpened() async throws {
        try await withEventLoopGroup { group in
            let first = try await TestTransport(group: group, transports: [.tcp])
            let layer = SIPTransportLayer(group: group)
            // The second address is taken, so the first one must not stay open.
            await #expect(throws: (any Error).self) {
                try await layer.listen(on: [.udp("127.0.0.1", port: 0), .tcp("127.0.0.1", port: first.bound(.tcp).port)])
            }
            #expect(layer.boundAddresses.isEmpty)
            await #expect(throws: SIPTransportError.self) { try await layer.listen(on: [.udp("not-an-ip", port: 0)]) }
            await layer.shutdown()
            await first.layer.shutdown()
        }
    }
}

/// After shutdown the ports can be bound again: no socket was left open.
@Suite struct SocketReleaseTests {
    @Test func portsAreFreeAfterShutdown() async throws {
        try await withEventLoopGroup { group in
            let first = try await TestTransport(group: group)
            let client = try await TestTransport(group: group, transports: [.tcp])
            try await client.layer.send(try Fixture.request(via: Fixture.via(client.bound(.tcp))), to: .tcp(first.bound(.tcp).address))
            _ = try await first.next()
            let ports = first.layer.boundAddresses.map { SIPListenAddress(transport: $0.transport, host: $0.host, port: $0.port) }
            await first.layer.shutdown()
            // A UDP port still open would refuse a second bind (no SO_REUSEADDR on UDP sockets).
            let again = SIPTransportLayer(group: group)
            try await again.listen(on: ports)
            #expect(again.boundAddresses.map(\.port) == ports.map(\.port))
            await again.shutdown()
            await client.layer.shutdown()
        }
    }
}
