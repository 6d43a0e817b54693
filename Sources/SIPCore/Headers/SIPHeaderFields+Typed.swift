/// Contact header contents: `*` or addresses (RFC 3261 §20.10).
public enum SIPContacts: Hashable, Sendable {
    /// `Contact: *` (only with `Expires: 0` in a REGISTER, §10.2.2).
    case all
    /// One or more addresses.
    case addresses([SIPNameAddress])
}

// MARK: - Parsing values in place

extension SIPHeaderFields {
    /// Runs `body` on a scanner over the value of `e`, positioned after leading whitespace. Unfolded values are
    /// scanned where they were received, so error offsets are offsets in the message; folded ones are unfolded first.
    func withScanner<T>(_ e: Entry, _ body: (inout ByteScanner) throws(SIPParseError) -> T) throws(SIPParseError) -> T {
        if e.folded {
            return try value(of: e).withSIPBytes { (buf) throws(SIPParseError) -> T in
                var s = ByteScanner(buf, base: Int(e.valueStart))
                return try body(&s)
            }
        }
        return try storage.withUnsafeBufferPointer { (p) throws(SIPParseError) -> T in
            var s = ByteScanner(p, from: Int(e.valueStart), to: Int(e.valueEnd))
            return try body(&s)
        }
    }

    /// Parses the first `name` line as one value with `parse`.
    func first<T>(_ name: SIPHeaderName, _ parse: (inout ByteScanner) throws(SIPParseError) -> T) throws(SIPParseError) -> T? {
        guard let e = entries.first(where: { matches($0, name) }) else { return nil }
        return try whole(e, name, parse)
    }

    func whole<T>(_ e: Entry, _ name: SIPHeaderName, _ parse: (inout ByteScanner) throws(SIPParseError) -> T) throws(SIPParseError) -> T {
        do throws(SIPParseError) {
            return try withScanner(e) { (s) throws(SIPParseError) -> T in
                s.skipWSP()
                let v = try parse(&s)
                try s.expectEnd("the value")
                return v
            }
        } catch {
            throw error.named(name.canonicalName)
        }
    }

    /// Parses every comma-separated element of every `name` line (RFC 3261 §7.3.1).
    func list<T>(_ name: SIPHeaderName, allowEmpty: Bool = false, _ parse: (inout ByteScanner) throws(SIPParseError) -> T) throws(SIPParseError)
        -> [T]
    {
        var out: [T] = []
        for e in entries where matches(e, name) {
            try elements(of: e, name, allowEmpty: allowEmpty, parse, into: &out)
        }
        return out
    }

    func elements<T>(
        of e: Entry, _ name: SIPHeaderName, allowEmpty: Bool, _ parse: (inout ByteScanner) throws(SIPParseError) -> T, into out: inout [T]
    ) throws(SIPParseError) {
        do throws(SIPParseError) {
            try withScanner(e) { (s) throws(SIPParseError) -> Void in
                s.skipWSP()
                if s.atEnd {
                    if allowEmpty { return }
                    throw s.error("empty value")
                }
                repeat {
                    s.skipWSP()
                    if s.atElementEnd() { throw s.error("empty element in the list") }
                    out.append(try parse(&s))
                    try s.expectElementEnd("the list element")
                } while s.consume(UInt8(ascii: ","))
                try s.expectEnd("the list")
            }
        } catch {
            throw error.named(name.canonicalName)
        }
    }

    /// Parses every `name` line as one value each (credentials contain commas, so they are not list elements).
    func lines<T>(_ name: SIPHeaderName, _ parse: (inout ByteScanner) throws(SIPParseError) -> T) throws(SIPParseError) -> [T] {
        var out: [T] = []
        for e in entries where matches(e, name) { out.append(try whole(e, name, parse)) }
        return out
    }
}

// MARK: - Grammar pieces for the simple headers

