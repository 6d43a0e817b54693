import NIOCore

/// Writes many datagrams on a UDP channel and flushes once, so that NIO passes them to the kernel together
/// (`sendmmsg` on Linux) instead of one system call each. For SIP retransmission bursts and, later, RTP.
public enum DatagramBatch {
    /// Writes every datagram, then flushes once; the future succeeds when all were written, or fails with the
    /// first error.
    public static func writeAndFlush(_ datagrams: [AddressedEnvelope<ByteBuffer>], on channel: any Channel) -> EventLoopFuture<Void> {
        guard !datagrams.isEmpty else { return channel.eventLoop.makeSucceededVoidFuture() }
        return channel.eventLoop.flatSubmit {
            let writes = datagrams.map { channel.write($0) }
            channel.flush()
            return EventLoopFuture.andAllSucceed(writes, on: channel.eventLoop)
        }
    }
}
