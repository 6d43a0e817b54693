/// The RTP payload types music on hold is sent in: G.711 at 8,000 Hz (RFC 3551 §4.5.14 and §6, Table 4).
///
/// Both are static payload types, so an SDP offer names them by number alone
/// (`m=audio 4000 RTP/AVP 0 8`); `a=rtpmap` lines are optional (RFC 3551 §6).
public enum PayloadType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// G.711 µ-law, payload type 0 (RFC 3551 §4.5.14).
    case pcmu = 0
    /// G.711 A-law, payload type 8 (RFC 3551 §4.5.14).
    case pcma = 8

    /// The RTP clock rate, samples per second (RFC 3551 §4.5.14: 8,000 Hz).
    public var clockRate: Int { 8000 }

    /// Samples (and payload bytes, one byte per sample) in a 20 ms packet: RFC 3551 §4.5's default packetisation.
    public static let samplesPerPacket = 160

    /// The encoding name of the SDP `a=rtpmap` line (RFC 3551 §6).
    public var encodingName: String {
        switch self {
        case .pcmu: "PCMU"
        case .pcma: "PCMA"
        }
    }

    public var description: String { "\(encodingName)/\(clockRate) (\(rawValue))" }
}
