import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses SIP messages from bytes (RFC 3261 §7, §25).
///
/// The parser reads the start line, splits the header section into fields (compact forms, any case, line
/// folding, repeated lines), checks Content-Length and takes the body. Header values stay unparsed until
/// read; ``SIPMessage/validate()`` parses every header this library knows, as `callpark sip check` does.
/// ```swift
/// let message = try SIPMessageParser().parse(Array(datagram))
/// ```
public struct SIPMessageParser: Sendable {
    /// Size limits; a message over them is refused with a `limitExceeded` error.
    public struct Limits: Hashable, Sendable {
        /// Largest whole message, in bytes (a UDP datagram is at most 65,535).
        public var maxMessageSize: Int
        /// Most header lines, not counting Content-Length.
        public var maxHeaderCount: Int
        /// Longest header value (with its continuation lines), in bytes; also the longest header name.
        public var maxHeaderLength: Int
        /// Creates limits.
        public init(maxMessageSize: Int = 65_535, maxHeaderCount: Int = 256, maxHeaderLength: Int = 16_384) {
            self.maxMessageSize = maxMessageSize
            self.maxHeaderCount = maxHeaderCount
            self.maxHeaderLength = maxHeaderLength
        }
    }

    /// The limits in force.
    public var limits: Limits

    /// A parser with the given limits.
    public init(limits: Limits = Limits()) { self.limits = limits }

    /// The start line and header section of a message, before its body.
    struct Head {
        enum StartLine {
            case request(SIPMethod, SIPURI)
            case response(SIPResponseStatus)
        }
        var startLine: StartLine
        var entries: [SIPHeaderFields.Entry]
        /// Index just past the empty line that ends the header section.
        var headerEnd: Int
        /// The Content-Length, when the message has one.
        var contentLength: Int?
        /// Index of the first byte of the start line (after ignored leading CRLFs).
        var start: Int
    }

    /// Parses one message that is the whole of `bytes`, as for a UDP datagram or a file (RFC 3261 §18.3):
    /// the body is Content-Length bytes (the rest of the input when there is none); octets after it are ignored;
    /// a body shorter than announced is an error.
    public func parse(_ bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        guard bytes.count <= limits.maxMessageSize else {
            throw SIPParseError(.limitExceeded, "message of \(bytes.count) bytes exceeds the limit of \(limits.maxMessageSize)")
        }
        guard let head = try parseHead(bytes, from: 0, to: bytes.count, final: true) else {
            throw SIPParseError(.truncated, "message ends before the empty line that closes the header section", offset: bytes.count)
        }
        let available = bytes.count - head.headerEnd
        let bodyLength = head.contentLength ?? available
        guard bodyLength <= available else {
            throw SIPParseError(
                .body, "announces \(bodyLength) bytes but only \(available) bytes follow the header section",
                header: "Content-Length", offset: head.headerEnd)
        }
        return makeMessage(head, bytes, body: head.headerEnd..<(head.headerEnd + bodyLength))
    }

    /// Parses one message that is the whole readable part of `buffer` (see ``parse(_:)-([UInt8])``).
    public func parse(_ buffer: ByteBuffer) throws(SIPParseError) -> SIPMessage {
        try parse(Array(buffer.readableBytesView))
    }

    /// Parses one message from a string (for tests and tools).
    public func parse(_ text: String) throws(SIPParseError) -> SIPMessage {
        try parse(Array(text.utf8))
    }

    func makeMessage(_ head: Head, _ bytes: [UInt8], body: Range<Int>) -> SIPMessage {
        let fields = SIPHeaderFields(storage: bytes, entries: head.entries)
        let bodyBytes = body.isEmpty ? [] : Array(bytes[body])
        switch head.startLine {
        case .request(let method, let uri):
            return .request(SIPRequest(method: method, uri: uri, headerFields: fields, body: bodyBytes))
        case .response(let status):
            return .response(SIPResponse(status: status, headerFields: fields, body: bodyBytes))
        }
    }

