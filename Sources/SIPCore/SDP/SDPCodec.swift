/// An RTP payload format of an audio stream: payload type, `a=rtpmap` encoding and optional `a=fmtp`
/// (RFC 4566 §6, RFC 3551 §6).
///
/// ```swift
/// SDPCodec.pcmu.rtpmap                    // "0 PCMU/8000"
/// SDPCodec.telephoneEvent().fmtp           // "0-16" (RFC 4733 §2.4.1)
/// SDPCodec.staticPayloadType(8)?.encoding  // "PCMA"
/// ```
public struct SDPCodec: Hashable, Sendable {
    /// The RTP payload type, 0–127.
    public var payloadType: UInt8
    /// The encoding name, e.g. `PCMU`, `telephone-event` (compared case-insensitively).
    public var encoding: String
    /// The RTP clock rate in Hz.
    public var clockRate: Int
    /// The encoding parameters (for audio, the channel count), when written.
    public var channels: Int?
    /// The `a=fmtp` parameters, when any.
    public var fmtp: String?

    /// Creates a codec.
    public init(payloadType: UInt8, encoding: String, clockRate: Int, channels: Int? = nil, fmtp: String? = nil) {
        self.payloadType = payloadType
        self.encoding = encoding
        self.clockRate = clockRate
        self.channels = channels
        self.fmtp = fmtp
    }

    /// G.711 µ-law, static payload type 0 (RFC 3551 §4.5.14).
    public static let pcmu = SDPCodec(payloadType: 0, encoding: "PCMU", clockRate: 8000)
    /// G.711 A-law, static payload type 8 (RFC 3551 §4.5.14).
    public static let pcma = SDPCodec(payloadType: 8, encoding: "PCMA", clockRate: 8000)

    /// DTMF events, a dynamic payload type with events 0–16 (RFC 4733 §2.4.1, §7.1.1).
    public static func telephoneEvent(payloadType: UInt8 = 101, fmtp: String? = "0-16") -> SDPCodec {
        SDPCodec(payloadType: payloadType, encoding: "telephone-event", clockRate: 8000, fmtp: fmtp)
    }

    /// The audio formats with static payload types (RFC 3551 §6, Table 4).
    public static func staticPayloadType(_ payloadType: UInt8) -> SDPCodec? {
        let table: [UInt8: (String, Int, Int?)] = [
            0: ("PCMU", 8000, nil), 3: ("GSM", 8000, nil), 4: ("G723", 8000, nil), 5: ("DVI4", 8000, nil),
            6: ("DVI4", 16000, nil), 7: ("LPC", 8000, nil), 8: ("PCMA", 8000, nil), 9: ("G722", 8000, nil),
            10: ("L16", 44100, 2), 11: ("L16", 44100, nil), 12: ("QCELP", 8000, nil), 13: ("CN", 8000, nil),
            14: ("MPA", 90000, nil), 15: ("G728", 8000, nil), 16: ("DVI4", 11025, nil), 17: ("DVI4", 22050, nil),
            18: ("G729", 8000, nil),
        ]
        return table[payloadType].map { SDPCodec(payloadType: payloadType, encoding: $0.0, clockRate: $0.1, channels: $0.2) }
    }

    /// Whether both name the same format: encoding (case-insensitive), clock rate and channel count (1 when not
    /// written, RFC 4566 §6). Payload types and fmtp are not compared.
    public func matches(_ other: SDPCodec) -> Bool {
        encoding.caseInsensitiveEquals(other.encoding) && clockRate == other.clockRate && (channels ?? 1) == (other.channels ?? 1)
    }

    /// Whether this format only accompanies a voice codec (DTMF events, comfort noise) and cannot carry a call alone.
    public var isAuxiliary: Bool {
        encoding.caseInsensitiveEquals("telephone-event") || encoding.caseInsensitiveEquals("CN")
    }

    /// The `a=rtpmap` value: `<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`.
    public var rtpmap: String {
        "\(payloadType) \(encoding)/\(clockRate)" + (channels.map { "/\($0)" } ?? "")
    }

    /// Parses an `a=rtpmap` value.
    static func parse(rtpmap value: String, line: Int) throws(SDPParseError) -> SDPCodec {
        let bad = SDPParseError(line: line, reason: "a=rtpmap must be '<payload type> <encoding>/<clock rate>[/<channels>]', not '\(value)'")
        let parts = Substring(value).trimmingWSP().split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let pt = UInt8(parts[0]), pt < 128 else { throw bad }
        let fields = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), !fields[0].isEmpty, let rate = Int(fields[1]), rate > 0 else { throw bad }
        var channels: Int?
        if fields.count == 3 {
            guard let n = Int(fields[2]), n > 0 else { throw bad }
            channels = n
        }
        return SDPCodec(payloadType: pt, encoding: String(fields[0]), clockRate: rate, channels: channels)
    }
}
