/// The value of Authorization, Proxy-Authorization, WWW-Authenticate or Proxy-Authenticate (RFC 3261 §20.7,
/// §20.27, §20.28, §20.44; RFC 8760): a scheme and comma-separated `name=value` parameters.
///
/// ```swift
/// let auth = try SIPAuthHeader("Digest username=\"alice\", realm=\"callpark.test\", nonce=\"abc\", uri=\"sip:callpark.test\", response=\"…\"")
/// auth.value("username")  // "alice" (unquoted)
/// ```
public struct SIPAuthHeader: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The scheme, normally `Digest`.
    public var scheme: String
    /// Parameters in order, values as written (quoted ones keep their quotes).
    public var parameters: SIPParameters

    /// Creates a value.
    public init(scheme: String = "Digest", parameters: SIPParameters = SIPParameters()) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Parses `scheme LWS auth-param *(COMMA auth-param)`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPAuthHeader.parseWhole(text)
    }

    /// The whole line: its parameters are separated by commas, so it is not a list header.
    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPAuthHeader {
        let scheme = try s.token("authentication scheme")
        var params = SIPParameters()
        let before = s.i
        s.skipWSP()
        if !s.atEnd {
            guard s.i > before else { throw s.error("expected whitespace after the scheme '\(scheme)'") }
            repeat {
                s.skipWSP()
                let name = try s.token("parameter name")
                try s.expect(UInt8(ascii: "="), sws: true, "'=' after '\(name)'")
                let value: String
                if s.peek() == UInt8(ascii: "\"") {
                    value = s.string(try s.skipQuotedString())
                } else {
                    value = try s.token("value of '\(name)'")
                }
                params.append(name, value)
                s.skipWSP()
            } while s.consume(UInt8(ascii: ","))
            try s.expectEnd("the authentication parameters")
        }
        return SIPAuthHeader(scheme: scheme, parameters: params)
    }

    /// The value of `name` with quotes and quoted-pairs removed.
    public func value(_ name: String) -> String? {
        parameters.value(name).map(SIPAuthHeader.unquoted)
    }

    /// Removes surrounding quotes and resolves `\x` pairs; returns unquoted text unchanged.
    public static func unquoted(_ text: String) -> String {
        let b = Array(text.utf8)
        guard b.count >= 2, b.first == UInt8(ascii: "\""), b.last == UInt8(ascii: "\"") else { return text }
        var out: [UInt8] = []
        var k = 1
        while k < b.count - 1 {
            if b[k] == UInt8(ascii: "\\"), k + 1 < b.count - 1 { k += 1 }
            out.append(b[k])
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String {
        scheme + " " + parameters.map { p in p.value.map { "\(p.name)=\($0)" } ?? p.name }.joined(separator: ", ")
    }
}

/// One `Warning` value: `399 pool-b.callpark.test "resiliency mode: call park unavailable"` (RFC 3261 §20.43).
public struct SIPWarning: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The three-digit warn-code.
    public var code: Int
    /// The warn-agent: the host (and port) or pseudonym of the element that added it.
    public var agent: String
    /// The warn-text, unquoted.
    public var text: String

    /// Creates a warning.
    public init(code: Int, agent: String, text: String) {
        self.code = code
        self.agent = agent
        self.text = text
    }

    /// Parses every warning-value of a Warning header value.
    public static func parseList(_ text: String) throws(SIPParseError) -> [SIPWarning] {
        try text.withSIPBytes { (buf) throws(SIPParseError) -> [SIPWarning] in
            var s = ByteScanner(buf)
            var out: [SIPWarning] = []
            repeat {
                s.skipWSP()
                out.append(try parse(&s))
                s.skipWSP()
            } while s.consume(UInt8(ascii: ","))
            try s.expectEnd("the warning")
            return out
        }
    }

    /// warning-value = warn-code SP warn-agent SP warn-text
    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPWarning {
        let start = s.i
        let digits = s.scan(ByteClass.digit)
        guard digits.count == 3 else {
            s.i = start
            throw s.error("warn-code must be exactly three digits")
        }
        let code = Int(s.string(digits))!
        try s.expect(0x20, "a space after the warn-code")
        let agentRange =
            s
            .i..<{ () -> Int in
                var k = s.i
                while k < s.end, s.p[k] != 0x20 { k += 1 }
                return k
            }()
        guard !agentRange.isEmpty else { throw s.error("missing warn-agent") }
        s.i = agentRange.upperBound
        try s.expect(0x20, "a space after the warn-agent")
        let text = try s.quotedString()
        return SIPWarning(code: code, agent: s.string(agentRange), text: text)
    }

    public var description: String { "\(code) \(agent) \(SIPNameAddress.quoted(text))" }
}

