import NIOCore
import NIOPosix
import SIPCore

/// Forwards what a channel reads to an `AsyncStream`, and finishes it when the channel closes.
final class Forwarder<Element: Sendable>: ChannelInboundHandler, Sendable {
    typealias InboundIn = Element
    let continuation: AsyncStream<Element>.Continuation
    init(_ continuation: AsyncStream<Element>.Continuation) { self.continuation = continuation }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
    func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}

/// A plain UDP socket on 127.0.0.1 (or ::1), port 0, playing a SIP peer byte by byte.
struct RawUDPPeer {
    let channel: any Channel
    let received: Inbox<AddressedEnvelope<ByteBuffer>>

    init(group: any EventLoopGroup, host: String = "127.0.0.1") async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: AddressedEnvelope<ByteBuffer>.self)
        channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Forwarder(continuation)) }
            }
            .bind(host: host, port: 0).get()
        received = Inbox(stream)
    }

    var address: SocketAddress { channel.localAddress! }
    var port: Int { address.port! }

    func send(_ text: String, to destination: SocketAddress) async throws {
        try await send(Array(text.utf8), to: destination)
    }

    func send(_ bytes: [UInt8], to destination: SocketAddress) async throws {
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: ByteBuffer(bytes: bytes))).get()
    }

    /// The next datagram, parsed.
    func nextMessage(within timeout: Duration = .seconds(10)) async throws -> (message: SIPMessage, from: SocketAddress) {
        let envelope = try await received.next(within: timeout, "a datagram")
        return (try SIPMessageParser().parse(envelope.data), envelope.remoteAddress)
    }

    func close() async { try? await channel.close() }
}

/// A plain TCP client writing raw bytes and reading what comes back, frame by frame.
final class RawTCPClient {
    let channel: any Channel
    private let received: Inbox<ByteBuffer>
    private var framer = SIPStreamFramer()
    private var raw: [UInt8] = []

    init(group: any EventLoopGroup, connectTo address: SocketAddress) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Forwarder(continuation)) }
            }
            .connect(to: address).get()
        received = Inbox(stream)
    }

    func write(_ text: String) async throws { try await write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// The next SIP frame the server sent.
    func nextFrame(within timeout: Duration = .seconds(10)) async throws -> SIPStreamFramer.Frame {
        while true {
            if let frame = try framer.next() { return frame }
            let chunk = try await received.next(within: timeout, "bytes from the server")
            framer.append(chunk.readableBytesView)
        }
    }

    /// Exactly `count` raw bytes (for the keep-alive pong, which the framer skips).
    func nextBytes(_ count: Int, within timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        while raw.count < count {
            raw += try await received.next(within: timeout, "\(count) bytes from the server").readableBytesView
        }
        defer { raw.removeFirst(count) }
        return Array(raw.prefix(count))
    }

    /// Waits until the server closes the connection.
    func closed(within timeout: Duration = .seconds(10)) async throws { try await received.finished(within: timeout) }

    func close() async { try? await channel.close() }
}
