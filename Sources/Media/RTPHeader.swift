import NIOCore

/// The fixed RTP header and its CSRC list (RFC 3550 §5.1).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers             |
/// ```
///
/// ```swift
/// var buffer = ByteBuffer()
/// RTPHeader(payloadType: PayloadType.pcmu.rawValue, sequenceNumber: 1, timestamp: 160, ssrc: 0x1234).write(to: &buffer)
/// ```
public struct RTPHeader: Hashable, Sendable {
    /// The protocol version this implementation speaks (RFC 3550 §5.1: V = 2).
    public static let version: UInt8 = 2
    /// Bytes in the fixed header, before any CSRC.
    public static let fixedSize = 12

    /// The marker bit; for audio, the first packet of a talkspurt (RFC 3551 §4.1).
    public var marker: Bool
    /// The payload type, 7 bits (RFC 3551 §6 lists the static ones).
    public var payloadType: UInt8
    /// Increments by one for each RTP data packet sent (RFC 3550 §5.1).
    public var sequenceNumber: UInt16
    /// The sampling instant of the first octet of the payload, in clock-rate units (RFC 3550 §5.1).
    public var timestamp: UInt32
    /// The synchronisation source (RFC 3550 §5.1, §8).
    public var ssrc: UInt32
    /// Contributing sources, at most 15 (RFC 3550 §5.1, CC field); a mixer's, never ours.
    public var csrcs: [UInt32]

    /// Creates a header; `payloadType` keeps its low 7 bits, `csrcs` its first 15 entries.
    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, csrcs: [UInt32] = []
    ) {
        self.marker = marker
        self.payloadType = payloadType & 0x7F
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = Array(csrcs.prefix(15))
    }

    /// Bytes this header takes on the wire: 12 plus 4 per CSRC.
    public var encodedSize: Int { Self.fixedSize + 4 * csrcs.count }

    /// Appends the header (V=2, no padding, no extension) to `buffer`; returns the bytes written.
    @discardableResult
    public func write(to buffer: inout ByteBuffer) -> Int {
        let first = UInt8(0x80) | UInt8(csrcs.count)  // V=2, P=0, X=0, CC
        let second = (marker ? 0x80 : 0) | (payloadType & 0x7F)
        var written = buffer.writeInteger(UInt16(first) << 8 | UInt16(second))
        written += buffer.writeInteger(sequenceNumber)
        written += buffer.writeInteger(timestamp)
        written += buffer.writeInteger(ssrc)
        for csrc in csrcs { written += buffer.writeInteger(csrc) }
        return written
    }

    /// Reads a header from the front of `buffer`, leaving the reader index after the CSRC list.
    ///
    /// Returns the header with the P and X bits it carried; ``RTPPacket`` acts on them.
    public static func read(from buffer: inout ByteBuffer) throws(RTPParseError) -> (header: RTPHeader, padding: Bool, extension: Bool) {
        guard buffer.readableBytes >= fixedSize else {
            throw RTPParseError(.truncated, "\(buffer.readableBytes) bytes, an RTP header needs \(fixedSize)")
        }
        let first = buffer.readInteger(as: UInt8.self)!
        let second = buffer.readInteger(as: UInt8.self)!
        let version = first >> 6
        guard version == Self.version else {
            throw RTPParseError(.unsupportedVersion, "RTP version \(version); only version 2 exists (RFC 3550 §5.1)")
        }
        let sequence = buffer.readInteger(as: UInt16.self)!
        let timestamp = buffer.readInteger(as: UInt32.self)!
        let ssrc = buffer.readInteger(as: UInt32.self)!
        let csrcCount = Int(first & 0x0F)
        guard buffer.readableBytes >= 4 * csrcCount else {
            throw RTPParseError(.truncated, "CC=\(csrcCount) but only \(buffer.readableBytes) bytes follow the fixed header")
        }
        var csrcs: [UInt32] = []
        csrcs.reserveCapacity(csrcCount)
        for _ in 0..<csrcCount { csrcs.append(buffer.readInteger(as: UInt32.self)!) }
        let header = RTPHeader(
            marker: second & 0x80 != 0, payloadType: second & 0x7F, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc, csrcs: csrcs)
        return (header, first & 0x20 != 0, first & 0x10 != 0)
    }
}

extension RTPHeader {
    /// Appends a 12-byte header with no CSRC, no padding, no extension: the hot path of music on hold.
    public static func writeFixed(
        marker: Bool, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, to buffer: inout ByteBuffer
    ) {
        let firstWord = UInt64(0x8000 | (marker ? 0x80 : 0) | UInt16(payloadType & 0x7F))  // V=2, P=0, X=0, CC=0, M, PT
        buffer.writeInteger(firstWord << 48 | UInt64(sequenceNumber) << 32 | UInt64(timestamp))
        buffer.writeInteger(ssrc)
    }
}
