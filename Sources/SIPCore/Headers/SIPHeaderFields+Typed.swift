/// Contact header contents: `*` or addresses (RFC 3261 §20.10).
public enum SIPContacts: Hashable, Sendable {
    /// `Contact: *` (only with `Expires: 0` in a REGISTER, §10.2.2).
    case all
    /// One or more addresses.
    case addresses([SIPNameAddress])
}

extension SIPHeaderFields {
    /// Parses the first value of `name` with `parse`, attributing errors to the header and its byte offset.
    func typed<T>(_ name: SIPHeaderName, _ parse: (String) throws(SIPParseError) -> T) throws(SIPParseError) -> T? {
        for e in entries where matches(e, name) {
            do throws(SIPParseError) { return try parse(value(of: e)) } catch {
                throw error.located(header: name.canonicalName, offset: Int(e.valueStart))
            }
        }
        return nil
    }

    /// Parses every comma-separated element of every `name` line.
    func typedList<T>(_ name: SIPHeaderName, allowEmpty: Bool = false, _ parse: (String) throws(SIPParseError) -> T) throws(SIPParseError) -> [T] {
        var out: [T] = []
        for e in entries where matches(e, name) {
            let elements = SIPHeaderFields.splitList(value(of: e))
            for element in elements {
                if element.isEmpty {
                    if allowEmpty && elements.count == 1 { continue }
                    throw SIPParseError(.malformedValue, "empty element in the list", header: name.canonicalName, offset: Int(e.valueStart))
                }
                do throws(SIPParseError) { out.append(try parse(element)) } catch {
                    throw error.located(header: name.canonicalName, offset: Int(e.valueStart))
                }
            }
        }
        return out
    }

    /// Every Via entry, topmost first.
    public var via: [SIPVia] { get throws(SIPParseError) { try typedList(.via, SIPVia.init) } }
    /// The topmost Via.
    public var topVia: SIPVia? { get throws(SIPParseError) { try typed(.via) { (v) throws(SIPParseError) in try SIPVia(SIPHeaderFields.splitList(v)[0]) } } }
    /// From (RFC 3261 §20.20).
    public var from: SIPNameAddress? { get throws(SIPParseError) { try typed(.from, SIPNameAddress.init) } }
    /// To (RFC 3261 §20.39).
    public var to: SIPNameAddress? { get throws(SIPParseError) { try typed(.to, SIPNameAddress.init) } }
    /// Call-ID (RFC 3261 §20.8), checked against `callid = word [ "@" word ]`.
    public var callID: String? {
        get throws(SIPParseError) {
            try typed(.callID) { (v) throws(SIPParseError) -> String in
                try v.withSIPBytes { (buf) throws(SIPParseError) -> String in
                    var s = ByteScanner(buf)
                    let id = try s.callID()
                    try s.expectEnd("the Call-ID")
                    return id
                }
            }
        }
    }
    /// CSeq (RFC 3261 §20.16).
    public var cSeq: SIPCSeq? { get throws(SIPParseError) { try typed(.cSeq, SIPCSeq.init) } }
    /// Contact (RFC 3261 §20.10): `*` or every address across all Contact lines.
    public var contacts: SIPContacts? {
        get throws(SIPParseError) {
            guard contains(.contact) else { return nil }
            let values = values(.contact)
            if values.count == 1, values[0] == "*" { return .all }
            return .addresses(try typedList(.contact, SIPNameAddress.init))
        }
    }
    /// Max-Forwards, 0…255 (RFC 3261 §20.22).
    public var maxForwards: Int? {
        get throws(SIPParseError) { try typed(.maxForwards) { (v) throws(SIPParseError) in Int(try SIPHeaderFields.number(v, max: 255, "Max-Forwards")) } }
    }
    /// Route entries in order (RFC 3261 §20.34).
    public var route: [SIPNameAddress] {
        get throws(SIPParseError) { try typedList(.route, SIPHeaderFields.nameAddr) }
    }
    /// Record-Route entries in order (RFC 3261 §20.30).
    public var recordRoute: [SIPNameAddress] {
        get throws(SIPParseError) { try typedList(.recordRoute, SIPHeaderFields.nameAddr) }
    }
    /// Content-Length (RFC 3261 §20.14).
    public var contentLength: Int? {
        get throws(SIPParseError) { try typed(.contentLength) { (v) throws(SIPParseError) in Int(try SIPHeaderFields.number(v, max: UInt64(Int32.max), "Content-Length")) } }
    }
    /// Content-Type (RFC 3261 §20.15).
    public var contentType: SIPMediaType? { get throws(SIPParseError) { try typed(.contentType, SIPMediaType.init) } }
    /// Expires in seconds, clamped to 2³²−1 (RFC 3261 §20.19, §10.2.1.1).
    public var expires: UInt32? { get throws(SIPParseError) { try typed(.expires, SIPHeaderFields.seconds) } }
    /// Min-Expires in seconds (RFC 3261 §20.23).
    public var minExpires: UInt32? { get throws(SIPParseError) { try typed(.minExpires, SIPHeaderFields.seconds) } }
    /// Supported option tags (RFC 3261 §20.37).
    public var supported: [String] { get throws(SIPParseError) { try typedList(.supported, allowEmpty: true, SIPHeaderFields.tokenValue) } }
    /// Required option tags (RFC 3261 §20.32).
    public var require: [String] { get throws(SIPParseError) { try typedList(.require, SIPHeaderFields.tokenValue) } }
    /// Allowed methods (RFC 3261 §20.5).
    public var allow: [SIPMethod] { get throws(SIPParseError) { try typedList(.allow, allowEmpty: true, SIPHeaderFields.tokenValue).map { SIPMethod($0) } } }
    /// Refer-To (RFC 3515 §2.1).
    public var referTo: SIPNameAddress? { get throws(SIPParseError) { try typed(.referTo, SIPNameAddress.init) } }
    /// Referred-By (RFC 3892 §3).
    public var referredBy: SIPNameAddress? { get throws(SIPParseError) { try typed(.referredBy, SIPNameAddress.init) } }
    /// Replaces (RFC 3891 §6.1).
    public var replaces: SIPReplaces? { get throws(SIPParseError) { try typed(.replaces, SIPReplaces.init) } }
    /// Event (RFC 6665 §8.2.1).
    public var event: SIPEvent? { get throws(SIPParseError) { try typed(.event, SIPEvent.init) } }
    /// Subscription-State (RFC 6665 §8.2.3).
    public var subscriptionState: SIPSubscriptionState? { get throws(SIPParseError) { try typed(.subscriptionState, SIPSubscriptionState.init) } }
    /// Authorization values, one per line (RFC 3261 §20.7).
    public var authorization: [SIPAuthHeader] { get throws(SIPParseError) { try all(.authorization, SIPAuthHeader.init) } }
    /// Proxy-Authorization values (RFC 3261 §20.28).
    public var proxyAuthorization: [SIPAuthHeader] { get throws(SIPParseError) { try all(.proxyAuthorization, SIPAuthHeader.init) } }
    /// WWW-Authenticate challenges (RFC 3261 §20.44).
    public var wwwAuthenticate: [SIPAuthHeader] { get throws(SIPParseError) { try all(.wwwAuthenticate, SIPAuthHeader.init) } }
    /// Proxy-Authenticate challenges (RFC 3261 §20.27).
    public var proxyAuthenticate: [SIPAuthHeader] { get throws(SIPParseError) { try all(.proxyAuthenticate, SIPAuthHeader.init) } }
    /// Warnings across all Warning lines (RFC 3261 §20.43).
    public var warnings: [SIPWarning] { get throws(SIPParseError) { try all(.warning, SIPWarning.parseList).flatMap { $0 } } }
    /// Retry-After (RFC 3261 §20.33).
    public var retryAfter: SIPDeltaSeconds? { get throws(SIPParseError) { try typed(.retryAfter) { (v) throws(SIPParseError) in try SIPDeltaSeconds(v) } } }
    /// Session-Expires (RFC 4028 §4).
    public var sessionExpires: SIPDeltaSeconds? {
        get throws(SIPParseError) { try typed(.sessionExpires) { (v) throws(SIPParseError) in try SIPDeltaSeconds(v, allowComment: false) } }
    }
    /// User-Agent, as written (RFC 3261 §20.41).
    public var userAgent: String? { self[.userAgent] }
    /// Server, as written (RFC 3261 §20.35).
    public var server: String? { self[.server] }

