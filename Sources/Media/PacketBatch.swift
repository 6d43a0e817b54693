import NIOCore

/// The packets of one pacer tick, built back to back in one buffer the caller owns and reuses.
///
/// ``MusicOnHoldSchedule/fire(now:into:)`` fills it; the I/O driver turns each packet into an
/// `AddressedEnvelope` over a slice of the shared buffer (no copy), writes them all and flushes once.
public struct PacketBatch {
    /// One datagram: where it goes and which bytes of ``buffer`` it is.
    public struct Packet: Sendable {
        /// The destination address.
        public var destination: SocketAddress
        /// Where the datagram starts in ``PacketBatch/buffer``.
        public var offset: Int
        /// Its length in bytes.
        public var length: Int
    }

    /// The packets' bytes, one after the other.
    public private(set) var buffer: ByteBuffer
    /// The packets, in the order they were built.
    public private(set) var packets: [Packet] = []

    /// Creates an empty batch.
    public init(allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 64) {
        buffer = allocator.buffer(capacity: capacity * (RTPHeader.fixedSize + PayloadType.samplesPerPacket))
        packets.reserveCapacity(capacity)
    }

    /// The number of packets.
    public var count: Int { packets.count }

    /// Empties the batch, keeping its storage when no datagram still refers to it.
    public mutating func removeAll() {
        buffer.clear()
        packets.removeAll(keepingCapacity: true)
    }

    /// Appends the stream's packet for `period`.
    mutating func append(_ stream: inout MusicOnHoldStream, period: UInt64) {
        let start = buffer.writerIndex
        stream.writePacket(period: period, to: &buffer)
        packets.append(Packet(destination: stream.destination, offset: start, length: buffer.writerIndex - start))
    }

    /// Appends an RTCP compound packet (sender report and CNAME).
    mutating func append(_ report: RTCPSenderReport, to destination: SocketAddress) {
        let start = buffer.writerIndex
        report.write(to: &buffer)
        packets.append(Packet(destination: destination, offset: start, length: buffer.writerIndex - start))
    }

    /// Calls `body` with each packet as a datagram, in order.
    public func forEachDatagram(_ body: (AddressedEnvelope<ByteBuffer>) throws -> Void) rethrows {
        for packet in packets {
            try body(AddressedEnvelope(remoteAddress: packet.destination, data: buffer.getSlice(at: packet.offset, length: packet.length)!))
        }
    }

    /// Packet `index` as a datagram whose data is a slice of ``buffer``.
    public func datagram(_ index: Int) -> AddressedEnvelope<ByteBuffer> {
        let packet = packets[index]
        return AddressedEnvelope(remoteAddress: packet.destination, data: buffer.getSlice(at: packet.offset, length: packet.length)!)
    }
}
