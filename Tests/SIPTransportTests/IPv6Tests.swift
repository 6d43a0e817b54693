import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// The same transport on ::1 (RFC 5118 for IPv6 in Via).
@Suite(.enabled(if: ipv6LoopbackAvailable, "::1 is not available on this machine (no IPv6 loopback): IPv6 tests skipped"))
struct IPv6Tests {
    @Test func udpRequestAndResponseOverIPv6() async throws {
        try await withTransports(2, host: "::1", transports: [.udp]) { _, t in
            let (client, server) = (t[0], t[1])
            #expect(client.bound(.udp).sentBy.hasPrefix("[::1]:"))
            let request = try Fixture.request(via: Fixture.via(client.bound(.udp), rport: true))
            try await client.layer.send(request, to: .udp(server.bound(.udp).address))
            let inbound = try await server.next()
            let via = try #require(inbound.topVia)
            #expect(via.received == "::1")
            #expect(via.rport == .some(UInt16(client.bound(.udp).port)))
            // The response routes by the IPv6 received parameter.
            let used = try await server.layer.sendResponse(Fixture.response(to: try #require(inbound.request)))
            #expect(used == .udp(client.bound(.udp).address))
            #expect(try await client.next().message.response?.status.code == 200)
        }
    }

    @Test func tcpRequestAndResponseOverIPv6() async throws {
        try await withTransports(2, host: "::1", transports: [.tcp]) { _, t in
            let (client, server) = (t[0], t[1])
            let request = try Fixture.request(via: Fixture.via(client.bound(.tcp)))
            try await client.layer.send(request, to: .tcp(server.bound(.tcp).address))
            let inbound = try await server.next()
            #expect(inbound.source.protocol == .inet6)
            try await server.layer.sendResponse(Fixture.response(to: try #require(inbound.request)), connection: inbound.connection)
            #expect(try await client.next().message.response?.status.code == 200)
        }
    }
}
