extension SIPURI {
    /// Parses a URI from text (an addr-spec, no angle brackets). Headers (`?…`) are allowed.
    public init(_ text: String) throws(SIPParseError) {
        self = try text.withSIPBytes { (buf) throws(SIPParseError) -> SIPURI in
            var s = ByteScanner(buf)
            return try SIPURI.parse(&s, allowHeaders: true)
        }
    }

    /// Parses the URI that fills the scanner up to `s.end`.
    ///
    /// RFC 3261 §25.1: `SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]`.
    static func parse(_ s: inout ByteScanner, allowHeaders: Bool) throws(SIPParseError) -> SIPURI {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        let schemeStart = s.i
        guard let first = s.peek(), ByteClass.isAlpha(first) else {
            if s.peek() == UInt8(ascii: "<") { throw s.error("URI must not be enclosed in '<' '>' here", code: .malformedURI) }
            throw s.error("URI does not start with a scheme (found \(s.describeNext()))", code: .malformedURI)
        }
        while let c = s.peek(),
            ByteClass.isAlpha(c) || ByteClass.isDigit(c) || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
        {
            s.i += 1
        }
        let schemeRange = schemeStart..<s.i
        guard s.consume(UInt8(ascii: ":")) else {
            throw s.error("URI scheme '\(s.string(schemeRange))' is not followed by ':'", code: .malformedURI)
        }
        let scheme = schemeNamed(s, schemeRange)
        switch scheme {
        case .sip, .sips: return try parseSIP(&s, scheme: scheme, allowHeaders: allowHeaders)
        case .tel: return try parseTel(&s)
        default:
            let r = s.i..<s.end
            guard !r.isEmpty else { throw s.error("URI '\(scheme):' has nothing after the scheme", code: .malformedURI) }
            for k in r where s.p[k] <= 0x20 || s.p[k] >= 0x7F || s.p[k] == UInt8(ascii: "<") || s.p[k] == UInt8(ascii: ">") {
                s.i = k
                throw s.error("\(ByteClass.describe(s.p[k])) is not allowed in a URI", code: .malformedURI)
            }
            s.i = s.end
            return SIPURI(scheme: scheme, opaque: s.string(r))
        }
    }

    /// The scheme in `r`, reusing the static value for sip, sips and tel.
    private static func schemeNamed(_ s: ByteScanner, _ r: Range<Int>) -> Scheme {
        func isWord(_ w: StaticString) -> Bool {
            guard r.count == w.utf8CodeUnitCount else { return false }
            let u = w.utf8Start
            for k in 0..<r.count where ByteClass.lower(s.p[r.lowerBound + k]) != u[k] { return false }
            return true
        }
        if isWord("sip") { return .sip }
        if isWord("sips") { return .sips }
        if isWord("tel") { return .tel }
        return Scheme(s.string(r))
    }

    private static func parseSIP(_ s: inout ByteScanner, scheme: Scheme, allowHeaders: Bool) throws(SIPParseError) -> SIPURI {
        var user: String?
        var password: String?
        // userinfo ends at the '@' (no other '@' may appear in a SIP URI).
        var at: Int?
        for k in s.i..<s.end where s.p[k] == UInt8(ascii: "@") {
            at = k
            break
        }
        if let at {
            var colon: Int?
            for k in s.i..<at where s.p[k] == UInt8(ascii: ":") {
                colon = k
                break
            }
            let userEnd = colon ?? at
            guard userEnd > s.i else { throw s.error("empty user part before '@'", code: .malformedURI) }
            try checkChars(s, s.i..<userEnd, ByteClass.unreserved | ByteClass.userUnreserved, "user part")
            user = s.string(s.i..<userEnd)
            if let colon {
                try checkChars(s, (colon + 1)..<at, ByteClass.unreserved | ByteClass.passwordExtra, "password")
                password = s.string((colon + 1)..<at)
            }
            s.i = at + 1
        }
        try rejectBareIPv6(s)
        let host = try SIPHost.scan(&s)
        var port: UInt16?
        if s.consume(UInt8(ascii: ":")) {
            guard let c = s.peek(), ByteClass.isDigit(c) else {
                throw s.error("port after ':' is not a number (found \(s.describeNext()))", code: .malformedURI)
            }
            let v = try s.number(max: 65535, "port")
            port = UInt16(v)
        }
        let parameters = try parseParameters(&s)
        var headers: [Header] = []
        if s.peek() == UInt8(ascii: "?") {
            guard allowHeaders else {
                throw s.error("URI headers ('?…') are not allowed here (RFC 3261 §19.1.1: not in a Request-URI)", code: .malformedURI)
            }
            s.i += 1
            repeat {
                let name = s.i..<scanURIChars(&s, ByteClass.unreserved | ByteClass.hnvUnreserved)
                guard !name.isEmpty else { throw s.error("empty URI header name", code: .malformedURI) }
                try checkEscapes(s, name)
                try s.expect(UInt8(ascii: "="), "'=' after URI header name")
                let value = s.i..<scanURIChars(&s, ByteClass.unreserved | ByteClass.hnvUnreserved)
                try checkEscapes(s, value)
                headers.append(Header(name: s.string(name), value: s.string(value)))
            } while s.consume(UInt8(ascii: "&"))
        }
        guard s.atEnd else {
            throw s.error("unexpected \(s.describeNext()) in URI", code: .malformedURI)
        }
        var uri = SIPURI(scheme: scheme, user: user, password: password, host: host, port: port, parameters: parameters)
        uri.headers = headers
        return uri
    }

