import NIOCore

/// An RTCP sender report with the SDES CNAME item it must travel with (RFC 3550 §6.4.1, §6.5.1).
///
/// RFC 3550 §6.1: every RTCP packet is compound, starting with an SR or RR and holding an SDES CNAME; so
/// ``write(to:)`` emits an SR with no report block (the pacer receives nothing to report on) followed by an SDES
/// chunk with the CNAME. Sent to the RTP port + 1 (RFC 3550 §11) every few seconds per stream.
///
/// ```
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// ```
public struct RTCPSenderReport: Hashable, Sendable {
    /// RTCP packet type SR (RFC 3550 §12.1).
    public static let senderReportType: UInt8 = 200
    /// RTCP packet type SDES (RFC 3550 §12.1).
    public static let sourceDescriptionType: UInt8 = 202
    /// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
    public static let ntpEpochOffset: UInt64 = 2_208_988_800

    /// The sender's SSRC.
    public var ssrc: UInt32
    /// Wallclock time of the report, NTP format: seconds since 1900 in the high 32 bits, fraction in the low.
    public var ntpTimestamp: UInt64
    /// The same instant in the stream's RTP timestamp units.
    public var rtpTimestamp: UInt32
    /// RTP data packets sent since the start.
    public var packetCount: UInt32
    /// Payload octets sent since the start (headers and padding excluded).
    public var octetCount: UInt32
    /// The canonical name (RFC 3550 §6.5.1), at most 255 bytes.
    public var cname: String

    /// Creates a report.
    public init(ssrc: UInt32, ntpTimestamp: UInt64, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32, cname: String) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.cname = cname
    }

    /// The NTP timestamp of a time given as nanoseconds since the Unix epoch.
    public static func ntpTimestamp(unixNanoseconds: Int64) -> UInt64 {
        let seconds = UInt64(unixNanoseconds / 1_000_000_000) + ntpEpochOffset
        let fraction = (UInt64(unixNanoseconds % 1_000_000_000) << 32) / 1_000_000_000
        return seconds << 32 | fraction
    }

    /// Appends the compound packet (SR, then SDES with the CNAME); returns the bytes written.
    @discardableResult
    public func write(to buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeInteger(UInt8(0x80))  // V=2, P=0, RC=0
        buffer.writeInteger(Self.senderReportType)
        buffer.writeInteger(UInt16(6))  // 7 words, minus one
        buffer.writeInteger(ssrc)
        buffer.writeInteger(ntpTimestamp)
        buffer.writeInteger(rtpTimestamp)
        buffer.writeInteger(packetCount)
        buffer.writeInteger(octetCount)
        // SDES: one chunk; CNAME item (type 1, length, text), then null octets to the next 32-bit boundary.
        let name = Array(cname.utf8.prefix(255))
        let chunk = 4 + 2 + name.count
        let padded = (chunk + 4) & ~3  // at least one null octet ends the item list
        buffer.writeInteger(UInt8(0x81))  // V=2, P=0, SC=1
        buffer.writeInteger(Self.sourceDescriptionType)
        buffer.writeInteger(UInt16(padded / 4))  // (4 + padded) / 4 words, minus one
        buffer.writeInteger(ssrc)
        buffer.writeInteger(UInt8(1))  // CNAME
        buffer.writeInteger(UInt8(name.count))
        buffer.writeBytes(name)
        buffer.writeRepeatingByte(0, count: padded - chunk)
        return buffer.writerIndex - start
    }

    /// Parses a compound packet that starts with an SR and holds an SDES CNAME for the same SSRC.
    public init(parsing datagram: ByteBuffer) throws(RTPParseError) {
        var buffer = datagram
        var report: (ssrc: UInt32, ntp: UInt64, rtp: UInt32, packets: UInt32, octets: UInt32)?
        var cname: String?
        while buffer.readableBytes >= 4 {
            let first = buffer.readInteger(as: UInt8.self)!
            let type = buffer.readInteger(as: UInt8.self)!
            let words = Int(buffer.readInteger(as: UInt16.self)!)
            guard first >> 6 == 2 else { throw RTPParseError(.unsupportedVersion, "RTCP version \(first >> 6)") }
            guard var body = buffer.readSlice(length: 4 * words) else {
                throw RTPParseError(.truncated, "RTCP length \(words) words, \(buffer.readableBytes) bytes left")
            }
            if type == Self.senderReportType, report == nil, words >= 6 {
                report = (
                    body.readInteger()!, body.readInteger()!, body.readInteger()!, body.readInteger()!, body.readInteger()!
                )
            } else if type == Self.sourceDescriptionType, body.readableBytes >= 6 {
                body.moveReaderIndex(forwardBy: 4)  // SSRC of the first chunk
                if body.readInteger(as: UInt8.self) == 1, let length = body.readInteger(as: UInt8.self) {
                    cname = body.readString(length: Int(length))
                }
            }
        }
        guard let report, let cname else { throw RTPParseError(.truncated, "no SR followed by an SDES CNAME") }
        self.init(
            ssrc: report.ssrc, ntpTimestamp: report.ntp, rtpTimestamp: report.rtp, packetCount: report.packets, octetCount: report.octets,
            cname: cname)
    }
}
