/// `Content-Type: application/sdp` (RFC 3261 §20.15): type, subtype and parameters.
public struct SIPMediaType: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The type, as written (compare case-insensitively).
    public var type: String
    /// The subtype, as written.
    public var subtype: String
    /// Parameters (`charset`, `boundary`, …), values as written.
    public var parameters: SIPParameters

    /// Creates a media type.
    public init(type: String, subtype: String, parameters: SIPParameters = SIPParameters()) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses `m-type SLASH m-subtype *(SEMI m-parameter)`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPMediaType.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPMediaType {
        let t = try s.token("media type")
        try s.expect(UInt8(ascii: "/"), sws: true, "'/' in the media type")
        let st = try s.token("media subtype")
        let params = try s.headerParameters()
        return SIPMediaType(type: t, subtype: st, parameters: params)
    }

    /// `application/sdp`
    public static let sdp = SIPMediaType(type: "application", subtype: "sdp")

    /// Whether type and subtype match, ignoring case and parameters.
    public func matches(_ other: SIPMediaType) -> Bool {
        type.caseInsensitiveEquals(other.type) && subtype.caseInsensitiveEquals(other.subtype)
    }

    public var description: String { "\(type)/\(subtype)\(parameters.serialized)" }
}

/// `Replaces: call-id;to-tag=…;from-tag=…[;early-only]` (RFC 3891 §6.1).
public struct SIPReplaces: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The Call-ID of the dialog to replace.
    public var callID: String
    /// Its to-tag: the local tag of the recipient of the INVITE with Replaces (RFC 3891 §3).
    public var toTag: String
    /// Its from-tag: the remote tag, seen from the recipient.
    public var fromTag: String
    /// `early-only`.
    public var earlyOnly: Bool

    /// Creates a Replaces value.
    public init(callID: String, toTag: String, fromTag: String, earlyOnly: Bool = false) {
        self.callID = callID
        self.toTag = toTag
        self.fromTag = fromTag
        self.earlyOnly = earlyOnly
    }

    /// Parses a Replaces value; both tags are required.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPReplaces.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPReplaces {
        let id = try s.callID()
        let params = try s.headerParameters()
        guard let to = params.value("to-tag"), let from = params.value("from-tag") else {
            throw s.error("Replaces needs both to-tag and from-tag (RFC 3891 §6.1)")
        }
        return SIPReplaces(callID: id, toTag: to, fromTag: from, earlyOnly: params.contains("early-only"))
    }

    public var description: String {
        "\(callID);to-tag=\(toTag);from-tag=\(fromTag)" + (earlyOnly ? ";early-only" : "")
    }
}

extension ByteScanner {
    /// callid = word [ "@" word ] (RFC 3261 §25.1).
    mutating func callID() throws(SIPParseError) -> String {
        let start = i
        let first = scan(ByteClass.word)
        guard !first.isEmpty else { throw error("expected a Call-ID, found \(describeNext())") }
        if consume(UInt8(ascii: "@")) {
            guard !scan(ByteClass.word).isEmpty else { throw error("Call-ID has nothing after '@'") }
        }
        return string(start..<i)
    }
}
