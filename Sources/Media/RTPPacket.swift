import NIOCore

/// A whole RTP data packet: header, optional header extension, payload (RFC 3550 §5.1, §5.3.1).
///
/// ```swift
/// let packet = try RTPPacket(parsing: datagram)
/// if packet.header.payloadType == PayloadType.pcmu.rawValue { play(packet.payload) }
/// ```
public struct RTPPacket: Hashable, Sendable {
    /// A header extension (RFC 3550 §5.3.1): a profile-defined 16-bit value and whole 32-bit words of data.
    public struct HeaderExtension: Hashable, Sendable {
        /// The profile-defined identifier.
        public var profile: UInt16
        /// The extension's data; its length is a multiple of 4 on the wire.
        public var data: ByteBuffer

        /// Creates a header extension.
        public init(profile: UInt16, data: ByteBuffer) {
            self.profile = profile
            self.data = data
        }
    }

    /// The fixed header and CSRC list.
    public var header: RTPHeader
    /// The header extension, when the X bit was set.
    public var headerExtension: HeaderExtension?
    /// The payload, without padding.
    public var payload: ByteBuffer

    /// Creates a packet.
    public init(header: RTPHeader, headerExtension: HeaderExtension? = nil, payload: ByteBuffer) {
        self.header = header
        self.headerExtension = headerExtension
        self.payload = payload
    }

    /// Parses one datagram: the header, the extension if X is set, and the payload less any padding (P bit,
    /// whose last octet counts the padding octets, itself included; RFC 3550 §5.1).
    public init(parsing datagram: ByteBuffer) throws(RTPParseError) {
        var buffer = datagram
        let (header, padded, extended) = try RTPHeader.read(from: &buffer)
        self.header = header
        if extended {
            guard let profile = buffer.readInteger(as: UInt16.self), let words = buffer.readInteger(as: UInt16.self) else {
                throw RTPParseError(.truncated, "the X bit is set but no extension header follows")
            }
            guard let data = buffer.readSlice(length: 4 * Int(words)) else {
                throw RTPParseError(.truncated, "the header extension claims \(words) words, \(buffer.readableBytes) bytes are left")
            }
            headerExtension = HeaderExtension(profile: profile, data: data)
        } else {
            headerExtension = nil
        }
        if padded {
            let count = buffer.readableBytes > 0 ? Int(buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self)!) : 0
            guard count > 0, count <= buffer.readableBytes else {
                throw RTPParseError(.invalidPadding, "padding count \(count) with \(buffer.readableBytes) bytes after the header")
            }
            buffer.moveWriterIndex(to: buffer.writerIndex - count)
        }
        payload = buffer
    }

    /// Appends the packet to `buffer` (no padding); returns the bytes written.
    @discardableResult
    public func write(to buffer: inout ByteBuffer) -> Int {
        var written = 0
        if let headerExtension {
            let start = buffer.writerIndex
            written += header.write(to: &buffer)
            buffer.setInteger(buffer.getInteger(at: start, as: UInt8.self)! | 0x10, at: start)  // X bit
            written += buffer.writeInteger(headerExtension.profile)
            let words = (headerExtension.data.readableBytes + 3) / 4
            written += buffer.writeInteger(UInt16(truncatingIfNeeded: words))
            written += buffer.writeImmutableBuffer(headerExtension.data)
            written += buffer.writeRepeatingByte(0, count: words * 4 - headerExtension.data.readableBytes)
        } else {
            written += header.write(to: &buffer)
        }
        written += buffer.writeImmutableBuffer(payload)
        return written
    }
}
