/// `CSeq: 4711 INVITE` (RFC 3261 §20.16): a 32-bit sequence number and the request method.
public struct SIPCSeq: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The sequence number, less than 2³¹ when chosen by a UAC (§8.1.1.5), at most 2³²−1 on the wire.
    public var sequence: UInt32
    /// The method.
    public var method: SIPMethod

    /// Creates a CSeq.
    public init(_ sequence: UInt32, _ method: SIPMethod) {
        self.sequence = sequence
        self.method = method
    }

    /// Parses `1*DIGIT LWS Method`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPCSeq.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPCSeq {
        let n = try s.number(max: UInt64(UInt32.max), "sequence number", tooLarge: "does not fit in 32 bits")
        let before = s.i
        s.skipWSP()
        guard s.i > before else { throw s.error("expected whitespace between sequence number and method") }
        let method = try s.token("method")
        return SIPCSeq(UInt32(n), SIPMethod(method))
    }

    public var description: String { "\(sequence) \(method)" }
}
