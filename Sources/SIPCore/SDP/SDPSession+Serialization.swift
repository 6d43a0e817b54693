// MARK: - Serialisation (RFC 4566 §5: fixed line order, CRLF)

extension SDPSession {
    /// The description as text, each line ending in CRLF, in the order RFC 4566 §5 requires:
    /// `v o s i u e p c b t r z k a`, then each media `m i c b k a`.
    public var description: String {
        var out = ""
        func line(_ type: Character, _ value: String) { out += "\(type)=\(value)\r\n" }
        func others(_ lines: [SDPLine], _ types: Set<Character>) {
            for l in lines where types.contains(l.type) { line(l.type, l.value) }
        }
        line("v", "0")
        line("o", origin.description)
        line("s", name.isEmpty ? "-" : name)
        others(otherLines, ["i", "u", "e", "p"])
        if let connection { line("c", connection.description) }
        others(otherLines, ["b"])
        for time in times.isEmpty ? [SDPTime()] : times {
            line("t", "\(time.start) \(time.stop)")
            for r in time.repeats { line("r", r) }
        }
        for l in otherLines where !"iuepb".contains(l.type) { line(l.type, l.value) }
        for a in attributes { line("a", a.description) }
        for m in media {
            let port = "\(m.port)" + (m.portCount.map { "/\($0)" } ?? "")
            line("m", ([m.type, port, m.transport] + m.formats).joined(separator: " "))
            others(m.otherLines, ["i"])
            if let connection = m.connection { line("c", connection.description) }
            for l in m.otherLines where l.type != "i" { line(l.type, l.value) }
            for a in m.attributes { line("a", a.description) }
        }
        return out
    }

    /// The description as UTF-8 bytes, ready for a message body with `Content-Type: application/sdp`.
    public var bytes: [UInt8] { Array(description.utf8) }
}
