extension SIPHeaderFields {
    /// Headers that may appear at most once (RFC 3261 §7.3.1: only list headers may repeat).
    static let singletons: [SIPHeaderName] = [
        .from, .to, .callID, .cSeq, .maxForwards, .contentType, .expires, .minExpires, .referTo, .referredBy,
        .replaces, .event, .subscriptionState, .retryAfter, .sessionExpires, .date,
    ]

    /// How one known header is checked.
    private enum Rule: Sendable {
        /// One value per line.
        case single(@Sendable (inout ByteScanner) throws(SIPParseError) -> Void)
        /// A comma-separated list (possibly empty).
        case list(@Sendable (inout ByteScanner) throws(SIPParseError) -> Void, allowEmpty: Bool)
    }

    /// The grammar rule of every header this library parses, by header id.
    private static let rules: [Rule?] = {
        var r = [Rule?](repeating: nil, count: SIPHeaderName.byID.count)
        func single(_ n: SIPHeaderName, _ f: @escaping @Sendable (inout ByteScanner) throws(SIPParseError) -> Void) { r[Int(n.id)] = .single(f) }
        func list(_ n: SIPHeaderName, allowEmpty: Bool = false, _ f: @escaping @Sendable (inout ByteScanner) throws(SIPParseError) -> Void) {
            r[Int(n.id)] = .list(f, allowEmpty: allowEmpty)
        }
        list(.via) { (s) throws(SIPParseError) in _ = try SIPVia.parse(&s) }
        single(.from) { (s) throws(SIPParseError) in _ = try s.anyAddress() }
        single(.to) { (s) throws(SIPParseError) in _ = try s.anyAddress() }
        single(.callID) { (s) throws(SIPParseError) in _ = try s.callID() }
        single(.cSeq) { (s) throws(SIPParseError) in _ = try SIPCSeq.parse(&s) }
        list(.contact) { (s) throws(SIPParseError) in _ = try s.anyAddress() }
        single(.maxForwards) { (s) throws(SIPParseError) in _ = try s.maxForwards() }
        list(.route) { (s) throws(SIPParseError) in _ = try s.nameAddr() }
        list(.recordRoute) { (s) throws(SIPParseError) in _ = try s.nameAddr() }
        single(.contentLength) { (s) throws(SIPParseError) in _ = try s.contentLength() }
        single(.contentType) { (s) throws(SIPParseError) in _ = try SIPMediaType.parse(&s) }
        single(.expires) { (s) throws(SIPParseError) in _ = try s.seconds() }
        single(.minExpires) { (s) throws(SIPParseError) in _ = try s.seconds() }
        list(.supported, allowEmpty: true) { (s) throws(SIPParseError) in _ = try s.optionTag() }
        list(.require) { (s) throws(SIPParseError) in _ = try s.optionTag() }
        list(.proxyRequire) { (s) throws(SIPParseError) in _ = try s.optionTag() }
        list(.unsupported) { (s) throws(SIPParseError) in _ = try s.optionTag() }
        list(.allow, allowEmpty: true) { (s) throws(SIPParseError) in _ = try s.method() }
        list(.allowEvents) { (s) throws(SIPParseError) in _ = try s.optionTag() }
        single(.referTo) { (s) throws(SIPParseError) in _ = try s.anyAddress() }
        single(.referredBy) { (s) throws(SIPParseError) in _ = try s.anyAddress() }
        single(.replaces) { (s) throws(SIPParseError) in _ = try SIPReplaces.parse(&s) }
        single(.event) { (s) throws(SIPParseError) in _ = try SIPEvent.parse(&s) }
        single(.subscriptionState) { (s) throws(SIPParseError) in _ = try SIPSubscriptionState.parse(&s) }
        for n in [SIPHeaderName.authorization, .proxyAuthorization, .wwwAuthenticate, .proxyAuthenticate] {
            single(n) { (s) throws(SIPParseError) in _ = try SIPAuthHeader.parse(&s) }
        }
        list(.warning) { (s) throws(SIPParseError) in _ = try SIPWarning.parse(&s) }
        single(.retryAfter) { (s) throws(SIPParseError) in _ = try SIPDeltaSeconds.parse(&s) }
        single(.sessionExpires) { (s) throws(SIPParseError) in _ = try SIPDeltaSeconds.parse(&s) }
        single(.date) { (s) throws(SIPParseError) in try s.date() }
        return r
    }()

