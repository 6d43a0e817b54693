/// A session description (RFC 4566): parsed from an `application/sdp` body and serialised back with CRLF.
///
/// Lines this package does not model are kept verbatim, in order, so a description round-trips.
/// ```swift
/// let offer = try SDPSession(bytes: request.body)
/// offer.media[0].codecs.map(\.encoding)   // ["PCMU", "PCMA", "telephone-event"]
/// let answer = try offer.answer(origin: origin, address: SDPAddress(ip: "192.0.2.10"), port: 40000, supporting: [.pcmu, .pcma])
/// response.body = answer.bytes
/// ```
public struct SDPSession: Hashable, Sendable, CustomStringConvertible {
    /// The `o=` line.
    public var origin: SDPOrigin
    /// The `s=` session name (`-` when there is none to give).
    public var name: String
    /// The session-level `c=` line, used by media without their own.
    public var connection: SDPAddress?
    /// The `t=` lines with their `r=` lines; serialised as `t=0 0` when empty.
    public var times: [SDPTime]
    /// The session-level `a=` lines in order, direction attributes included.
    public var attributes: [SDPAttribute]
    /// Other session-level lines (`i=`, `u=`, `e=`, `p=`, `b=`, `z=`, `k=`), verbatim and in order.
    public var otherLines: [SDPLine]
    /// The media descriptions, in order.
    public var media: [SDPMedia]

    /// Creates a description.
    public init(
        origin: SDPOrigin, name: String = "-", connection: SDPAddress? = nil, times: [SDPTime] = [SDPTime()],
        attributes: [SDPAttribute] = [], otherLines: [SDPLine] = [], media: [SDPMedia] = []
    ) {
        self.origin = origin
        self.name = name
        self.connection = connection
        self.times = times
        self.attributes = attributes
        self.otherLines = otherLines
        self.media = media
    }

    /// The session-level direction attribute; `nil` when absent. Setting replaces it in place, or appends it.
    public var direction: SDPDirection? {
        get { attributes.direction }
        set { attributes.direction = newValue }
    }

    /// The direction that applies to `media`: its own attribute, else the session's, else `sendrecv`
    /// (RFC 3264 §5.1).
    public func direction(of media: SDPMedia) -> SDPDirection { media.direction ?? direction ?? .sendrecv }

    /// The address that applies to `media`: its own `c=`, else the session's (RFC 4566 §5.7).
    public func connection(of media: SDPMedia) -> SDPAddress? { media.connection ?? connection }

    /// The first RTP/AVP audio stream that is not rejected, and its index.
    public var activeAudio: (index: Int, media: SDPMedia)? {
        media.firstIndex { $0.isRTPAudio && !$0.isRejected }.map { ($0, media[$0]) }
    }
}
