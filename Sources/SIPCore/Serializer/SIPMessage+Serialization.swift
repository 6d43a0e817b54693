import NIOCore

extension SIPHeaderFields {
    /// Writes `Name: value\r\n` for every field (long names, unfolded values), with every Content-Length line
    /// saying `bodyLength`: kept as written when it already says so, replaced otherwise, added when absent.
    func serialize(into out: inout [UInt8], bodyLength: Int) {
        var wroteLength = false
        for e in entries {
            if e.id == SIPHeaderName.contentLength.id {
                wroteLength = true
                let written = value(of: e)
                let v = Int(written) == bodyLength ? written : String(bodyLength)
                out.append(contentsOf: "Content-Length: ".utf8)
                out.append(contentsOf: v.utf8)
                out.append(0x0D)
                out.append(0x0A)
                continue
            }
            if e.id != 0 {
                out.append(contentsOf: SIPHeaderName.byID[Int(e.id)].canonicalName.utf8)
            } else {
                out.append(contentsOf: storage[Int(e.nameStart)..<Int(e.nameEnd)])
            }
            out.append(UInt8(ascii: ":"))
            out.append(0x20)
            if e.folded {
                out.append(contentsOf: value(of: e).utf8)
            } else {
                out.append(contentsOf: storage[Int(e.valueStart)..<Int(e.valueEnd)])
            }
            out.append(0x0D)
            out.append(0x0A)
        }
        if !wroteLength {
            out.append(contentsOf: "Content-Length: \(bodyLength)\r\n".utf8)
        }
        out.append(0x0D)
        out.append(0x0A)
    }
}

extension SIPRequest {
    /// The request in canonical wire form: `METHOD uri SIP/2.0`, long header names, CRLF line ends, no folding,
    /// Content-Length matching the body.
    public var serialized: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + body.count)
        out.append(contentsOf: method.rawValue.utf8)
        out.append(0x20)
        out.append(contentsOf: uri.description.utf8)
        out.append(contentsOf: " SIP/2.0\r\n".utf8)
        headerFields.serialize(into: &out, bodyLength: body.count)
        out.append(contentsOf: body)
        return out
    }
}

extension SIPResponse {
    /// The response in canonical wire form (see ``SIPRequest/serialized``).
    public var serialized: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + body.count)
        out.append(contentsOf: "SIP/2.0 \(status.code) ".utf8)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(0x0D)
        out.append(0x0A)
        headerFields.serialize(into: &out, bodyLength: body.count)
        out.append(contentsOf: body)
        return out
    }
}

extension SIPMessage {
    /// The message in canonical wire form.
    public var serialized: [UInt8] {
        switch self {
        case .request(let r): return r.serialized
        case .response(let r): return r.serialized
        }
    }

    /// Writes the message into a buffer.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeBytes(serialized)
    }
}

extension SIPMessage: CustomStringConvertible {
    /// The wire form as text.
    public var description: String { String(decoding: serialized, as: UTF8.self) }
}
