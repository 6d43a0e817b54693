import NIOCore

/// A NIO `ByteToMessageDecoder` for SIP over a stream transport, built on ``SIPStreamFramer``.
public struct SIPMessageDecoder: ByteToMessageDecoder {
    public typealias InboundOut = SIPStreamFramer.Frame

    private var framer: SIPStreamFramer

    /// A decoder with the given parser limits.
    public init(parser: SIPMessageParser = SIPMessageParser()) { framer = SIPStreamFramer(parser: parser) }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if buffer.readableBytes > 0 {
            framer.append(buffer.readableBytesView)
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        // Deliver every complete frame now: NIO does not call again with an empty buffer.
        while let frame = try framer.next() {
            context.fireChannelRead(wrapInboundOut(frame))
        }
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        let state = try decode(context: context, buffer: &buffer)
        if seenEOF, framer.bufferedByteCount > 0 {
            throw SIPParseError(.truncated, "connection closed in the middle of a message (\(framer.bufferedByteCount) bytes pending)")
        }
        return state
    }
}
