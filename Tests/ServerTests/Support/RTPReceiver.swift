import Media
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A UDP socket on 127.0.0.1 that collects the RTP packets sent to it (as a phone's media port would), so tests can
/// wait for music with a deadline.
final class RTPReceiver: Sendable {
    let channel: any Channel
    private let packets: NIOLockedValueBox<[RTPPacket]>
    private let stream: AsyncStream<Int>

    var port: Int { channel.localAddress?.port ?? 0 }
    var received: [RTPPacket] { packets.withLockedValue { $0 } }

    init() async throws {
        let box = NIOLockedValueBox<[RTPPacket]>([])
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(box: box, continuation: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        packets = box
        self.stream = stream
    }

    /// Waits until `count` packets have arrived, up to `deadline`; returns how many did.
    func waitFor(_ count: Int, within deadline: Duration) async -> Int {
        let stream = self.stream
        return await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                for await n in stream where n >= count { return n }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: deadline)  // the deadline
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? self.received.count
        }
    }

    func close() async { try? await channel.close() }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let box: NIOLockedValueBox<[RTPPacket]>
        let continuation: AsyncStream<Int>.Continuation
        init(box: NIOLockedValueBox<[RTPPacket]>, continuation: AsyncStream<Int>.Continuation) {
            self.box = box
            self.continuation = continuation
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let packet = try? RTPPacket(parsing: envelope.data) else { return }
            let n = box.withLockedValue {
                $0.append(packet)
                return $0.count
            }
            continuation.yield(n)
        }
    }
}
