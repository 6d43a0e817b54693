/// The name of a SIP header field: case-insensitive, with compact forms mapped to their long names (RFC 3261 §7.3.3).
///
/// Known names are static members (`.via`, `.callID`, …); any other token is a valid name too and is kept as written.
public struct SIPHeaderName: Hashable, Sendable, CustomStringConvertible {
    /// Index in `SIPHeaderName.known` plus one; 0 for a name this library does not know.
    @usableFromInline let id: UInt8
    /// The name as it is written when serialising: the long canonical form for known names, as received otherwise.
    public let canonicalName: String

    @usableFromInline init(id: UInt8, canonicalName: String) {
        self.id = id
        self.canonicalName = canonicalName
    }

    /// A header name from text; `nil` when it is not a token (RFC 3261 §25.1). Compact forms map to long names.
    public init?(_ name: String) {
        var bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy(ByteClass.isToken) else { return nil }
        let id = bytes.withUnsafeMutableBufferPointer { SIPHeaderName.lookupID(UnsafeRawBufferPointer($0)) }
        if id != 0 {
            self = SIPHeaderName.byID[Int(id)]
        } else {
            bytes.removeAll()
            self.init(id: 0, canonicalName: name)
        }
    }

    public var description: String { canonicalName }

    public static func == (lhs: SIPHeaderName, rhs: SIPHeaderName) -> Bool {
        if lhs.id != 0 || rhs.id != 0 { return lhs.id == rhs.id }
        return lhs.canonicalName.utf8.elementsEqual(rhs.canonicalName.utf8) { ByteClass.lower($0) == ByteClass.lower($1) }
    }

    public func hash(into hasher: inout Hasher) {
        if id != 0 {
            hasher.combine(id)
        } else {
            hasher.combine(0 as UInt8)
            for b in canonicalName.utf8 { hasher.combine(ByteClass.lower(b)) }
        }
    }
}

// MARK: - Known names

extension SIPHeaderName {
    /// Known header names with their compact forms (RFC 3261 §7.3.3 and §20, RFC 3515, 3892, 3891, 6665, 4028, 4474).
    static let known: [(name: String, compact: UInt8?)] = [
        ("Via", UInt8(ascii: "v")), ("From", UInt8(ascii: "f")), ("To", UInt8(ascii: "t")),
        ("Call-ID", UInt8(ascii: "i")), ("CSeq", nil), ("Contact", UInt8(ascii: "m")),
        ("Max-Forwards", nil), ("Route", nil), ("Record-Route", nil),
        ("Content-Length", UInt8(ascii: "l")), ("Content-Type", UInt8(ascii: "c")),
        ("Expires", nil), ("Min-Expires", nil), ("Supported", UInt8(ascii: "k")), ("Require", nil),
        ("Allow", nil), ("Refer-To", UInt8(ascii: "r")), ("Referred-By", UInt8(ascii: "b")),
        ("Replaces", nil), ("Event", UInt8(ascii: "o")), ("Subscription-State", nil),
        ("Authorization", nil), ("WWW-Authenticate", nil), ("Proxy-Authenticate", nil),
        ("Proxy-Authorization", nil), ("Warning", nil), ("Retry-After", nil),
        ("Session-Expires", UInt8(ascii: "x")), ("User-Agent", nil), ("Server", nil),
        ("Date", nil), ("Subject", UInt8(ascii: "s")), ("Accept", nil), ("Accept-Encoding", nil),
        ("Accept-Language", nil), ("Allow-Events", UInt8(ascii: "u")), ("Content-Encoding", UInt8(ascii: "e")),
        ("Content-Disposition", nil), ("Content-Language", nil), ("Proxy-Require", nil),
        ("Unsupported", nil), ("Authentication-Info", nil), ("Min-SE", nil), ("Timestamp", nil),
        ("Organization", nil), ("Priority", nil), ("Reply-To", nil), ("In-Reply-To", nil),
        ("Call-Info", nil), ("Alert-Info", nil), ("Error-Info", nil), ("MIME-Version", nil),
        ("RSeq", nil), ("RAck", nil), ("Path", nil), ("Service-Route", nil), ("Reason", nil),
        ("P-Asserted-Identity", nil), ("Privacy", nil), ("Identity", UInt8(ascii: "y")),
        ("Identity-Info", UInt8(ascii: "n")), ("Accept-Contact", UInt8(ascii: "a")),
        ("Reject-Contact", UInt8(ascii: "j")), ("Request-Disposition", UInt8(ascii: "d")),
    ]

