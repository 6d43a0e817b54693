/// Reads one line after another and collects the session's parts.
struct SDPLineParser {
    var origin: SDPOrigin?
    var name: String?
    var connection: SDPAddress?
    var times: [SDPTime] = []
    var attributes: [SDPAttribute] = []
    var otherLines: [SDPLine] = []
    var media: [SDPMedia] = []

    mutating func read(_ raw: ArraySlice<UInt8>, line: Int) throws(SDPParseError) {
        guard !raw.isEmpty else { throw SDPParseError(line: line, reason: "empty line") }
        guard raw.count >= 2, ByteClass.isAlpha(raw[raw.startIndex]), raw[raw.startIndex + 1] == UInt8(ascii: "=") else {
            let text = String(decoding: raw.prefix(40), as: UTF8.self)
            throw SDPParseError(line: line, reason: "expected '<letter>=<value>', found '\(text)'")
        }
        let type = Character(Unicode.Scalar(raw[raw.startIndex]))
        let value = Substring(String(decoding: raw.dropFirst(2), as: UTF8.self))

        // RFC 4566 §5: v= first, o= second.
        if line == 1 {
            guard type == "v" else { throw SDPParseError(line: line, reason: "the description must start with v=0") }
            guard value == "0" else { throw SDPParseError(line: line, reason: "unsupported SDP version '\(value)'") }
            return
        }
        if line == 2 {
            guard type == "o" else { throw SDPParseError(line: line, reason: "expected the o= line after v=, found \(type)=") }
            origin = try SDPOrigin.parse(value, line: line)
            return
        }
        if media.isEmpty {
            try readSessionLine(type, value, line: line)
        } else {
            try readMediaLine(type, value, line: line)
        }
    }

    mutating func readSessionLine(_ type: Character, _ value: Substring, line: Int) throws(SDPParseError) {
        switch type {
        case "v", "o":
            throw SDPParseError(line: line, reason: "a second \(type)= line")
        case "s":
            guard name == nil else { throw SDPParseError(line: line, reason: "a second s= line") }
            name = String(value)
        case "c":
            guard connection == nil else { throw SDPParseError(line: line, reason: "a second session-level c= line") }
            connection = try SDPAddress.parse(value, line: line, "c=")
        case "t":
            let f = value.split(separator: " ")
            guard f.count == 2, let start = UInt64(f[0]), let stop = UInt64(f[1]) else {
                throw SDPParseError(line: line, reason: "t= must be '<start time> <stop time>', not '\(value)'")
            }
            times.append(SDPTime(start: start, stop: stop))
        case "r":
            guard !times.isEmpty else { throw SDPParseError(line: line, reason: "r= before any t= line") }
            times[times.count - 1].repeats.append(String(value))
        case "a":
            attributes.append(try Self.attribute(value, line: line))
        case "m":
            media.append(try Self.mediaLine(value, line: line))
        default:
            otherLines.append(SDPLine(type: type, value: String(value)))
        }
    }

    mutating func readMediaLine(_ type: Character, _ value: Substring, line: Int) throws(SDPParseError) {
        let k = media.count - 1
        switch type {
        case "m":
            media.append(try Self.mediaLine(value, line: line))
        case "c":
            let address = try SDPAddress.parse(value, line: line, "c=")
            if media[k].connection == nil {
                media[k].connection = address
            } else {
                media[k].otherLines.append(SDPLine(type: type, value: String(value)))
            }
        case "a":
            media[k].attributes.append(try Self.attribute(value, line: line))
        case "v", "o", "s", "t", "r", "z", "u", "e", "p":
            throw SDPParseError(line: line, reason: "\(type)= is not allowed after the first m= line")
        default:
            media[k].otherLines.append(SDPLine(type: type, value: String(value)))
        }
    }

    /// An `a=` line; `rtpmap` values are checked because codec negotiation relies on them.
    static func attribute(_ value: Substring, line: Int) throws(SDPParseError) -> SDPAttribute {
        let attribute = SDPAttribute(parsing: value)
        guard !attribute.name.isEmpty else { throw SDPParseError(line: line, reason: "a= without an attribute name") }
        if attribute.name == "rtpmap" { _ = try SDPCodec.parse(rtpmap: attribute.value ?? "", line: line) }
        return attribute
    }

    /// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` (RFC 4566 §5.14).
    static func mediaLine(_ value: Substring, line: Int) throws(SDPParseError) -> SDPMedia {
        let f = value.split(separator: " ")
        guard f.count >= 4 else {
            throw SDPParseError(line: line, reason: "m= must be '<media> <port> <proto> <fmt> ...', not '\(value)'")
        }
        let portField = f[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard portField[0].utf8.allSatisfy(ByteClass.isDigit), let port = UInt16(portField[0]) else {
            throw SDPParseError(line: line, reason: "m= port '\(portField[0])' is not a number from 0 to 65535")
        }
        var count: Int?
        if portField.count == 2 {
            guard let n = Int(portField[1]), n > 0 else {
                throw SDPParseError(line: line, reason: "m= number of ports '\(portField[1])' is not a positive number")
            }
            count = n
        }
        return SDPMedia(type: String(f[0]), port: port, portCount: count, transport: String(f[2]), formats: f[3...].map(String.init))
    }
}