    /// RFC 5118 §4.2: an IPv6 address in a SIP URI must be bracketed; say so rather than report a bad port.
    private static func rejectBareIPv6(_ s: ByteScanner) throws(SIPParseError) {
        var k = s.i
        var colons = 0
        while k < s.end, ByteClass.isHex(s.p[k]) || s.p[k] == UInt8(ascii: ":") || s.p[k] == UInt8(ascii: ".") {
            if s.p[k] == UInt8(ascii: ":") { colons += 1 }
            k += 1
        }
        let r = s.i..<k
        if colons >= 2, SIPHost.isIPv6(UnsafeBufferPointer(rebasing: s.p[r])) {
            throw s.error("IPv6 address '\(s.string(r))' must be enclosed in '[' ']' (RFC 5118 §4.2)", code: .malformedURI)
        }
    }

    /// RFC 3966: `tel:` telephone-subscriber *( ";" par ).
    private static func parseTel(_ s: inout ByteScanner) throws(SIPParseError) -> SIPURI {
        let r = s.scan(ByteClass.telChar)
        guard !r.isEmpty else { throw s.error("tel URI has no number", code: .malformedURI) }
        let parameters = try parseParameters(&s)
        guard s.atEnd else { throw s.error("unexpected \(s.describeNext()) in tel URI", code: .malformedURI) }
        var uri = SIPURI(scheme: .tel, opaque: "")
        uri.opaque = nil
        uri.user = s.string(r)
        uri.parameters = parameters
        return uri
    }

    /// uri-parameters = *( ";" pname [ "=" pvalue ] ), paramchar = param-unreserved / unreserved / escaped.
    private static func parseParameters(_ s: inout ByteScanner) throws(SIPParseError) -> SIPParameters {
        var params = SIPParameters()
        while s.consume(UInt8(ascii: ";")) {
            let name = s.i..<scanURIChars(&s, ByteClass.unreserved | ByteClass.paramUnreserved)
            guard !name.isEmpty else { throw s.error("empty URI parameter after ';' (found \(s.describeNext()))", code: .malformedURI) }
            try checkEscapes(s, name)
            var value: String?
            if s.consume(UInt8(ascii: "=")) {
                let v = s.i..<scanURIChars(&s, ByteClass.unreserved | ByteClass.paramUnreserved)
                guard !v.isEmpty else { throw s.error("URI parameter '\(s.string(name))' has '=' but no value", code: .malformedURI) }
                try checkEscapes(s, v)
                value = s.string(v)
            }
            params.append(s.string(name), value)
        }
        return params
    }

    /// Scans characters of the given classes plus `%`; returns the end index.
    private static func scanURIChars(_ s: inout ByteScanner, _ flags: CharSet) -> Int {
        while let c = s.peek(), ByteClass.has(c, flags) || c == UInt8(ascii: "%") { s.i += 1 }
        return s.i
    }

    private static func checkChars(_ s: ByteScanner, _ r: Range<Int>, _ flags: CharSet, _ what: String) throws(SIPParseError) {
        for k in r where !(ByteClass.has(s.p[k], flags) || s.p[k] == UInt8(ascii: "%")) {
            throw SIPParseError(.malformedURI, "\(ByteClass.describe(s.p[k])) is not allowed in the \(what)", offset: s.base + k)
        }
        try checkEscapes(s, r)
    }

    /// escaped = "%" HEXDIG HEXDIG
    private static func checkEscapes(_ s: ByteScanner, _ r: Range<Int>) throws(SIPParseError) {
        var k = r.lowerBound
        while k < r.upperBound {
            if s.p[k] == UInt8(ascii: "%") {
                guard k + 2 < r.upperBound, ByteClass.isHex(s.p[k + 1]), ByteClass.isHex(s.p[k + 2]) else {
                    throw SIPParseError(.malformedURI, "'%' not followed by two hex digits", offset: s.base + k)
                }
                k += 3
            } else {
                k += 1
            }
        }
    }
}