extension ByteScanner {
    mutating func nameAddr() throws(SIPParseError) -> SIPNameAddress { try nameAddress(requireAngleBrackets: true) }
    mutating func anyAddress() throws(SIPParseError) -> SIPNameAddress { try nameAddress(requireAngleBrackets: false) }
    mutating func maxForwards() throws(SIPParseError) -> Int { Int(try number(max: 255, "Max-Forwards", tooLarge: "is above 255")) }
    mutating func contentLength() throws(SIPParseError) -> Int { Int(try number(max: UInt64(Int32.max), "Content-Length")) }
    mutating func seconds() throws(SIPParseError) -> UInt32 { UInt32(try clampedNumber(max: UInt64(UInt32.max), "delta-seconds")) }
    mutating func optionTag() throws(SIPParseError) -> String { try token("an option tag") }
    mutating func method() throws(SIPParseError) -> SIPMethod { SIPMethod(try token("a method")) }
    mutating func date() throws(SIPParseError) {
        let r = i..<end
        i = end
        do throws(SIPParseError) { try SIPDate.validate(string(r)) } catch {
            var e = error
            e.offset = base + r.lowerBound
            throw e
        }
    }
}

// MARK: - Typed access

extension SIPHeaderFields {
    /// Every Via entry, topmost first.
    public var via: [SIPVia] { get throws(SIPParseError) { try list(.via, SIPVia.parse) } }
    /// The topmost Via.
    public var topVia: SIPVia? {
        get throws(SIPParseError) {
            guard let e = entries.first(where: { matches($0, .via) }) else { return nil }
            do throws(SIPParseError) {
                return try withScanner(e) { (s) throws(SIPParseError) -> SIPVia in
                    s.skipWSP()
                    return try SIPVia.parse(&s)
                }
            } catch { throw error.named("Via") }
        }
    }
    /// From (RFC 3261 §20.20).
    public var from: SIPNameAddress? { get throws(SIPParseError) { try first(.from) { (s) throws(SIPParseError) in try s.anyAddress() } } }
    /// To (RFC 3261 §20.39).
    public var to: SIPNameAddress? { get throws(SIPParseError) { try first(.to) { (s) throws(SIPParseError) in try s.anyAddress() } } }
    /// Call-ID (RFC 3261 §20.8), checked against `callid = word [ "@" word ]`.
    public var callID: String? { get throws(SIPParseError) { try first(.callID) { (s) throws(SIPParseError) in try s.callID() } } }
    /// CSeq (RFC 3261 §20.16).
    public var cSeq: SIPCSeq? { get throws(SIPParseError) { try first(.cSeq, SIPCSeq.parse) } }
    /// Contact (RFC 3261 §20.10): `*` or every address across all Contact lines.
    public var contacts: SIPContacts? {
        get throws(SIPParseError) {
            guard contains(.contact) else { return nil }
            let values = values(.contact)
            if values.count == 1, values[0] == "*" { return .all }
            return .addresses(try list(.contact) { (s) throws(SIPParseError) in try s.anyAddress() })
        }
    }
    /// Max-Forwards, 0…255 (RFC 3261 §20.22).
    public var maxForwards: Int? { get throws(SIPParseError) { try first(.maxForwards) { (s) throws(SIPParseError) in try s.maxForwards() } } }
    /// Route entries in order (RFC 3261 §20.34).
    public var route: [SIPNameAddress] { get throws(SIPParseError) { try list(.route) { (s) throws(SIPParseError) in try s.nameAddr() } } }
    /// Record-Route entries in order (RFC 3261 §20.30).
    public var recordRoute: [SIPNameAddress] {
        get throws(SIPParseError) { try list(.recordRoute) { (s) throws(SIPParseError) in try s.nameAddr() } }
    }
    /// Content-Length (RFC 3261 §20.14).
    public var contentLength: Int? { get throws(SIPParseError) { try first(.contentLength) { (s) throws(SIPParseError) in try s.contentLength() } } }
    /// Content-Type (RFC 3261 §20.15).
    public var contentType: SIPMediaType? { get throws(SIPParseError) { try first(.contentType, SIPMediaType.parse) } }
    /// Expires in seconds, clamped to 2³²−1 (RFC 3261 §20.19, §10.2.1.1).
    public var expires: UInt32? { get throws(SIPParseError) { try first(.expires) { (s) throws(SIPParseError) in try s.seconds() } } }
    /// Min-Expires in seconds (RFC 3261 §20.23).
    public var minExpires: UInt32? { get throws(SIPParseError) { try first(.minExpires) { (s) throws(SIPParseError) in try s.seconds() } } }
    /// Supported option tags (RFC 3261 §20.37).
    public var supported: [String] {
        get throws(SIPParseError) { try list(.supported, allowEmpty: true) { (s) throws(SIPParseError) in try s.optionTag() } }
    }
    /// Required option tags (RFC 3261 §20.32).
    public var require: [String] { get throws(SIPParseError) { try list(.require) { (s) throws(SIPParseError) in try s.optionTag() } } }
    /// Allowed methods (RFC 3261 §20.5).
    public var allow: [SIPMethod] { get throws(SIPParseError) { try list(.allow, allowEmpty: true) { (s) throws(SIPParseError) in try s.method() } } }
    /// Refer-To (RFC 3515 §2.1).
    public var referTo: SIPNameAddress? { get throws(SIPParseError) { try first(.referTo) { (s) throws(SIPParseError) in try s.anyAddress() } } }
    /// Referred-By (RFC 3892 §3).
    public var referredBy: SIPNameAddress? {
        get throws(SIPParseError) { try first(.referredBy) { (s) throws(SIPParseError) in try s.anyAddress() } }
    }
    /// Replaces (RFC 3891 §6.1).
    public var replaces: SIPReplaces? { get throws(SIPParseError) { try first(.replaces, SIPReplaces.parse) } }
    /// Event (RFC 6665 §8.2.1).
    public var event: SIPEvent? { get throws(SIPParseError) { try first(.event, SIPEvent.parse) } }
    /// Subscription-State (RFC 6665 §8.2.3).
    public var subscriptionState: SIPSubscriptionState? { get throws(SIPParseError) { try first(.subscriptionState, SIPSubscriptionState.parse) } }
    /// Authorization values, one per line (RFC 3261 §20.7).
    public var authorization: [SIPAuthHeader] { get throws(SIPParseError) { try lines(.authorization, SIPAuthHeader.parse) } }
    /// Proxy-Authorization values (RFC 3261 §20.28).
    public var proxyAuthorization: [SIPAuthHeader] { get throws(SIPParseError) { try lines(.proxyAuthorization, SIPAuthHeader.parse) } }
    /// WWW-Authenticate challenges (RFC 3261 §20.44).
    public var wwwAuthenticate: [SIPAuthHeader] { get throws(SIPParseError) { try lines(.wwwAuthenticate, SIPAuthHeader.parse) } }
    /// Proxy-Authenticate challenges (RFC 3261 §20.27).
    public var proxyAuthenticate: [SIPAuthHeader] { get throws(SIPParseError) { try lines(.proxyAuthenticate, SIPAuthHeader.parse) } }
    /// Warnings across all Warning lines (RFC 3261 §20.43).
    public var warnings: [SIPWarning] { get throws(SIPParseError) { try list(.warning, SIPWarning.parse) } }
    /// Retry-After (RFC 3261 §20.33).
    public var retryAfter: SIPDeltaSeconds? { get throws(SIPParseError) { try first(.retryAfter, SIPDeltaSeconds.parse) } }
    /// Session-Expires (RFC 4028 §4).
    public var sessionExpires: SIPDeltaSeconds? { get throws(SIPParseError) { try first(.sessionExpires, SIPDeltaSeconds.parse) } }
    /// User-Agent, as written (RFC 3261 §20.41).
    public var userAgent: String? { self[.userAgent] }
    /// Server, as written (RFC 3261 §20.35).
    public var server: String? { self[.server] }
}
