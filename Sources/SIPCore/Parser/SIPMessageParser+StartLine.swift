extension SIPMessageParser {
    /// Parses `Request-Line = Method SP Request-URI SP SIP-Version` or
    /// `Status-Line = SIP-Version SP Status-Code SP Reason-Phrase` (RFC 3261 §7.1, §7.2, §25.1) in `p[s..<e]`.
    func parseStartLine(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws(SIPParseError) -> Head.StartLine {
        guard e > s else { throw SIPParseError(.startLine, "empty start line", offset: s) }
        if isVersion(p, s, e, prefixOnly: true) { return try parseStatusLine(p, s, e) }
        // Method = token
        var i = s
        while i < e, ByteClass.isToken(p[i]) { i += 1 }
        guard i > s else {
            throw SIPParseError(.startLine, "request line starts with \(ByteClass.describe(p[s])), not a method", offset: s)
        }
        guard i < e else { throw SIPParseError(.startLine, "request line has only a method", offset: i) }
        guard p[i] == 0x20 else {
            throw SIPParseError(.startLine, "method is followed by \(ByteClass.describe(p[i])), not a single space", offset: i)
        }
        let method = SIPMethod.from(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: p[s..<i])))
        i += 1
        guard i < e, p[i] != 0x20, p[i] != 0x09 else {
            throw SIPParseError(.startLine, "more than one space between method and Request-URI", offset: i)
        }
        let uriStart = i
        while i < e, p[i] != 0x20 { i += 1 }
        let uriEnd = i
        guard i < e else { throw SIPParseError(.startLine, "request line has no SIP version", offset: i) }
        i += 1
        guard i < e, p[i] != 0x20 else {
            throw SIPParseError(.startLine, "more than one space between Request-URI and SIP version", offset: i)
        }
        if !isVersion(p, i, e, prefixOnly: false) {
            if isVersion(p, i, e, prefixOnly: true) {
                var k = i
                while k < e, p[k] != 0x20, p[k] != 0x09 { k += 1 }
                if k < e, isVersion(p, i, k, prefixOnly: false) {
                    throw SIPParseError(.startLine, "whitespace after the SIP version at the end of the request line", offset: k)
                }
                let v = String(decoding: UnsafeBufferPointer(rebasing: p[i..<k]), as: UTF8.self)
                throw SIPParseError(.unsupportedVersion, "SIP version '\(v)' is not supported (only SIP/2.0)", offset: i)
            }
            let rest = String(decoding: UnsafeBufferPointer(rebasing: p[i..<e]), as: UTF8.self)
            throw SIPParseError(
                .startLine, "unexpected '\(rest)' after the Request-URI (a Request-URI cannot contain spaces)", offset: i)
        }
        var scanner = ByteScanner(p, from: uriStart, to: uriEnd)
        let uri: SIPURI
        do {
            uri = try SIPURI.parse(&scanner, allowHeaders: false)
        } catch {
            var e = error
            e.reason = "Request-URI: " + e.reason
            throw e
        }
        return .request(method, uri)
    }

    private func parseStatusLine(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws(SIPParseError) -> Head.StartLine {
        var i = s
        while i < e, p[i] != 0x20 { i += 1 }
        guard isVersion(p, s, i, prefixOnly: false) else {
            let v = String(decoding: UnsafeBufferPointer(rebasing: p[s..<i]), as: UTF8.self)
            throw SIPParseError(.unsupportedVersion, "SIP version '\(v)' is not supported (only SIP/2.0)", offset: s)
        }
        guard i < e else { throw SIPParseError(.startLine, "status line has no status code", offset: i) }
        i += 1
        let codeStart = i
        while i < e, ByteClass.isDigit(p[i]) { i += 1 }
        let digits = i - codeStart
        guard digits == 3, i == e || p[i] == 0x20 else {
            let shown = String(decoding: UnsafeBufferPointer(rebasing: p[codeStart..<min(e, codeStart + 16)]), as: UTF8.self)
            throw SIPParseError(.startLine, "status code '\(shown)' is not three digits", offset: codeStart)
        }
        let code = Int(p[codeStart] - 0x30) * 100 + Int(p[codeStart + 1] - 0x30) * 10 + Int(p[codeStart + 2] - 0x30)
        guard (100...699).contains(code) else {
            throw SIPParseError(.startLine, "status code \(code) is outside 100…699", offset: codeStart)
        }
        // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB); may be empty.
        let reasonStart = i < e ? i + 1 : e
        for k in reasonStart..<e where p[k] < 0x20 && p[k] != 0x09 || p[k] == 0x7F {
            throw SIPParseError(.startLine, "control character \(ByteClass.describe(p[k])) in the reason phrase", offset: k)
        }
        let reason = String(decoding: UnsafeBufferPointer(rebasing: p[reasonStart..<e]), as: UTF8.self)
        return .response(SIPResponseStatus(code: code, reasonPhrase: reason))
    }

    /// Whether `p[s..<e]` is `SIP/2.0` (case-insensitive, RFC 3261 §7.1), or with `prefixOnly` starts with `SIP/`.
    private func isVersion(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, prefixOnly: Bool) -> Bool {
        guard e - s >= 4, ByteClass.lower(p[s]) == UInt8(ascii: "s"), ByteClass.lower(p[s + 1]) == UInt8(ascii: "i"),
            ByteClass.lower(p[s + 2]) == UInt8(ascii: "p"), p[s + 3] == UInt8(ascii: "/")
        else { return false }
        if prefixOnly { return true }
        return e - s == 7 && p[s + 4] == UInt8(ascii: "2") && p[s + 5] == UInt8(ascii: ".") && p[s + 6] == UInt8(ascii: "0")
    }
}
