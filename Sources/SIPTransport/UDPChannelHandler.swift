import NIOCore
import SIPCore

/// Receives SIP over UDP on one listening socket (RFC 3261 §18.1.2, §18.2.1, RFC 3581).
///
/// One datagram holds one message (§18.3). A CRLFCRLF keep-alive datagram is ignored (RFC 5626 §3.5.1 uses
/// STUN on UDP; there is nothing to answer). A malformed request that names a Via is answered statelessly.
final class UDPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let core: SIPTransportCore
    private var local: SocketAddress?
    /// A datagram that fills its whole receive slot was cut by the kernel.
    private let slotSize: Int

    init(core: SIPTransportCore, slotSize: Int) {
        self.core = core
        self.slotSize = slotSize
    }

    func channelActive(context: ChannelHandlerContext) {
        local = context.channel.localAddress
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        let source = envelope.remoteAddress
        let local = localAddress(of: envelope) ?? source
        if bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return }  // keep-alive or noise (RFC 5626 §3.5.1, RFC 3261 §7.5)
        do throws(SIPParseError) {
            if bytes.count >= slotSize {
                throw SIPParseError(.limitExceeded, "datagram of at least \(bytes.count) bytes is larger than the receive buffer")
            }
            let message = try core.parser.parse(bytes)
            core.receive(message, transport: .udp, source: source, local: local, connection: nil)
        } catch {
            guard let answer = core.answerMalformed(bytes, error: error, transport: .udp, source: source, local: local) else { return }
            // RFC 3261 §18.2.2: to `received` at `rport` (filled from the source) or the Via port.
            guard let target = try? answer.headerFields.topVia?.responseTarget(),
                let address = target.host.socketAddress(port: target.port)
            else {
                core.drop("no address to answer a malformed request at", source: source, transport: .udp, error: "\(error)")
                return
            }
            let buffer = context.channel.allocator.buffer(bytes: SIPMessage.response(answer).serialized)
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: nil)
            core.count {
                $0.errorResponsesSent += 1
                $0.messagesSent += 1
            }
        }
    }

    /// The address the datagram was sent to: on a wildcard socket, the IP from IP_PKTINFO with the socket's port.
    private func localAddress(of envelope: AddressedEnvelope<ByteBuffer>) -> SocketAddress? {
        guard var address = envelope.metadata?.packetInfo?.destinationAddress else { return local }
        address.port = local?.port
        return address
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like surface here; a UDP socket stays open through them.
        core.logger.debug(
            "UDP socket error", metadata: ["sip.transport": "UDP", "sip.local": "\(local.map { "\($0)" } ?? "?")", "sip.error": "\(error)"])
    }
}

@available(*, unavailable)
extension UDPChannelHandler: Sendable {}
