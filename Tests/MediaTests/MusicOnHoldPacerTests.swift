import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Media

/// The pacer on real sockets: 127.0.0.1, port 0.
@Suite struct MusicOnHoldPacerTests {
    /// Forwards what a UDP channel reads to an `AsyncStream`.
    final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let continuation: AsyncStream<AddressedEnvelope<ByteBuffer>>.Continuation
        init(_ continuation: AsyncStream<AddressedEnvelope<ByteBuffer>>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
    }

    /// A UDP socket on 127.0.0.1 that hands over what it receives.
    static func receiver(on group: any EventLoopGroup) async throws -> (any Channel, AsyncStream<AddressedEnvelope<ByteBuffer>>) {
        let (stream, continuation) = AsyncStream.makeStream(of: AddressedEnvelope<ByteBuffer>.self)
        let channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Forwarder(continuation)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (channel, stream)
    }

    @Test func packetsArriveAsConsecutiveRTP() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (receiver, datagrams) = try await Self.receiver(on: group)
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 0)
        let pacer = try await MusicOnHoldPacer.start(
            on: group.next(), configuration: .init(bindAddress: loopback), logger: Logger(label: "test"))
        let destination = try #require(receiver.localAddress)
        let ids = [
            pacer.addStream(to: destination, payloadType: .pcmu, source: .defaultTune, ssrc: 11),
            pacer.addStream(to: destination, payloadType: .pcma, source: .defaultTune, ssrc: 22),
            pacer.addStream(to: destination, payloadType: .pcmu, source: .silence, ssrc: 33),
        ]
        let wanted = 10
        // Wait (with a deadline) until every stream has delivered `wanted` packets.
        let received = try await withTimeout(.seconds(10), "\(wanted) packets per stream") {
            var packets: [UInt32: [RTPPacket]] = [:]
            for await envelope in datagrams {
                #expect(envelope.remoteAddress == pacer.localAddress)
                #expect(envelope.data.readableBytes == 172)
                let packet = try RTPPacket(parsing: envelope.data)
                packets[packet.header.ssrc, default: []].append(packet)
                if packets.count == 3, packets.values.allSatisfy({ $0.count >= wanted }) { break }
            }
            return packets
        }
        for (ssrc, packets) in received {
            let headers = packets.map(\.header)
            #expect(headers.first?.marker == true)
            for (a, b) in zip(headers, headers.dropFirst()) {
                #expect(b.sequenceNumber == a.sequenceNumber &+ 1, "stream \(ssrc)")
                // 160 per packet; a tick the pacer had to skip on a loaded machine advances the timestamp a whole
                // packet more without a packet (RFC 3550 §5.1: the timestamp follows the sampling clock).
                let step = b.timestamp &- a.timestamp
                #expect(step >= 160 && step % 160 == 0 && step <= 160 * 21, "stream \(ssrc): timestamp step \(step)")
            }
            #expect(headers.allSatisfy { $0.payloadType == (ssrc == 22 ? 8 : 0) })
            #expect(packets.allSatisfy { $0.payload.readableBytes == 160 })
        }
        let silent = try #require(received[33])
        #expect(silent.allSatisfy { $0.payload.readableBytesView.allSatisfy { $0 == 0xFF } })
        let music = try #require(received[11])
        #expect(Array(music[0].payload.readableBytesView) == Array(MusicSource.defaultTune.frame(0, for: .pcmu)))

        let statistics = pacer.statistics
        #expect(statistics.streams == 3)
        #expect(statistics.packetsSent >= UInt64(3 * wanted))
        #expect(statistics.ticks > 0)
        for id in ids { #expect(pacer.removeStream(id)) }
        #expect(pacer.statistics.streams == 0)
        #expect(!pacer.removeStream(ids[0]))
        await pacer.stop()
        try await receiver.close()
        try await group.shutdownGracefully()
    }

    @Test func idlePacerStartsAgainWhenAStreamIsAdded() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (receiver, datagrams) = try await Self.receiver(on: group)
        let pacer = try await MusicOnHoldPacer.start(
            on: group.next(), configuration: .init(bindAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 0)), logger: Logger(label: "test"))
        let destination = try #require(receiver.localAddress)
        let first = pacer.addStream(to: destination, payloadType: .pcma, source: .silence, ssrc: 1)
        let firstPacket = try await withTimeout(.seconds(10), "the first stream's packet") {
            for await envelope in datagrams { return try RTPPacket(parsing: envelope.data) }
            throw TimedOut(what: "a datagram before the socket closed")
        }
        #expect(firstPacket.header.ssrc == 1)
        pacer.removeStream(first)  // the timer stops after its next firing
        pacer.addStream(to: destination, payloadType: .pcmu, source: .defaultTune, ssrc: 2)
        let secondPacket = try await withTimeout(.seconds(10), "the second stream's packet") {
            for await envelope in datagrams {
                let packet = try RTPPacket(parsing: envelope.data)
                if packet.header.ssrc == 2 { return packet }
            }
            throw TimedOut(what: "a datagram before the socket closed")
        }
        #expect(secondPacket.header.marker)
        await pacer.stop()
        try await receiver.close()
        try await group.shutdownGracefully()
    }

    @Test func shardsSplitTheStreamsAndEachSendsFromItsOwnSocket() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let (receiver, datagrams) = try await Self.receiver(on: group)
        var configuration = MusicOnHoldPacer.Configuration(bindAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 0))
        configuration.shards = 2
        let pacer = try await MusicOnHoldPacer.start(on: group, configuration: configuration, logger: Logger(label: "test"))
        let destination = try #require(receiver.localAddress)
        let ids = (0..<4).map { pacer.addStream(to: destination, payloadType: .pcmu, source: .silence, ssrc: UInt32($0)) }
        #expect(ids.map(\.shard).sorted() == [0, 0, 1, 1])
        #expect(Set(ids).count == 4)
        #expect(pacer.localAddresses.count == 2)
        #expect(pacer.eventLoops[0] !== pacer.eventLoops[1])
        let sources = try await withTimeout(.seconds(10), "packets of all four streams") {
            var sources: [UInt32: SocketAddress] = [:]
            for await envelope in datagrams {
                sources[try RTPPacket(parsing: envelope.data).header.ssrc] = envelope.remoteAddress
                if sources.count == 4 { break }
            }
            return sources
        }
        for (index, id) in ids.enumerated() {
            #expect(sources[UInt32(index)] == pacer.localAddresses[id.shard])
            #expect(pacer.stream(id)?.ssrc == UInt32(index))
        }
        #expect(pacer.setSource(.defaultTune, for: ids[3]))
        #expect(pacer.removeStream(ids[1]))
        #expect(pacer.statistics.streams == 3)
        await pacer.stop()
        try await receiver.close()
        try await group.shutdownGracefully()
    }
}
