/// A `sip:`, `sips:` or `tel:` URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept verbatim.
///
/// Components are kept as written, escapes included, so a parsed URI serialises back to the same text:
/// ```swift
/// let uri = try SIPURI("sip:alice@callpark.test;transport=tcp")
/// uri.user            // "alice"
/// uri.parameters.value("transport") // "tcp"
/// ```
public struct SIPURI: Hashable, Sendable, CustomStringConvertible {
    /// The URI scheme, lower-cased.
    public struct Scheme: Hashable, Sendable, CustomStringConvertible {
        /// `sip`, `sips`, `tel` or another scheme name, lower-cased.
        public let rawValue: String
        /// Creates a scheme (lower-casing it).
        public init(_ rawValue: String) {
            self.rawValue = rawValue.utf8.contains(where: { $0 &- 0x41 < 26 }) ? rawValue.lowercased() : rawValue
        }
        /// `sip:` (RFC 3261 §19.1)
        public static let sip = Scheme("sip")
        /// `sips:` (RFC 3261 §19.1)
        public static let sips = Scheme("sips")
        /// `tel:` (RFC 3966)
        public static let tel = Scheme("tel")
        public var description: String { rawValue }
    }

    /// One `?name=value` URI header (RFC 3261 §19.1.1).
    public struct Header: Hashable, Sendable {
        /// Name as written (escaped).
        public var name: String
        /// Value as written (escaped).
        public var value: String
        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The scheme.
    public var scheme: Scheme
    /// The user part as written (escaped); for `tel:` the telephone number.
    public var user: String?
    /// The password as written (escaped).
    public var password: String?
    /// The host; `nil` for `tel:` and other non-SIP schemes.
    public var host: SIPHost?
    /// The port, if given.
    public var port: UInt16?
    /// URI parameters (`;transport=tcp;lr`).
    public var parameters: SIPParameters
    /// URI headers (`?Replaces=…`).
    public var headers: [Header]
    /// For schemes other than sip, sips and tel: everything after `scheme:`, verbatim.
    public var opaque: String?

    /// A SIP URI from its parts.
    public init(
        scheme: Scheme = .sip, user: String? = nil, password: String? = nil, host: SIPHost, port: UInt16? = nil,
        parameters: SIPParameters = SIPParameters(), headers: [Header] = []
    ) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
        self.opaque = nil
    }

    init(scheme: Scheme, opaque: String) {
        self.scheme = scheme
        self.opaque = opaque
        self.parameters = SIPParameters()
        self.headers = []
    }

    /// The user part with %-escapes decoded (RFC 3261 §19.1.4 compares decoded users).
    public var decodedUser: String? { user.map(SIPURI.percentDecoded) }

    /// `host[:port]`.
    public var hostPort: String {
        guard let host else { return "" }
        return port.map { "\(host):\($0)" } ?? host.description
    }

    /// Whether this is a `sip:` or `sips:` URI.
    public var isSIP: Bool { scheme == .sip || scheme == .sips }

    /// The URI as text.
    public var description: String {
        var s = scheme.rawValue + ":"
        if let opaque { return s + opaque }
        if let user {
            s += user
            if let password { s += ":" + password }
            if host != nil { s += "@" }
        }
        if let host {
            s += host.description
            if let port { s += ":\(port)" }
        }
        s += parameters.serialized
        if !headers.isEmpty {
            s += "?" + headers.map { $0.name + "=" + $0.value }.joined(separator: "&")
        }
        return s
    }

    /// Decodes `%HH` escapes; leaves malformed escapes as they are.
    public static func percentDecoded(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - 0x61 + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - 0x41 + 10
        default: return nil
        }
    }
}