/// `Retry-After: 120 (comment);duration=60` (RFC 3261 §20.33) and `Session-Expires: 1800;refresher=uac` (RFC 4028 §4):
/// delta-seconds with parameters.
public struct SIPDeltaSeconds: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// Seconds, clamped to 2³²−1.
    public var seconds: UInt32
    /// A Retry-After comment, without its parentheses.
    public var comment: String?
    /// Parameters (`duration`, `refresher`, …).
    public var parameters: SIPParameters

    /// Creates a value.
    public init(seconds: UInt32, comment: String? = nil, parameters: SIPParameters = SIPParameters()) {
        self.seconds = seconds
        self.comment = comment
        self.parameters = parameters
    }

    /// Parses `delta-seconds [ comment ] *( SEMI param )`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPDeltaSeconds.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPDeltaSeconds {
        let n = try s.clampedNumber(max: UInt64(UInt32.max), "delta-seconds")
        s.skipWSP()
        var comment: String?
        if s.peek() == UInt8(ascii: "(") {
            let start = s.i + 1
            var depth = 0
            repeat {
                guard let c = s.peek() else { throw s.error("unterminated comment") }
                if c == UInt8(ascii: "\\") { s.i += 1 } else if c == UInt8(ascii: "(") { depth += 1 } else if c == UInt8(ascii: ")") { depth -= 1 }
                s.i += 1
            } while depth > 0
            comment = s.string(start..<(s.i - 1))
        }
        let params = try s.headerParameters()
        return SIPDeltaSeconds(seconds: UInt32(n), comment: comment, parameters: params)
    }

    public var description: String {
        "\(seconds)" + (comment.map { " (\($0))" } ?? "") + parameters.serialized
    }
}

/// `Date: Sat, 13 Nov 2010 23:29:00 GMT` (RFC 3261 §20.17): rfc1123-date, always GMT.
public enum SIPDate {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Checks `wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"`.
    public static func validate(_ text: String) throws(SIPParseError) {
        let b = Array(text.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count, r.allSatisfy({ ByteClass.isDigit(b[$0]) }) else { return nil }
            return r.reduce(0) { $0 * 10 + Int(b[$1] - 0x30) }
        }
        func word(_ r: Range<Int>) -> String { r.upperBound <= b.count ? String(decoding: b[r], as: UTF8.self) : "" }
        guard b.count == 29, weekdays.contains(word(0..<3)), b[3] == UInt8(ascii: ","), b[4] == 0x20,
            let day = digits(5..<7), (1...31).contains(day), b[7] == 0x20, months.contains(word(8..<11)), b[11] == 0x20,
            digits(12..<16) != nil, b[16] == 0x20, let h = digits(17..<19), h < 24, b[19] == UInt8(ascii: ":"),
            let m = digits(20..<22), m < 60, b[22] == UInt8(ascii: ":"), let sec = digits(23..<25), sec <= 60, b[25] == 0x20
        else {
            throw SIPParseError(.malformedValue, "'\(text)' is not an RFC 1123 date such as 'Sat, 13 Nov 2010 23:29:00 GMT'")
        }
        guard word(26..<29) == "GMT" else {
            throw SIPParseError(.malformedValue, "time zone must be GMT, not '\(word(26..<29))' (RFC 3261 §20.17)")
        }
    }
}
