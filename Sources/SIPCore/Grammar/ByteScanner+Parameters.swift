extension ByteScanner {
    /// `*( SEMI generic-param )`, `generic-param = token [ EQUAL gen-value ]`, `gen-value = token / host / quoted-string`
    /// (RFC 3261 §25.1), with whitespace allowed around `;` and `=`. Quoted values keep their quotes.
    mutating func headerParameters() throws(SIPParseError) -> SIPParameters {
        var params = SIPParameters()
        while true {
            let save = i
            skipWSP()
            guard consume(UInt8(ascii: ";")) else {
                i = save
                return params
            }
            skipWSP()
            let name = scan(ByteClass.token)
            guard !name.isEmpty else {
                throw error("empty parameter after ';' (found \(describeNext()))")
            }
            var value: String?
            let afterName = i
            skipWSP()
            if consume(UInt8(ascii: "=")) {
                skipWSP()
                if peek() == UInt8(ascii: "\"") {
                    value = string(try skipQuotedString())
                } else {
                    let start = i
                    while let c = peek(),
                        ByteClass.isToken(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "[")
                            || c == UInt8(ascii: "]")
                    {
                        i += 1
                    }
                    guard i > start else {
                        throw error("parameter '\(string(name))' has '=' but no value (found \(describeNext()))")
                    }
                    value = string(start..<i)
                }
            } else {
                i = afterName
            }
            params.append(string(name), value)
        }
    }

    /// `display-name = *(token LWS) / quoted-string` then `<URI>`, or a bare addr-spec, then parameters.
    mutating func nameAddress(requireAngleBrackets: Bool) throws(SIPParseError) -> SIPNameAddress {
        skipWSP()
        var display: String?
        var quoted = false
        if peek() == UInt8(ascii: "\"") {
            display = try quotedString()
            quoted = true
            skipWSP()
            guard peek() == UInt8(ascii: "<") else {
                throw error("a quoted display name must be followed by '<URI>' (found \(describeNext()))")
            }
        } else if peek() != UInt8(ascii: "<") {
            var lt: Int?
            for k in i..<end where p[k] == UInt8(ascii: "<") {
                lt = k
                break
            }
            if let lt {
                // RFC 3261 §25.1: an unquoted display name is tokens separated by whitespace. RFC 4475 §3.1.1.6:
                // accept it with no whitespace before '<'.
                for k in i..<lt where !(ByteClass.isToken(p[k]) || ByteClass.isWSP(p[k])) {
                    throw SIPParseError(
                        .malformedValue, "\(ByteClass.describe(p[k])) is not allowed in an unquoted display name (quote it)",
                        offset: base + k)
                }
                var e = lt
                while e > i, ByteClass.isWSP(p[e - 1]) { e -= 1 }
                display = string(i..<e)
                i = lt
            } else {
                guard !requireAngleBrackets else {
                    throw error("expected '<URI>' (a name-addr), found \(describeNext())")
                }
                // addr-spec: RFC 3261 §20.10, a URI outside '<' '>' ends at the first ';' (header parameters follow)
                // and may contain neither ',' nor '?'.
                let uriStart = i
                while i < end, p[i] != UInt8(ascii: ";"), p[i] != UInt8(ascii: ","), !ByteClass.isWSP(p[i]) {
                    if p[i] == UInt8(ascii: "?") {
                        throw error("a URI with '?' headers must be enclosed in '<' '>' (RFC 3261 §20)")
                    }
                    i += 1
                }
                var sub = ByteScanner(p, from: uriStart, to: i, base: base)
                let uri = try SIPURI.parse(&sub, allowHeaders: false)
                let params = try headerParameters()
                try expectElementEnd("the address")
                return SIPNameAddress(displayName: nil, uri: uri, parameters: params, form: .addrSpec)
            }
        }
        // LAQUOT addr-spec RAQUOT: no whitespace inside the brackets (RFC 3261 §25.1; RFC 4475 §3.1.2.14).
        i += 1
        if let c = peek(), ByteClass.isWSP(c) { throw error("whitespace after '<' inside an address") }
        var gt: Int?
        for k in i..<end where p[k] == UInt8(ascii: ">") {
            gt = k
            break
        }
        guard let gt else { throw error("'<' without a closing '>'") }
        if gt > i, ByteClass.isWSP(p[gt - 1]) {
            throw SIPParseError(.malformedValue, "whitespace before '>' inside an address", offset: base + gt - 1)
        }
        var sub = ByteScanner(p, from: i, to: gt, base: base)
        let uri = try SIPURI.parse(&sub, allowHeaders: true)
        i = gt + 1
        let params = try headerParameters()
        try expectElementEnd("the address")
        return SIPNameAddress(displayName: display, uri: uri, parameters: params, form: quoted ? .quotedName : .nameAddr)
    }
}
