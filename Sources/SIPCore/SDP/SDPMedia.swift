/// One media description: an `m=` line and the lines up to the next one (RFC 4566 §5.14).
///
/// ```swift
/// let audio = session.media[0]
/// audio.port                  // 49172
/// audio.codecs.map(\.encoding)  // ["PCMU", "PCMA", "telephone-event"]
/// audio.direction             // .sendrecv, or nil when the media level names none
/// ```
public struct SDPMedia: Hashable, Sendable {
    /// The media type: `audio`, `video`, `application`, …
    public var type: String
    /// The transport port; 0 marks a rejected or disabled stream (RFC 3264 §5.1, §6).
    public var port: UInt16
    /// The number of ports of `m=<type> <port>/<number>`, when written.
    public var portCount: Int?
    /// The transport protocol, e.g. `RTP/AVP`.
    public var transport: String
    /// The media formats as written; RTP payload type numbers for `RTP/AVP`.
    public var formats: [String]
    /// The media-level `c=` line, overriding the session-level one.
    public var connection: SDPAddress?
    /// The `a=` lines in order, direction attributes included.
    public var attributes: [SDPAttribute]
    /// Other lines (`i=`, `b=`, `k=`, further `c=`), verbatim and in order.
    public var otherLines: [SDPLine]

    /// Creates a media description.
    public init(
        type: String, port: UInt16, portCount: Int? = nil, transport: String = "RTP/AVP", formats: [String],
        connection: SDPAddress? = nil, attributes: [SDPAttribute] = [], otherLines: [SDPLine] = []
    ) {
        self.type = type
        self.port = port
        self.portCount = portCount
        self.transport = transport
        self.formats = formats
        self.connection = connection
        self.attributes = attributes
        self.otherLines = otherLines
    }

    /// Whether the port is 0: a stream rejected by an answer or disabled by an offer (RFC 3264 §5.1, §6).
    public var isRejected: Bool { port == 0 }

    /// Whether this is an audio stream over plain RTP (`RTP/AVP`), the only kind this package negotiates.
    public var isRTPAudio: Bool { type.caseInsensitiveEquals("audio") && transport.caseInsensitiveEquals("RTP/AVP") }

    /// The media-level direction attribute; `nil` when absent (the session level or `sendrecv` then applies).
    /// Setting replaces the attribute in place, or appends it.
    public var direction: SDPDirection? {
        get { attributes.direction }
        set { attributes.direction = newValue }
    }

    /// The `a=ptime` packet time in milliseconds (RFC 4566 §6), when present and an integer.
    public var ptime: Int? {
        get { attributes.first(named: "ptime")?.value.flatMap { Int($0) } }
        set {
            let index = attributes.firstIndex { $0.name == "ptime" }
            attributes.removeAll { $0.name == "ptime" }
            guard let newValue else { return }
            attributes.insert(SDPAttribute("ptime", "\(newValue)"), at: index ?? attributes.count)
        }
    }

    /// The numeric formats (RTP payload types), in order.
    public var payloadTypes: [UInt8] { formats.compactMap { UInt8($0) } }

    /// The codec of a payload type: its `a=rtpmap`, or the RFC 3551 static assignment; with its `a=fmtp`.
    public func codec(payloadType: UInt8) -> SDPCodec? {
        let prefix = "\(payloadType) "
        let mapped = attributes.first { $0.name == "rtpmap" && ($0.value?.hasPrefix(prefix) ?? false) }
        var codec: SDPCodec?
        if let value = mapped?.value {
            codec = try? SDPCodec.parse(rtpmap: value, line: 0)
        } else {
            codec = SDPCodec.staticPayloadType(payloadType)
        }
        codec?.fmtp = fmtp(payloadType: payloadType)
        return codec
    }

    /// The `a=fmtp` parameters of a payload type.
    public func fmtp(payloadType: UInt8) -> String? {
        let prefix = "\(payloadType) "
        guard let value = attributes.first(where: { $0.name == "fmtp" && ($0.value?.hasPrefix(prefix) ?? false) })?.value
        else { return nil }
        return String(value.dropFirst(prefix.count))
    }

    /// The codecs of the formats, in the offerer's order; dynamic payload types without `a=rtpmap` are left out.
    public var codecs: [SDPCodec] { payloadTypes.compactMap { codec(payloadType: $0) } }

    /// An RTP/AVP audio stream carrying `codecs`, each with `a=rtpmap` (RFC 3264 §5.1 recommends it even for
    /// static payload types) and `a=fmtp` when it has parameters.
    public static func audio(
        port: UInt16, codecs: [SDPCodec], direction: SDPDirection? = .sendrecv, ptime: Int? = 20, connection: SDPAddress? = nil
    ) -> SDPMedia {
        var media = SDPMedia(type: "audio", port: port, formats: codecs.map { "\($0.payloadType)" }, connection: connection)
        for codec in codecs {
            media.attributes.append(SDPAttribute("rtpmap", codec.rtpmap))
            if let fmtp = codec.fmtp { media.attributes.append(SDPAttribute("fmtp", "\(codec.payloadType) \(fmtp)")) }
        }
        media.ptime = ptime
        media.direction = direction
        return media
    }
}
