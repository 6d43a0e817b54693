import Logging
import NIOCore

/// The one handler on the pacer's socket: drops what arrives (a parkee may send RTP or RTCP back although the
/// offer was `sendonly`) and counts the errors the socket reports.
final class PacerSocketHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let errors: @Sendable () -> Void
    private let logger: Logger

    init(logger: Logger, errors: @escaping @Sendable () -> Void) {
        self.logger = logger
        self.errors = errors
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket stays open through ICMP errors and the like.
        errors()
        logger.debug("music on hold socket error", metadata: ["media.error": "\(error)"])
    }
}