    /// Parses the start line and header section in `bytes[start..<end]`.
    ///
    /// Returns `nil` when the header section is not complete yet (`final == false`: more bytes may come);
    /// with `final == true` an incomplete section is also `nil`, and the caller reports it.
    func parseHead(_ bytes: [UInt8], from start: Int, to end: Int, final: Bool) throws(SIPParseError) -> Head? {
        try bytes.withUnsafeBufferPointer { (p) throws(SIPParseError) -> Head? in
            try parseHead(p, from: start, to: end)
        }
    }

    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// Index of the first CR or LF in `p[from..<end]`, eight bytes at a time (SWAR).
    @inline(__always)
    static func firstLineBreak(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int? {
        var i = from
        guard let base = p.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let a = w ^ (ones &* 0x0D)
            let b = w ^ (ones &* 0x0A)
            let hit = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if hit != 0 { return i + hit.littleEndian.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < end {
            if p[i] == 0x0D || p[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private func findLF(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int? {
        guard from < end, let base = p.baseAddress else { return nil }
        guard let hit = memchr(base + from, 0x0A, end - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    private func parseHead(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws(SIPParseError) -> Head? {
        var i = start
        // RFC 3261 §7.5: CRLFs before the start line are ignored (stream keep-alives, RFC 5626 §4.4.1).
        while i + 1 < end, p[i] == Self.cr, p[i + 1] == Self.lf { i += 2 }
        let messageStart = i
        guard let lf = findLF(p, i, end) else {
            if end - i > limits.maxHeaderLength {
                throw SIPParseError(.limitExceeded, "start line longer than \(limits.maxHeaderLength) bytes", offset: i)
            }
            return nil
        }
        guard lf > i, p[lf - 1] == Self.cr else {
            throw SIPParseError(.startLine, "start line ends with a bare LF (line ends must be CRLF)", offset: lf)
        }
        let startLine = try parseStartLine(p, i, lf - 1)
        i = lf + 1

        var entries: [SIPHeaderFields.Entry] = []
        entries.reserveCapacity(16)
        var contentLength: Int?
        var counted = 0
        let contentLengthID = SIPHeaderName.contentLength.id
        while true {
            guard i < end else { return nil }
            let c = p[i]
            if c == Self.cr {
                guard i + 1 < end else { return nil }
                guard p[i + 1] == Self.lf else {
                    throw SIPParseError(.malformedHeader, "CR not followed by LF", offset: i)
                }
                return Head(startLine: startLine, entries: entries, headerEnd: i + 2, contentLength: contentLength, start: messageStart)
            }
            if c == Self.lf {
                throw SIPParseError(.malformedHeader, "bare LF (line ends must be CRLF)", offset: i)
            }
            let nameStart = i
            while i < end, ByteClass.isToken(p[i]) { i += 1 }
            let nameEnd = i
            if nameEnd - nameStart > limits.maxHeaderLength { throw headerTooLong(p, nameStart, nameStart) }
            guard nameEnd > nameStart else {
                if ByteClass.isWSP(c) {
                    throw SIPParseError(.malformedHeader, "line starts with whitespace but follows no header to continue", offset: i)
                }
                throw SIPParseError(.malformedHeader, "header line starts with \(ByteClass.describe(c)), not a header name", offset: i)
            }
            while i < end, ByteClass.isWSP(p[i]) { i += 1 }
            guard i < end else { return nil }
            guard p[i] == UInt8(ascii: ":") else {
                let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd]), as: UTF8.self)
                throw SIPParseError(
                    .malformedHeader, "header name '\(name)' is followed by \(ByteClass.describe(p[i])), not ':'", offset: i)
            }
            i += 1
            var valueStart = i
            var lineEnd: Int
            var folded = false
            while true {
                // One scan finds the line end and catches a bare CR or a bare LF (RFC 3261 §7: lines end in CRLF).
                guard let k = Self.firstLineBreak(p, i, end) else {
                    if end - i > limits.maxHeaderLength { throw headerTooLong(p, nameStart, nameEnd) }
                    return nil
                }
                guard p[k] == Self.cr else {
                    throw SIPParseError(.malformedHeader, "bare LF (line ends must be CRLF)", offset: k)
                }
                guard k + 2 < end else {
                    if k - valueStart > limits.maxHeaderLength { throw headerTooLong(p, nameStart, nameEnd) }
                    return nil
                }
                guard p[k + 1] == Self.lf else {
                    throw SIPParseError(.malformedHeader, "bare CR inside a header line", offset: k)
                }
                if ByteClass.isWSP(p[k + 2]) {  // RFC 3261 §7.3.1: a line starting with WSP continues the field
                    folded = true
                    i = k + 3
                    continue
                }
                lineEnd = k
                i = k + 2
                break
            }
            if lineEnd - valueStart > limits.maxHeaderLength { throw headerTooLong(p, nameStart, nameEnd) }
            while valueStart < lineEnd, ByteClass.isWSP(p[valueStart]) || p[valueStart] == Self.cr || p[valueStart] == Self.lf {
                valueStart += 1
            }
            var valueEnd = lineEnd
            while valueEnd > valueStart, ByteClass.isWSP(p[valueEnd - 1]) || p[valueEnd - 1] == Self.cr || p[valueEnd - 1] == Self.lf {
                valueEnd -= 1
            }
            // A fold that only carried whitespace at either end was trimmed away; keep the flag only if one is inside.
            let hasCR = folded && UnsafeBufferPointer(rebasing: p[valueStart..<valueEnd]).contains(Self.cr)
            let id = SIPHeaderName.lookupID(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd])))
            // The first Content-Length is not counted: the serialiser adds one when it is missing, and a message
            // accepted at the limit must still parse once serialised.
            if id != contentLengthID || contentLength != nil {
                counted += 1
                guard counted <= limits.maxHeaderCount else {
                    throw SIPParseError(.limitExceeded, "more than \(limits.maxHeaderCount) header lines", offset: nameStart)
                }
            }
            entries.append(
                SIPHeaderFields.Entry(
                    id: id, folded: hasCR, nameStart: Int32(nameStart), nameEnd: Int32(nameEnd),
                    valueStart: Int32(valueStart), valueEnd: Int32(valueEnd)))
            if id == contentLengthID {
                let v = try parseContentLength(p, valueStart, valueEnd, hasCR)
                if let previous = contentLength, previous != v {
                    throw SIPParseError(
                        .malformedValue, "two Content-Length values disagree (\(previous) and \(v))", header: "Content-Length",
                        offset: valueStart)
                }
                contentLength = v
            }
        }
    }

    private func headerTooLong(_ p: UnsafeBufferPointer<UInt8>, _ nameStart: Int, _ nameEnd: Int) -> SIPParseError {
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd]), as: UTF8.self)
        return SIPParseError(.limitExceeded, "header longer than \(limits.maxHeaderLength) bytes", header: name, offset: nameStart)
    }

    /// Content-Length = 1*DIGIT (RFC 3261 §20.14); leading zeros allowed, folded whitespace tolerated.
    private func parseContentLength(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ folded: Bool) throws(SIPParseError) -> Int {
        var v = 0
        var digits = 0
        for k in s..<e {
            let c = p[k]
            if ByteClass.isDigit(c) {
                digits += 1
                v = v * 10 + Int(c &- 0x30)
                if v > limits.maxMessageSize {
                    throw SIPParseError(
                        .limitExceeded, "Content-Length exceeds the message size limit of \(limits.maxMessageSize)",
                        header: "Content-Length", offset: s)
                }
            } else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                let why = c == UInt8(ascii: "-") ? "must not be negative" : "is not a number"
                throw SIPParseError(.malformedValue, "'\(text)' \(why)", header: "Content-Length", offset: k)
            }
        }
        guard digits > 0 else {
            throw SIPParseError(.malformedValue, "empty value", header: "Content-Length", offset: s)
        }
        return v
    }
}
