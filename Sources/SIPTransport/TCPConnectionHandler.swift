import NIOCore
import SIPCore

/// Runs one SIP-over-TCP connection, accepted or opened (RFC 3261 §18.3, RFC 5626 §3.5.1).
///
/// Sits after a `ByteToMessageHandler(SIPStreamEventDecoder)`. Messages go to the core; a CRLFCRLF ping is
/// answered with one CRLF; a parse error is answered with `400` when the request names a Via, and the
/// connection is closed, since a stream cannot be resynchronised after a framing error.
final class TCPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = SIPStreamEvent
    typealias OutboundOut = ByteBuffer

    private let core: SIPTransportCore
    let id: SIPConnectionID
    private let accepted: Bool
    private var remote: SocketAddress?
    private var local: SocketAddress?

    init(core: SIPTransportCore, id: SIPConnectionID, accepted: Bool) {
        self.core = core
        self.id = id
        self.accepted = accepted
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.channel.remoteAddress
        local = context.channel.localAddress
        if let remote, core.register(context.channel, id: id, remote: remote, accepted: accepted) {
            context.fireChannelActive()
        } else {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.unregister(id: id, remote: remote)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let remote, let local else { return }
        switch unwrapInboundIn(data) {
        case .frame(.keepAlive):
            // RFC 5626 §3.5.1: answer a CRLFCRLF ping with a single CRLF pong.
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "\r\n")), promise: nil)
            core.count { $0.keepAlivesAnswered += 1 }
        case .frame(.message(let message)):
            core.receive(message, transport: .tcp, source: remote, local: local, connection: id)
        case .malformed(let error, let bytes):
            let answer = core.answerMalformed(bytes, error: error, transport: .tcp, source: remote, local: local)
            guard let answer else {
                context.close(promise: nil)
                return
            }
            core.count {
                $0.errorResponsesSent += 1
                $0.messagesSent += 1
            }
            let buffer = context.channel.allocator.buffer(bytes: SIPMessage.response(answer).serialized)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        core.logger.debug(
            "SIP connection error",
            metadata: ["sip.transport": "TCP", "sip.remote": "\(remote.map { "\($0)" } ?? "?")", "sip.connection": "\(id)", "sip.error": "\(error)"])
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension TCPConnectionHandler: Sendable {}
