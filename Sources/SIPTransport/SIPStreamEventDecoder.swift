import NIOCore
import SIPCore

/// What a TCP connection carried: a frame, or the parse error that ends the stream.
enum SIPStreamEvent {
    /// A message or a keep-alive ping.
    case frame(SIPStreamFramer.Frame)
    /// The stream could not be parsed; `bytes` are the unparsed bytes from the start of the bad message, so
    /// that a `400` can be built from its Via (RFC 3261 §18.3: the stream cannot be resynchronised).
    case malformed(SIPParseError, bytes: [UInt8])
}

/// A `ByteToMessageDecoder` around ``SIPStreamFramer`` that reports a parse error as an event, with the bytes
/// of the bad message, instead of throwing (SIPCore's `SIPMessageDecoder` throws and keeps the bytes to itself).
///
/// It keeps a copy of the bytes the framer has not returned yet; after a read that ends on a message
/// boundary (the usual case) that copy is empty.
struct SIPStreamEventDecoder: ByteToMessageDecoder {
    typealias InboundOut = SIPStreamEvent

    private var framer: SIPStreamFramer
    /// The last `framer.bufferedByteCount` bytes received.
    private var pending: [UInt8] = []
    private var failed = false

    init(parser: SIPMessageParser) { framer = SIPStreamFramer(parser: parser) }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !failed else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        if buffer.readableBytes > 0 {
            framer.append(buffer.readableBytesView)
            pending.append(contentsOf: buffer.readableBytesView)
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        do {
            // Deliver every complete frame now: NIO does not call again with an empty buffer.
            while let frame = try framer.next() {
                context.fireChannelRead(wrapInboundOut(.frame(frame)))
            }
        } catch {
            failed = true
            let bytes = Array(pending.suffix(framer.bufferedByteCount))
            pending = []
            context.fireChannelRead(wrapInboundOut(.malformed(error, bytes: bytes)))
            return .needMoreData
        }
        let left = framer.bufferedByteCount
        if left == 0 {
            pending.removeAll(keepingCapacity: pending.count <= 65_536)
        } else if pending.count > left {
            pending.removeFirst(pending.count - left)
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        _ = try decode(context: context, buffer: &buffer)
        // A lone CRLF left over (a pong, RFC 5626 §3.5.1) is not a truncated message.
        if seenEOF, !failed, pending.contains(where: { $0 != 0x0D && $0 != 0x0A }) {
            failed = true
            let error = SIPParseError(.truncated, "connection closed in the middle of a message (\(framer.bufferedByteCount) bytes pending)")
            context.fireChannelRead(wrapInboundOut(.malformed(error, bytes: pending)))
        }
        return .needMoreData
    }
}
