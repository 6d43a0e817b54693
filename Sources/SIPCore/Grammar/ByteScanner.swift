/// A cursor over bytes for the recursive-descent parts of the grammar (URIs, typed header values).
///
/// It never reads past `end`; every method that can fail throws a `SIPParseError` whose offset is
/// relative to `base` (the position of the scanned bytes in the message, when known).
struct ByteScanner {
    let p: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int
    let base: Int

    init(_ p: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil, base: Int = 0) {
        self.p = p
        self.i = start
        self.end = end ?? p.count
        self.base = base
    }

    var atEnd: Bool { i >= end }
    var offset: Int { base + i }

    func peek() -> UInt8? { i < end ? p[i] : nil }
    func peek(at k: Int) -> UInt8? { i + k < end ? p[i + k] : nil }

    mutating func skipWSP() {
        while i < end, ByteClass.isWSP(p[i]) { i += 1 }
    }

    /// Consumes `b` if it is next (after optional whitespace when `sws` is set).
    mutating func consume(_ b: UInt8, sws: Bool = false) -> Bool {
        let save = i
        if sws { skipWSP() }
        if i < end, p[i] == b {
            i += 1
            if sws { skipWSP() }
            return true
        }
        i = save
        return false
    }

    /// Consumes `b` or throws "expected `what`".
    mutating func expect(_ b: UInt8, sws: Bool = false, _ what: String) throws(SIPParseError) {
        guard consume(b, sws: sws) else { throw error("expected \(what), found \(describeNext())") }
    }

    func describeNext() -> String {
        i < end ? ByteClass.describe(p[i]) : "the end of the value"
    }

    func error(_ reason: String, code: SIPParseError.Code = .malformedValue) -> SIPParseError {
        SIPParseError(code, reason, offset: base + i)
    }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }

    /// Scans bytes while `flagged` (a `ByteClass` flag set) holds; returns the range (possibly empty).
    mutating func scan(_ flags: CharSet) -> Range<Int> {
        let s = i
        while i < end, ByteClass.has(p[i], flags) { i += 1 }
        return s..<i
    }

    /// A non-empty token (RFC 3261 §25.1).
    mutating func token(_ what: String) throws(SIPParseError) -> String {
        let r = scan(ByteClass.token)
        guard !r.isEmpty else { throw error("expected \(what), found \(describeNext())") }
        return string(r)
    }

    /// A quoted-string starting at `"`; returns the content with quoted-pairs resolved (RFC 3261 §25.1).
    mutating func quotedString() throws(SIPParseError) -> String {
        let start = i
        guard consume(UInt8(ascii: "\"")) else { throw error("expected '\"'") }
        var out: [UInt8] = []
        while i < end {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                guard i + 1 < end, p[i + 1] <= 0x7F, p[i + 1] != 0x0A, p[i + 1] != 0x0D else {
                    throw error("bad escape in quoted string")
                }
                out.append(p[i + 1])
                i += 2
                continue
            }
            if b == 0x0D || b == 0x0A { throw error("line break in quoted string") }
            // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII: raw control characters need a backslash.
            if (b < 0x20 && b != 0x09) || b == 0x7F {
                throw error("control character \(ByteClass.describe(b)) in a quoted string must be escaped with '\\'")
            }
            out.append(b)
            i += 1
        }
        i = start
        throw error("unterminated quoted string (no closing '\"')")
    }

    /// Skips a quoted-string without decoding it; returns its raw range including the quotes.
    mutating func skipQuotedString() throws(SIPParseError) -> Range<Int> {
        let s = i
        _ = try quotedString()
        return s..<i
    }

    /// An unsigned decimal number, with leading zeros allowed; throws if it has no digits or exceeds `max`.
    mutating func number(max: UInt64, _ what: String, tooLarge: String? = nil) throws(SIPParseError) -> UInt64 {
        let s = i
        var v: UInt64 = 0
        var overflow = false
        while i < end, ByteClass.isDigit(p[i]) {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(p[i] &- 0x30))
            if o1 || o2 { overflow = true } else { v = a }
            i += 1
        }
        guard i > s else { throw error("expected \(what) (digits), found \(describeNext())") }
        if overflow || v > max {
            throw SIPParseError(.malformedValue, "\(what) \(string(s..<i)) \(tooLarge ?? "exceeds \(max)")", offset: base + s)
        }
        return v
    }

    /// Like `number`, but a value above `max` is clamped to `max` (RFC 3261 §10.2.1.1 for delta-seconds).
    mutating func clampedNumber(max: UInt64, _ what: String) throws(SIPParseError) -> UInt64 {
        let s = i
        var v: UInt64 = 0
        while i < end, ByteClass.isDigit(p[i]) {
            if v <= max { v = v &* 10 &+ UInt64(p[i] &- 0x30) }
            i += 1
        }
        guard i > s else { throw error("expected \(what) (digits), found \(describeNext())") }
        return Swift.min(v, max)
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd(_ what: String) throws(SIPParseError) {
        skipWSP()
        guard atEnd else { throw error("unexpected \(describeNext()) after \(what)") }
    }
}

extension String {
    /// Runs `body` on the UTF-8 bytes of the string (contiguous; copies only for bridged strings).
    func withSIPBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> R) throws(SIPParseError) -> R {
        var copy = self
        copy.makeContiguousUTF8()
        let r: Result<R, SIPParseError> = copy.utf8.withContiguousStorageIfAvailable { buf in
            do throws(SIPParseError) { return .success(try body(buf)) } catch { return .failure(error) }
        }!
        return try r.get()
    }
}
