/// A typed header value that parses itself from bytes.
///
/// `parse(_:)` reads one value (one element of a comma-separated list header) and stops before a `,` or the end;
/// typed header access runs it directly on the received bytes, without building an intermediate string.
protocol SIPHeaderValue {
    /// Parses one value at the scanner's position.
    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> Self
}

extension SIPHeaderValue {
    /// Parses a whole text as exactly one value.
    static func parseWhole(_ text: String) throws(SIPParseError) -> Self {
        try text.withSIPBytes { (buf) throws(SIPParseError) -> Self in
            var s = ByteScanner(buf)
            s.skipWSP()
            let v = try parse(&s)
            try s.expectEnd("the value")
            return v
        }
    }
}

extension ByteScanner {
    /// Whether the scanner is at the end of a list element: the end, or `,` after optional whitespace.
    mutating func atElementEnd() -> Bool {
        skipWSP()
        return atEnd || p[i] == UInt8(ascii: ",")
    }

    /// Throws unless the scanner is at the end of a list element.
    mutating func expectElementEnd(_ what: String) throws(SIPParseError) {
        guard atElementEnd() else { throw error("unexpected \(describeNext()) after \(what)") }
    }
}
