import NIOCore

/// One parked call's music: where it goes and where it is in its RTP sequence and its audio.
///
/// 88 bytes inline on a 64-bit platform (the encoded audio is the shared ``MusicSource``). Pure: ``MusicOnHoldSchedule``
/// calls ``writePacket(period:to:)`` once for each period the stream is due in.
public struct MusicOnHoldStream: Sendable {
    /// The stream's identifier.
    public let id: StreamID
    /// Where the RTP goes: the parkee's media address from its SDP.
    public let destination: SocketAddress
    /// PCMU or PCMA, as negotiated.
    public let payloadType: PayloadType
    /// The synchronisation source of the stream (RFC 3550 §5.1, §8.1: chosen at random).
    public let ssrc: UInt32
    /// The sequence number of the last packet written, or the one before the first (RFC 3550 §5.1).
    public private(set) var sequenceNumber: UInt16
    /// The RTP timestamp of the last packet written, or of the first packet before it is written.
    public private(set) var timestamp: UInt32
    /// The frame of ``source`` the last packet carried.
    public private(set) var position: Int
    /// What is played: music or silence.
    public internal(set) var source: MusicSource
    /// The wheel slot (a fraction of the 20 ms period) the stream's packets leave in.
    public let slot: Int
    /// The period of the last packet written, `nil` before the first.
    public private(set) var lastPeriod: UInt64?
    /// Packets written so far.
    public private(set) var packetCount: UInt32 = 0
    /// The period from which the next RTCP sender report is due; `nil` until the first packet.
    public internal(set) var nextReportPeriod: UInt64?

    /// Creates a stream whose first packet will carry `sequenceNumber`, `timestamp` and frame 0.
    public init(
        id: StreamID, destination: SocketAddress, payloadType: PayloadType, ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32,
        source: MusicSource, slot: Int
    ) {
        self.id = id
        self.destination = destination
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.sequenceNumber = sequenceNumber &- 1
        self.timestamp = timestamp
        self.position = 0
        self.source = source
        self.slot = slot
    }

    /// Appends the packet for `period` to `buffer`: 12 header bytes and 160 payload bytes.
    ///
    /// The sequence number grows by one per packet sent (RFC 3550 §5.1). The timestamp and the audio follow the
    /// clock: they advance 160 samples per period since the last packet, so a period skipped after a stall
    /// shows as a gap in time, not as music played late. The first packet has the marker bit set, being the start
    /// of a talkspurt (RFC 3551 §4.1).
    public mutating func writePacket(period: UInt64, to buffer: inout ByteBuffer) {
        let first = lastPeriod == nil
        if let lastPeriod {
            let elapsed = period &- lastPeriod
            timestamp &+= UInt32(truncatingIfNeeded: elapsed &* UInt64(PayloadType.samplesPerPacket))
            position = Int((UInt64(position) &+ elapsed) % UInt64(source.frameCount))
        }
        sequenceNumber &+= 1
        lastPeriod = period
        packetCount &+= 1
        RTPHeader.writeFixed(
            marker: first, payloadType: payloadType.rawValue, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc, to: &buffer)
        buffer.writeBytes(source.frame(position, for: payloadType))
    }

    /// Plays `source` from now on: the next packet (one period on) carries its first frame.
    mutating func play(_ source: MusicSource) {
        self.source = source
        position = lastPeriod == nil ? 0 : source.frameCount - 1
    }
}