    private static let isSingleton: [Bool] = {
        var t = [Bool](repeating: false, count: SIPHeaderName.byID.count)
        for n in singletons { t[Int(n.id)] = true }
        return t
    }()

    /// Parses every header this library knows, in one pass, so that a malformed one is reported with its name and
    /// offset; also refuses a repeated single-value header (RFC 4475 §3.3.8).
    public func validate() throws(SIPParseError) {
        var seen = [Bool](repeating: false, count: SIPHeaderName.byID.count)
        let rules = SIPHeaderFields.rules
        let isSingleton = SIPHeaderFields.isSingleton
        for e in entries where e.id != 0 {
            let name = SIPHeaderName.byID[Int(e.id)]
            if isSingleton[Int(e.id)] {
                if seen[Int(e.id)] {
                    throw SIPParseError(
                        .malformedHeader, "appears more than once but may appear only once", header: name.canonicalName, offset: Int(e.valueStart))
                }
                seen[Int(e.id)] = true
            }
            switch rules[Int(e.id)] {
            case .single(let f)?:
                _ = try whole(e, name) { (s) throws(SIPParseError) in try f(&s) }
            case .list(let f, let allowEmpty)?:
                if e.id == SIPHeaderName.contact.id, value(of: e) == "*" { continue }
                var sink: [Void] = []
                try elements(of: e, name, allowEmpty: allowEmpty, { (s) throws(SIPParseError) in try f(&s) }, into: &sink)
            case nil:
                break
            }
        }
    }

    func requirePresent(_ names: [SIPHeaderName]) throws(SIPParseError) {
        for name in names where !contains(name) {
            throw SIPParseError(.missingHeader, "missing (every request and response must carry it, RFC 3261 §8.1.1)", header: name.canonicalName)
        }
    }
}

extension SIPRequest {
    /// Checks the request in full: every known header parses, the mandatory ones are present (RFC 3261 §8.1.1), and
    /// the CSeq method is the request method (§8.1.1.5; RFC 4475 §3.1.2.17).
    public func validate() throws(SIPParseError) {
        try headerFields.validate()
        try headerFields.requirePresent([.via, .from, .to, .callID, .cSeq])
        if let cseq = try headerFields.cSeq, cseq.method != method {
            throw SIPParseError(
                .mismatch, "method \(cseq.method) does not match the request method \(method)", header: "CSeq",
                offset: headerFields.offset(of: .cSeq))
        }
        if !body.isEmpty, !headerFields.contains(.contentType) {
            throw SIPParseError(.missingHeader, "missing although the message has a body (RFC 3261 §20.15)", header: "Content-Type")
        }
    }
}

extension SIPResponse {
    /// Checks the response in full: every known header parses and the mandatory ones are present (RFC 3261 §8.2.6.2).
    public func validate() throws(SIPParseError) {
        try headerFields.validate()
        try headerFields.requirePresent([.via, .from, .to, .callID, .cSeq])
        if !body.isEmpty, !headerFields.contains(.contentType) {
            throw SIPParseError(.missingHeader, "missing although the message has a body (RFC 3261 §20.15)", header: "Content-Type")
        }
    }
}

extension SIPMessage {
    /// Checks the message in full (see ``SIPRequest/validate()`` and ``SIPResponse/validate()``).
    public func validate() throws(SIPParseError) {
        switch self {
        case .request(let r): try r.validate()
        case .response(let r): try r.validate()
        }
    }
}
