/// The host part of a SIP URI or Via sent-by: a domain name, an IPv4 address or an IPv6 reference (RFC 3261 §25.1).
public enum SIPHost: Hashable, Sendable, CustomStringConvertible {
    /// A domain name as written.
    case name(String)
    /// A dotted-quad IPv4 address.
    case ipv4(String)
    /// An IPv6 address, without the brackets.
    case ipv6(String)

    /// The host as written in a URI: IPv6 addresses in brackets (RFC 3261 §19.1.1, RFC 5118 §4.1).
    public var description: String {
        switch self {
        case .name(let s), .ipv4(let s): return s
        case .ipv6(let s): return "[" + s + "]"
        }
    }

    /// The host without brackets.
    public var address: String {
        switch self {
        case .name(let s), .ipv4(let s), .ipv6(let s): return s
        }
    }

    /// Parses a host from text; IPv6 must be bracketed unless `allowBareIPv6` (Via `received`, RFC 5118 §4.5).
    public init(parsing text: String, allowBareIPv6: Bool = false) throws(SIPParseError) {
        self = try text.withSIPBytes { (buf) throws(SIPParseError) -> SIPHost in
            var s = ByteScanner(buf)
            let h = try SIPHost.scan(&s, allowBareIPv6: allowBareIPv6)
            guard s.atEnd else { throw s.error("unexpected \(s.describeNext()) in host") }
            return h
        }
    }

    /// Scans a host at the scanner's position.
    static func scan(_ s: inout ByteScanner, allowBareIPv6: Bool = false) throws(SIPParseError) -> SIPHost {
        let start = s.i
        if s.consume(UInt8(ascii: "[")) {
            let innerStart = s.i
            while s.i < s.end, s.p[s.i] != UInt8(ascii: "]") { s.i += 1 }
            let inner = innerStart..<s.i
            guard s.consume(UInt8(ascii: "]")) else {
                s.i = start
                throw s.error("IPv6 reference without closing ']'", code: .malformedURI)
            }
            guard isIPv6(UnsafeBufferPointer(rebasing: s.p[inner])) else {
                throw SIPParseError(.malformedURI, "'\(s.string(inner))' is not an IPv6 address", offset: s.base + inner.lowerBound)
            }
            return .ipv6(s.string(inner))
        }
        if allowBareIPv6 {
            let save = s.i
            while s.i < s.end, ByteClass.isHex(s.p[s.i]) || s.p[s.i] == UInt8(ascii: ":") || s.p[s.i] == UInt8(ascii: ".") { s.i += 1 }
            let r = save..<s.i
            if s.string(r).contains(":"), isIPv6(UnsafeBufferPointer(rebasing: s.p[r])) { return .ipv6(s.string(r)) }
            s.i = save
        }
        let r = s.scan(ByteClass.hostChar)
        guard !r.isEmpty else { throw s.error("expected a host, found \(s.describeNext())", code: .malformedURI) }
        let slice = UnsafeBufferPointer(rebasing: s.p[r])
        if slice.allSatisfy({ ByteClass.isDigit($0) || $0 == UInt8(ascii: ".") }) {
            guard isIPv4(slice) else {
                throw SIPParseError(.malformedURI, "'\(s.string(r))' is not an IPv4 address", offset: s.base + r.lowerBound)
            }
            return .ipv4(s.string(r))
        }
        // hostname = *( domainlabel "." ) toplabel [ "." ]: no empty label, no label starting or ending with '-'.
        var labelStart = r.lowerBound
        for k in r.lowerBound...r.upperBound {
            if k == r.upperBound || s.p[k] == UInt8(ascii: ".") {
                let empty = k == labelStart
                if empty && !(k == r.upperBound && k > r.lowerBound) {
                    throw SIPParseError(.malformedURI, "empty label in host name '\(s.string(r))'", offset: s.base + k)
                }
                if !empty && (s.p[labelStart] == UInt8(ascii: "-") || s.p[k - 1] == UInt8(ascii: "-")) {
                    throw SIPParseError(.malformedURI, "host name label starts or ends with '-' in '\(s.string(r))'", offset: s.base + labelStart)
                }
                labelStart = k + 1
            }
        }
        return .name(s.string(r))
    }

    /// IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255.
    static func isIPv4(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var value = 0
        var digits = 0
        for c in b {
            if ByteClass.isDigit(c) {
                digits += 1
                value = value * 10 + Int(c - 0x30)
                if digits > 3 || value > 255 { return false }
            } else if c == UInt8(ascii: ".") {
                if digits == 0 { return false }
                parts += 1
                digits = 0
                value = 0
            } else {
                return false
            }
        }
        return digits > 0 && parts == 3
    }

    /// An IPv6 address per RFC 3986 §3.2.2 (RFC 5954), also tolerating the three-colon form `x:::d.d.d.d`
    /// that RFC 3261's original ABNF generated (RFC 5118 §4.10: implementations must tolerate both).
    static func isIPv6(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var groups = 0
        var sawDoubleColon = false
        var i = 0
        let n = b.count
        if n < 2 { return false }
        if b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return false }
            sawDoubleColon = true
            i = 2
            if i == n { return true }
        }
        while i < n {
            // A group: up to 4 hex digits, or a trailing dotted IPv4 address.
            var j = i
            while j < n, ByteClass.isHex(b[j]) { j += 1 }
            if j < n, b[j] == UInt8(ascii: ".") {
                guard isIPv4(UnsafeBufferPointer(rebasing: b[i..<n])) else { return false }
                groups += 2
                i = n
                break
            }
            guard j > i, j - i <= 4 else { return false }
            groups += 1
            i = j
            if i == n { break }
            guard b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            if i < n, b[i] == UInt8(ascii: ":") {
                if sawDoubleColon { return false }
                sawDoubleColon = true
                i += 1
                if i == n { break }
                // RFC 5118 §4.10 tolerance: "::" followed by one more ":" before an IPv4 tail.
                if b[i] == UInt8(ascii: ":") {
                    guard isIPv4(UnsafeBufferPointer(rebasing: b[(i + 1)..<n])) else { return false }
                    groups += 2
                    i = n
                    break
                }
            } else if i == n {
                return false  // trailing single colon
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }
}
