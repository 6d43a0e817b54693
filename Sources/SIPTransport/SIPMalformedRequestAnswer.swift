import NIOCore
import SIPCore

/// Builds the stateless answer to a request that failed to parse (RFC 3261 §8.2.6.2, §21.4.1, §21.5.6, §21.5.7)
/// from whatever header lines can be salvaged from its bytes.
///
/// The answer needs a top Via that parses (it routes the response, §18.2.2); From, To, Call-ID and CSeq are
/// copied when present and free of control characters. The status is ``SIPParseError/suggestedStatusCode``
/// and the reason phrase is the parse error, made a valid single line (RFC 3261 §25.1 Reason-Phrase); the
/// full text also goes in `Warning: 399 agent "text"` (RFC 3261 §20.43).
enum SIPMalformedRequestAnswer {
    /// Longest reason phrase written, in characters.
    static let reasonLimit = 100
    /// Longest Warning text written, in characters.
    static let warningLimit = 200
    /// Header lines looked at before giving up.
    static let maxLines = 256

    /// The response to send back, or `nil` when the bytes are not a request or have no usable Via.
    static func response(to bytes: [UInt8], error: SIPParseError, source: SocketAddress, warnAgent: String) -> SIPResponse? {
        guard let headerStart = requestLineEnd(bytes) else { return nil }
        let lines = headerLines(bytes, from: headerStart)
        let vias = lines.filter { $0.name == .via }.map(\.value)
        guard let firstLine = vias.first, let topText = SIPHeaderFields.splitList(firstLine).first,
            var top = try? SIPVia(topText)
        else { return nil }
        top = top.stamped(source: source) ?? top

        var fields = SIPHeaderFields()
        fields.append(.via, top.description)
        let firstRest = SIPHeaderFields.splitList(firstLine).dropFirst()
        if !firstRest.isEmpty { fields.append(.via, firstRest.joined(separator: ", ")) }
        for line in vias.dropFirst() where isClean(line) { fields.append(.via, line) }
        for name in [SIPHeaderName.from, .to, .callID, .cSeq] {
            guard var value = lines.first(where: { $0.name == name })?.value, isClean(value), !value.isEmpty else { continue }
            // RFC 3261 §8.2.6.2: add a To tag when the request had none.
            if name == .to, !hasTag(value) { value += ";tag=\(String(UInt32.random(in: 1...UInt32.max), radix: 16))" }
            fields.append(name, value)
        }
        let code = error.suggestedStatusCode
        let reason = reasonPhrase(error.description, fallback: SIPResponseStatus.defaultReason(code))
        fields.append(.warning, "399 \(warnAgent) \"\(warningText(error.description))\"")
        return SIPResponse(status: SIPResponseStatus(code: code, reasonPhrase: reason), headerFields: fields)
    }

    /// Whether the bytes start (after optional CRLFs, RFC 3261 §7.5) with `token SP`, as a Request-Line does
    /// and a Status-Line (`SIP/2.0 …`) does not; returns the index after the first line.
    static func requestLineEnd(_ b: [UInt8]) -> Int? {
        var i = 0
        while i + 1 < b.count, b[i] == 0x0D, b[i + 1] == 0x0A { i += 2 }
        let start = i
        while i < b.count, isTokenByte(b[i]) { i += 1 }
        guard i > start, i < b.count, b[i] == 0x20 else { return nil }
        while i < b.count, b[i] != 0x0A { i += 1 }
        return i < b.count ? i + 1 : nil
    }

    /// `name: value` lines up to the empty line, unfolded, with bare LFs tolerated (the input is known to be broken).
    static func headerLines(_ b: [UInt8], from start: Int) -> [SIPHeaderField] {
        var out: [SIPHeaderField] = []
        var i = start
        while i < b.count, out.count < maxLines {
            var end = i
            while end < b.count, b[end] != 0x0A { end += 1 }
            let next = end + 1
            if end > i, b[end - 1] == 0x0D { end -= 1 }
            if end == i { break }  // the empty line ends the header section
            let line = b[i..<end]
            i = next
            if line.first == 0x20 || line.first == 0x09 {
                // RFC 3261 §7.3.1: a line starting with whitespace continues the previous field.
                if !out.isEmpty { out[out.count - 1].value += " " + trimmed(line) }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                let name = SIPHeaderName(trimmed(line[line.startIndex..<colon]))
            else { continue }
            out.append(SIPHeaderField(name: name, value: trimmed(line[(colon + 1)...])))
        }
        return out
    }

    /// The parse error as a Reason-Phrase: one line, no characters the grammar forbids, at most ``reasonLimit`` characters.
    static func reasonPhrase(_ text: String, fallback: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let c: Character
            switch scalar {
            case "\"": c = "'"
            case "<", "[", "{": c = "("
            case ">", "]", "}": c = ")"
            case "\\", "|", "^", "`", "#", "%": c = "?"
            default: c = scalar.value < 0x20 || scalar.value == 0x7F ? " " : Character(scalar)
            }
            if c == " ", out.last == " " || out.isEmpty { continue }
            out.append(c)
        }
        while out.last == " " { out.removeLast() }
        if out.isEmpty { return fallback }
        if out.count > reasonLimit { out = String(out.prefix(reasonLimit - 1)).trimmingTrailingSpaces + "…" }
        return out
    }

    /// The text of a Warning quoted-string: control characters become spaces, `"` and `\` are escaped (RFC 3261 §25.1).
    static func warningText(_ text: String) -> String {
        var out = ""
        for (n, scalar) in text.unicodeScalars.enumerated() {
            if n >= warningLimit {
                out += "…"
                break
            }
            switch scalar {
            case "\"", "\\": out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
            }
        }
        return out
    }

    // MARK: Helpers

    /// token characters (RFC 3261 §25.1): alphanumerics and `-.!%*_+`'~`.
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-.!%*_+`'~".utf8.contains(c)
        }
    }

    private static func isClean(_ value: String) -> Bool {
        !value.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F || $0 == "\u{FFFD}" }
    }

    private static func hasTag(_ to: String) -> Bool {
        let params = to.lastIndex(of: ">").map { to[$0...] } ?? Substring(to)
        return params.lowercased().contains(";tag=")
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var s = bytes.startIndex
        var e = bytes.endIndex
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
