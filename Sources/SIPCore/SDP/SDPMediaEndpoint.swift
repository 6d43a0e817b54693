/// Where and how to send RTP for a session's audio, as read from a description (usually the peer's).
public struct SDPMediaEndpoint: Hashable, Sendable {
    /// The connection address (without multicast suffixes).
    public var address: String
    /// Whether the address is IPv6.
    public var isIPv6: Bool
    /// The RTP port.
    public var port: UInt16
    /// The voice codec to use: the first non-auxiliary format of the stream (RFC 3264 §6.1: the answerer's first
    /// format is the one it prefers).
    public var codec: SDPCodec
    /// The `telephone-event` format for DTMF (RFC 4733), if listed.
    public var telephoneEvent: SDPCodec?
    /// The stream's direction as its author wrote it (media level, else session level, else `sendrecv`).
    public var direction: SDPDirection
    /// The `a=ptime` in milliseconds, if given.
    public var ptime: Int?

    /// Creates an endpoint.
    public init(
        address: String, isIPv6: Bool, port: UInt16, codec: SDPCodec, telephoneEvent: SDPCodec? = nil,
        direction: SDPDirection = .sendrecv, ptime: Int? = nil
    ) {
        self.address = address
        self.isIPv6 = isIPv6
        self.port = port
        self.codec = codec
        self.telephoneEvent = telephoneEvent
        self.direction = direction
        self.ptime = ptime
    }

    /// Whether the address is `0.0.0.0`, the RFC 2543 way of putting a call on hold (RFC 3264 §8.4).
    public var isLegacyHold: Bool { address == "0.0.0.0" }
}

extension SDPSession {
    /// The first active RTP/AVP audio stream's address, port, codec and direction, or `nil` when there is none, it
    /// has no connection address, or it lists no voice codec.
    public var audioEndpoint: SDPMediaEndpoint? {
        guard let (_, audio) = activeAudio, let address = connection(of: audio) else { return nil }
        let codecs = audio.codecs
        guard let codec = codecs.first(where: { !$0.isAuxiliary }) else { return nil }
        return SDPMediaEndpoint(
            address: address.host, isIPv6: address.isIPv6, port: audio.port, codec: codec,
            telephoneEvent: codecs.first { $0.encoding.caseInsensitiveEquals("telephone-event") },
            direction: direction(of: audio), ptime: audio.ptime)
    }
}
