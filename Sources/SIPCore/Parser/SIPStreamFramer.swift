#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts a byte stream (SIP over TCP) into messages (RFC 3261 §18.3): the header section ends at the first empty
/// line, the body is Content-Length bytes. Copes with a message split anywhere and with several messages in one read.
///
/// ```swift
/// var framer = SIPStreamFramer()
/// framer.append(bytesFromSocket)
/// while let frame = try framer.next() { handle(frame) }
/// ```
/// After an error the stream cannot be resynchronised; the transport answers `400` if it can and closes it.
public struct SIPStreamFramer: Sendable {
    /// What the stream carried.
    public enum Frame: Hashable, Sendable {
        /// A whole message.
        case message(SIPMessage)
        /// A CRLFCRLF keep-alive ping (RFC 5626 §3.5.1); answer it with a single CRLF pong.
        case keepAlive
    }

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the end of the header section resumes.
    private var scanFrom = 0
    /// The header section already parsed while waiting for the body.
    private var pending: SIPMessageParser.Head?
    /// The parser (and its limits) used for every message.
    public let parser: SIPMessageParser

    /// A framer using `parser`'s limits.
    public init(parser: SIPMessageParser = SIPMessageParser()) { self.parser = parser }

    /// Bytes received and not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or `nil` when more bytes are needed.
    public mutating func next() throws(SIPParseError) -> Frame? {
        if pending == nil {
            // RFC 5626 §3.5.1: CRLFCRLF is a ping; a lone CRLF (a pong, or noise before a start line, RFC 3261 §7.5) is skipped.
            while buffer.count - readIndex >= 2, buffer[readIndex] == 0x0D, buffer[readIndex + 1] == 0x0A {
                if buffer.count - readIndex >= 4, buffer[readIndex + 2] == 0x0D, buffer[readIndex + 3] == 0x0A {
                    consume(upTo: readIndex + 4)
                    return .keepAlive
                }
                if buffer.count - readIndex < 4 { return nil }  // could still become a ping
                consume(upTo: readIndex + 2)
            }
            guard let end = findEndOfHeaders() else {
                scanFrom = Swift.max(readIndex, buffer.count - 3)
                if buffer.count - readIndex > parser.limits.maxMessageSize {
                    throw SIPParseError(.limitExceeded, "no end of header section within \(parser.limits.maxMessageSize) bytes")
                }
                return nil
            }
            let head: SIPMessageParser.Head?
            do {
                head = try parser.parseHead(buffer, from: readIndex, to: end, final: true)
            } catch {
                // Offsets count from the start of the message, not from the start of the framer's buffer.
                var e = error
                e.offset = e.offset.map { $0 - readIndex }
                throw e
            }
            guard let head else { throw SIPParseError(.truncated, "header section could not be delimited") }
            pending = head
        }
        let head = pending!
        let bodyLength = head.contentLength ?? 0  // a stream message without Content-Length has no body (§18.3 requires it)
        let messageEnd = head.headerEnd + bodyLength
        if messageEnd - readIndex > parser.limits.maxMessageSize {
            throw SIPParseError(.limitExceeded, "message of \(messageEnd - readIndex) bytes exceeds the limit of \(parser.limits.maxMessageSize)")
        }
        guard buffer.count >= messageEnd else { return nil }
        // Give the message its own storage, with the header offsets moved to it.
        let storage = Array(buffer[readIndex..<messageEnd])
        var rebased = head
        let shift = Int32(readIndex)
        for k in rebased.entries.indices {
            rebased.entries[k].nameStart -= shift
            rebased.entries[k].nameEnd -= shift
            rebased.entries[k].valueStart -= shift
            rebased.entries[k].valueEnd -= shift
        }
        rebased.headerEnd -= readIndex
        let message = parser.makeMessage(rebased, storage, body: rebased.headerEnd..<(rebased.headerEnd + bodyLength))
        pending = nil
        consume(upTo: messageEnd)
        return .message(message)
    }

    private mutating func consume(upTo index: Int) {
        readIndex = index
        scanFrom = index
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
            scanFrom = 0
        } else if readIndex > 65_536 && readIndex > buffer.count / 2 {
            buffer.removeFirst(readIndex)
            readIndex = 0
            scanFrom = 0
        }
    }

    /// Index just past the first CRLFCRLF at or after `scanFrom`.
    private func findEndOfHeaders() -> Int? {
        buffer.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var i = Swift.max(scanFrom, readIndex)
            while i + 3 < p.count {
                guard let hit = memchr(base + i, 0x0D, p.count - i) else { return nil }
                let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if k + 3 < p.count {
                    if p[k + 1] == 0x0A && p[k + 2] == 0x0D && p[k + 3] == 0x0A { return k + 4 }
                } else {
                    return nil
                }
                i = k + 1
            }
            return nil
        }
    }
}