    /// Names by id (index 0 unused).
    static let byID: [SIPHeaderName] =
        [SIPHeaderName(id: 0, canonicalName: "")]
        + known.enumerated().map { SIPHeaderName(id: UInt8($0.offset + 1), canonicalName: $0.element.name) }

    private static func named(_ name: String) -> SIPHeaderName {
        let i = known.firstIndex { $0.name == name }!
        return byID[i + 1]
    }

    /// `Via` (RFC 3261 §20.42)
    public static let via = named("Via")
    /// `From` (RFC 3261 §20.20)
    public static let from = named("From")
    /// `To` (RFC 3261 §20.39)
    public static let to = named("To")
    /// `Call-ID` (RFC 3261 §20.8)
    public static let callID = named("Call-ID")
    /// `CSeq` (RFC 3261 §20.16)
    public static let cSeq = named("CSeq")
    /// `Contact` (RFC 3261 §20.10)
    public static let contact = named("Contact")
    /// `Max-Forwards` (RFC 3261 §20.22)
    public static let maxForwards = named("Max-Forwards")
    /// `Route` (RFC 3261 §20.34)
    public static let route = named("Route")
    /// `Record-Route` (RFC 3261 §20.30)
    public static let recordRoute = named("Record-Route")
    /// `Content-Length` (RFC 3261 §20.14)
    public static let contentLength = named("Content-Length")
    /// `Content-Type` (RFC 3261 §20.15)
    public static let contentType = named("Content-Type")
    /// `Expires` (RFC 3261 §20.19)
    public static let expires = named("Expires")
    /// `Min-Expires` (RFC 3261 §20.23)
    public static let minExpires = named("Min-Expires")
    /// `Supported` (RFC 3261 §20.37)
    public static let supported = named("Supported")
    /// `Require` (RFC 3261 §20.32)
    public static let require = named("Require")
    /// `Allow` (RFC 3261 §20.5)
    public static let allow = named("Allow")
    /// `Refer-To` (RFC 3515 §2.1)
    public static let referTo = named("Refer-To")
    /// `Referred-By` (RFC 3892 §3)
    public static let referredBy = named("Referred-By")
    /// `Replaces` (RFC 3891 §6.1)
    public static let replaces = named("Replaces")
    /// `Event` (RFC 6665 §8.2.1)
    public static let event = named("Event")
    /// `Subscription-State` (RFC 6665 §8.2.3)
    public static let subscriptionState = named("Subscription-State")
    /// `Authorization` (RFC 3261 §20.7)
    public static let authorization = named("Authorization")
    /// `WWW-Authenticate` (RFC 3261 §20.44)
    public static let wwwAuthenticate = named("WWW-Authenticate")
    /// `Proxy-Authenticate` (RFC 3261 §20.27)
    public static let proxyAuthenticate = named("Proxy-Authenticate")
    /// `Proxy-Authorization` (RFC 3261 §20.28)
    public static let proxyAuthorization = named("Proxy-Authorization")
    /// `Warning` (RFC 3261 §20.43)
    public static let warning = named("Warning")
    /// `Retry-After` (RFC 3261 §20.33)
    public static let retryAfter = named("Retry-After")
    /// `Session-Expires` (RFC 4028 §4)
    public static let sessionExpires = named("Session-Expires")
    /// `User-Agent` (RFC 3261 §20.41)
    public static let userAgent = named("User-Agent")
    /// `Server` (RFC 3261 §20.35)
    public static let server = named("Server")
    /// `Date` (RFC 3261 §20.17)
    public static let date = named("Date")
    /// `Subject` (RFC 3261 §20.36)
    public static let subject = named("Subject")
    /// `Allow-Events` (RFC 6665 §8.2.2)
    public static let allowEvents = named("Allow-Events")
    /// `Unsupported` (RFC 3261 §20.40)
    public static let unsupported = named("Unsupported")
    /// `Proxy-Require` (RFC 3261 §20.29)
    public static let proxyRequire = named("Proxy-Require")
    /// `Accept` (RFC 3261 §20.1)
    public static let accept = named("Accept")
    /// `Path` (RFC 3327)
    public static let path = named("Path")
    /// `Reason` (RFC 3326)
    public static let reason = named("Reason")
}
