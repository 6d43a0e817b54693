// MARK: - Parsing (RFC 4566 §5)

extension SDPSession {
    /// Parses a session description from text.
    public init(_ text: String) throws(SDPParseError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Parses a session description from a message body.
    ///
    /// Lines end in CRLF or, leniently, LF alone (RFC 4566 §5); blank lines at the end are ignored. The first line
    /// must be `v=0` and the second `o=`; a missing `s=` or `t=` is tolerated (older endpoints omit them) and
    /// written back. Each line is `<letter>=<value>`; `c=`, `t=`, `m=` and `a=rtpmap` values are checked.
    public init(bytes: some Collection<UInt8>) throws(SDPParseError) {
        var lines = Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw SDPParseError(line: 1, reason: "the description is empty") }

        var parser = SDPLineParser()
        for (k, raw) in lines.enumerated() {
            try parser.read(raw, line: k + 1)
        }
        guard let origin = parser.origin else {
            throw SDPParseError(line: lines.count, reason: "the description has no o= line")
        }
        self.init(
            origin: origin, name: parser.name ?? "-", connection: parser.connection, times: parser.times,
            attributes: parser.attributes, otherLines: parser.otherLines, media: parser.media)
    }
}
