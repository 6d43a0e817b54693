import Media
import SIPCore
import SIPTesting
import Server
import Testing
import Topology

/// What a parked caller hears (SPEC §5 music on hold): RTP G.711 in 20 ms packets from the pool, the default tune
/// or, with music disabled, silence packets, so that the call's media keeps flowing.
extension ServerInteropSuites {
    @Suite struct MusicOnHoldTests {
        @Test(arguments: [true, false])
        func parkedCallerHearsMusicOrSilence(music: Bool) async throws {
            let d = try await TestDeployment(
                users: ["alice": "pool-a", "bob": "pool-a"], settings: ["pool-a": CallParkSettings(enableMusicOnHold: music)])
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            let ear = try await RTPReceiver()
            defer {
                Task {
                    await alice.stop(); await ear.close()
                }
            }
            // alice's phone offers PCMU on the receiver's port (RFC 3264 §5).
            let offer = SDPSession.offer(
                origin: SDPOrigin(username: "alice", sessionID: "1", sessionVersion: 1, address: SDPAddress(ip: "127.0.0.1")),
                port: UInt16(ear.port), codecs: [.pcmu])
            let parked = try await alice.call(
                try SIPURI("sip:*3050@callpark.test"), at: try d.address("pool-a"), headers: [(.referredBy, "<sip:bob@callpark.test>")],
                body: offer.bytes)
            // Half a second of packets: 25 at 20 ms.
            #expect(await ear.waitFor(25, within: .seconds(5)) >= 25)
            let packets = ear.received
            #expect(packets.allSatisfy { $0.header.payloadType == 0 && $0.payload.readableBytes == 160 })
            let sequence = packets.map(\.header.sequenceNumber)
            #expect(zip(sequence, sequence.dropFirst()).allSatisfy { $1 == $0 &+ 1 }, "consecutive sequence numbers")
            let silent = packets.allSatisfy { $0.payload.readableBytesView.allSatisfy { $0 == 0xFF } }  // µ-law 0
            #expect(silent == !music, music ? "music, not silence" : "silence packets when music is disabled")
            try await alice.hangUp(parked)
        }
    }
}
