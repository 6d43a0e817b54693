import NIOCore
import SIPCore
import Testing

@testable import SIPTransport

/// SIP over UDP on real loopback sockets (RFC 3261 §18, RFC 3581).
@Suite struct UDPTransportTests {
    @Test func requestIsDeliveredWithReceivedAndRport() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            // The Via names another host and port, and asks for rport (RFC 3581 §4).
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP 192.0.2.7:5099;branch=z9hG4bKrp1;rport"), to: server.bound(.udp).address)
            let inbound = try await server.next()
            #expect(inbound.transport == .udp)
            #expect(inbound.source == peer.address)
            #expect(inbound.local == server.bound(.udp).address)
            #expect(inbound.connection == nil)
            let via = try #require(inbound.topVia)
            #expect(via.received == "127.0.0.1")
            #expect(via.rport == .some(UInt16(peer.port)))
            #expect(via.branch == "z9hG4bKrp1")
            #expect(server.layer.counters.messagesReceived == 1)
        }
    }

    @Test func receivedIsAddedOnlyWhenTheSentByHostDiffers() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            // RFC 3261 §18.2.1: same host as the source, no rport → the Via is left alone.
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKs1"), to: server.bound(.udp).address)
            let same = try #require(try await server.next().topVia)
            #expect(same.received == nil)
            #expect(same.rport == nil)
            // A host name differs from any source address → received is added, rport is not.
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP client.invalid:5070;branch=z9hG4bKs2"), to: server.bound(.udp).address)
            let named = try #require(try await server.next().topVia)
            #expect(named.received == "127.0.0.1")
            #expect(named.rport == nil)
        }
    }

    @Test func responsesAreRoutedByReceivedAndRport() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let caller = try await RawUDPPeer(group: group)
            let other = try await RawUDPPeer(group: group)

            // rport: the response goes back to the source port, whatever the Via port says (RFC 3581 §4).
            try await caller.send(Fixture.requestText(via: "SIP/2.0/UDP client.invalid:9;branch=z9hG4bKr1;rport"), to: server.bound(.udp).address)
            let first = try #require(try await server.next().request)
            let sentTo = try await server.layer.sendResponse(Fixture.response(to: first))
            #expect(sentTo == .udp(caller.address))
            let (answer, from) = try await caller.nextMessage()
            #expect(answer.response?.status.code == 200)
            #expect(from == server.bound(.udp).address)  // sent from the listening socket (RFC 3261 §18.1.1)

            // No rport: to `received` (the source IP) at the Via port (RFC 3261 §18.2.2).
            try await caller.send(
                Fixture.requestText(via: "SIP/2.0/UDP client.invalid:\(other.port);branch=z9hG4bKr2", cseq: 2), to: server.bound(.udp).address)
            let second = try #require(try await server.next().request)
            try await server.layer.sendResponse(Fixture.response(to: second))
            let (routed, _) = try await other.nextMessage()
            #expect(try routed.headerFields.cSeq?.sequence == 2)
        }
    }

    @Test func responsesWhoseViaIsNotOursAreDropped() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            func response(via: String, cseq: Int) -> String {
                "SIP/2.0 200 OK\r\nVia: \(via)\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: c1\r\nCSeq: \(cseq) OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n"
            }
            // RFC 3261 §18.1.2: a sent-by that is not ours → silently discarded.
            try await peer.send(response(via: "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKf1", cseq: 1), to: server.bound(.udp).address)
            try await peer.send(response(via: Fixture.via(server.bound(.udp)), cseq: 2), to: server.bound(.udp).address)
            let delivered = try await server.next()
            #expect(try delivered.message.headerFields.cSeq?.sequence == 2)
            #expect(server.layer.counters.dropped == 1)
            #expect(server.layer.counters.messagesReceived == 1)
        }
    }

    @Test func keepAliveDatagramIsIgnored() async throws {
        try await withTransports(1, transports: [.udp]) { group, t in
            let server = t[0]
            let peer = try await RawUDPPeer(group: group)
            try await peer.send("\r\n\r\n", to: server.bound(.udp).address)
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKk1"), to: server.bound(.udp).address)
            // Datagrams from one socket arrive in order: once the request is in, the ping was handled.
            _ = try await server.next()
            let counters = server.layer.counters
            #expect(counters.parseErrors == 0 && counters.dropped == 0 && counters.messagesSent == 0)
            #expect(await peer.received.pending.isEmpty)
        }
    }

    @Test func batchOfHundredDatagramsArrives() async throws {
        try await withTransports(2, transports: [.udp]) { _, t in
            let (sender, receiver) = (t[0], t[1])
            let destination = SIPDestination.udp(receiver.bound(.udp).address)
            let batch = try (1...100).map { n in
                (message: try Fixture.request(via: Fixture.via(sender.bound(.udp)), cseq: n, callID: "batch-\(n)"), destination: destination)
            }
            try await sender.layer.send(batch: batch)
            #expect(sender.layer.counters.messagesSent == 100)
            var seen = Set<Int>()
            for _ in 1...100 {
                let inbound = try await receiver.next()
                #expect(inbound.source == sender.bound(.udp).address)
                seen.insert(Int(try #require(try inbound.message.headerFields.cSeq?.sequence)))
            }
            #expect(seen == Set(1...100))
        }
    }

    @Test func largeRequestStaysOnUDPWhenSwitchingIsDisallowed() async throws {
        try await withTransports(2, transports: [.udp]) { _, t in
            let (sender, receiver) = (t[0], t[1])
            let body = String(repeating: "v=0\r\n", count: 400)  // 2,000 bytes: over the 1,300-byte threshold
            let request = try Fixture.request(via: Fixture.via(sender.bound(.udp)), body: body, extra: ["Content-Type: application/sdp"])
            let used = try await sender.layer.send(request, to: .udp(receiver.bound(.udp).address), allowTCPSwitch: false)
            #expect(used.transport == .udp)
            let inbound = try await receiver.next()
            #expect(inbound.transport == .udp)
            #expect(inbound.message.body.count == body.utf8.count)
        }
    }
}

/// Which Via sent-by values are ours (RFC 3261 §18.1.2), and what a wildcard socket reports as local address.
@Suite struct SentByTests {
    @Test func boundAndAdvertisedHostsAreOurs() async throws {
        try await withEventLoopGroup { group in
            let layer = SIPTransportLayer(group: group, configuration: .init(advertisedHosts: ["Park.Example.com"]))
            let bound = try await layer.listen(on: [.udp("127.0.0.1", port: 0)])[0]
            func ours(_ sentBy: String) throws -> Bool { layer.core.isOurs(try SIPVia("SIP/2.0/UDP \(sentBy);branch=z9hG4bK1")) }
            #expect(try ours("127.0.0.1:\(bound.port)"))
            #expect(try ours("park.example.com:\(bound.port)"))  // host names compare case-insensitively
            #expect(try !ours("other.example.com:\(bound.port)"))
            #expect(try !ours("127.0.0.1:\(bound.port == 1 ? 2 : 1)"))
            #expect(try !ours("192.0.2.1:\(bound.port)"))
            await layer.shutdown()
        }
    }

    @Test func wildcardSocketReportsTheAddressTheDatagramWasSentTo() async throws {
        try await withEventLoopGroup { group in
            let layer = SIPTransportLayer(group: group)
            let inbox = Inbox(layer.inbound)
            let bound = try await layer.listen(on: [.udp("0.0.0.0", port: 0)])[0]
            let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: bound.port)
            // Every interface address is ours, loopback included.
            #expect(layer.core.isOurs(try SIPVia("SIP/2.0/UDP 127.0.0.1:\(bound.port);branch=z9hG4bK1")))
            let peer = try await RawUDPPeer(group: group)
            try await peer.send(Fixture.requestText(via: "SIP/2.0/UDP 127.0.0.1:\(peer.port);branch=z9hG4bKw1"), to: loopback)
            let inbound = try await inbox.next(within: .seconds(10), "a request on the wildcard socket")
            #expect(inbound.local == loopback)  // IP_PKTINFO's address with the socket's port
            await layer.shutdown()
        }
    }
}
