/// What `callpark sip check` does with one file: parse it as one datagram (RFC 3261 §18.3) and validate every
/// known header. Kept here so that tests and the command share it.
public enum SIPMessageCheck {
    /// The verdict on one message.
    public enum Verdict: Equatable, Sendable {
        /// Parses and validates.
        case valid(SIPMessage)
        /// Does not; the error says why and where.
        case invalid(SIPParseError)

        /// `valid` or `invalid: <reason>`.
        public var line: String {
            switch self {
            case .valid: return "valid"
            case .invalid(let e): return "invalid: \(e)"
            }
        }
    }

    /// Checks raw bytes; with `lineFeedsAsCRLF`, every bare LF is read as CRLF first (files saved by editors).
    public static func check(_ bytes: [UInt8], lineFeedsAsCRLF: Bool = false, parser: SIPMessageParser = SIPMessageParser()) -> Verdict {
        let input = lineFeedsAsCRLF ? crlfNormalized(bytes) : bytes
        do {
            let message = try parser.parse(input)
            try message.validate()
            return .valid(message)
        } catch {
            return .invalid(error)
        }
    }

    /// Replaces each LF not preceded by CR with CRLF.
    public static func crlfNormalized(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(b)
            previous = b
        }
        return out
    }
}