    /// Parses every `name` line (not split at commas: credentials contain commas).
    func all<T>(_ name: SIPHeaderName, _ parse: (String) throws(SIPParseError) -> T) throws(SIPParseError) -> [T] {
        var out: [T] = []
        for e in entries where matches(e, name) {
            do throws(SIPParseError) { out.append(try parse(value(of: e))) } catch {
                throw error.located(header: name.canonicalName, offset: Int(e.valueStart))
            }
        }
        return out
    }

    static func nameAddr(_ v: String) throws(SIPParseError) -> SIPNameAddress {
        try v.withSIPBytes { (buf) throws(SIPParseError) -> SIPNameAddress in
            var s = ByteScanner(buf)
            return try s.nameAddress(requireAngleBrackets: true)
        }
    }

    static func number(_ v: String, max: UInt64, _ what: String) throws(SIPParseError) -> UInt64 {
        try v.withSIPBytes { (buf) throws(SIPParseError) -> UInt64 in
            var s = ByteScanner(buf)
            let n = try s.number(max: max, what, tooLarge: "is above \(max)")
            try s.expectEnd("the number")
            return n
        }
    }

    static func seconds(_ v: String) throws(SIPParseError) -> UInt32 {
        try v.withSIPBytes { (buf) throws(SIPParseError) -> UInt32 in
            var s = ByteScanner(buf)
            let n = try s.clampedNumber(max: UInt64(UInt32.max), "delta-seconds")
            try s.expectEnd("the number of seconds")
            return UInt32(n)
        }
    }

    static func tokenValue(_ v: String) throws(SIPParseError) -> String {
        try v.withSIPBytes { (buf) throws(SIPParseError) -> String in
            var s = ByteScanner(buf)
            let t = try s.token("a token")
            try s.expectEnd("the token")
            return t
        }
    }
}
