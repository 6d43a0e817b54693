extension SIPHeaderFields {
    /// Headers that may appear at most once (RFC 3261 §7.3.1: only list headers may repeat).
    static let singletons: [SIPHeaderName] = [
        .from, .to, .callID, .cSeq, .maxForwards, .contentType, .expires, .minExpires, .referTo, .referredBy,
        .replaces, .event, .subscriptionState, .retryAfter, .sessionExpires, .date,
    ]

    /// Parses every header this library knows, so that a malformed one is reported with its name and offset.
    public func validate() throws(SIPParseError) {
        _ = try via
        _ = try from
        _ = try to
        _ = try callID
        _ = try cSeq
        _ = try contacts
        _ = try maxForwards
        _ = try route
        _ = try recordRoute
        _ = try contentLength
        _ = try contentType
        _ = try expires
        _ = try minExpires
        _ = try supported
        _ = try require
        _ = try allow
        _ = try referTo
        _ = try referredBy
        _ = try replaces
        _ = try event
        _ = try subscriptionState
        _ = try authorization
        _ = try proxyAuthorization
        _ = try wwwAuthenticate
        _ = try proxyAuthenticate
        _ = try warnings
        _ = try retryAfter
        _ = try sessionExpires
        _ = try typed(.date) { (v) throws(SIPParseError) in try SIPDate.validate(v) }
        for name in SIPHeaderFields.singletons {
            let matching = entries.filter { matches($0, name) }
            if matching.count > 1 {
                throw SIPParseError(.malformedHeader, "appears \(matching.count) times but may appear only once", header: name.canonicalName, offset: Int(matching[1].valueStart))
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
