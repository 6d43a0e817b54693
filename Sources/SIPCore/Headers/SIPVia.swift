/// One Via entry: `SIP/2.0/UDP host:port;branch=…;received=…;rport` (RFC 3261 §20.42, RFC 3581).
public struct SIPVia: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// Protocol name, normally `SIP`.
    public var protocolName: String
    /// Protocol version, normally `2.0`.
    public var protocolVersion: String
    /// Transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or any token), upper-cased as written.
    public var transport: String
    /// The sent-by host.
    public var host: SIPHost
    /// The sent-by port.
    public var port: UInt16?
    /// Via parameters in order, values as written.
    public var parameters: SIPParameters

    /// Creates a Via entry.
    public init(transport: String, host: SIPHost, port: UInt16? = nil, parameters: SIPParameters = SIPParameters()) {
        self.protocolName = "SIP"
        self.protocolVersion = "2.0"
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    /// Parses one via-parm.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPVia.parseWhole(text)
    }

    /// The `branch` parameter (RFC 3261 §8.1.1.7).
    public var branch: String? {
        get { parameters.value("branch") }
        set { parameters["branch"] = newValue.map { .some($0) } }
    }

    /// The `received` parameter (RFC 3261 §18.2.1).
    public var received: String? { parameters.value("received") }

    /// The `rport` parameter (RFC 3581 §4): `.some(nil)` when requested without value, `.some(port)` when filled in.
    public var rport: UInt16?? {
        guard let v = parameters["rport"] else { return nil }
        guard let text = v else { return .some(nil) }
        return .some(UInt16(text))
    }

    /// Whether the branch carries the RFC 3261 magic cookie `z9hG4bK` (§8.1.1.7).
    public var hasMagicCookie: Bool { branch?.hasPrefix("z9hG4bK") ?? false }

    public var description: String {
        var s = "\(protocolName)/\(protocolVersion)/\(transport) \(host)"
        if let port { s += ":\(port)" }
        return s + parameters.serialized
    }

    /// via-parm = sent-protocol LWS sent-by *( SEMI via-params ); SLASH and COLON allow whitespace around them.
    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPVia {
        s.skipWSP()
        let name = try s.token("protocol name")
        try s.expect(UInt8(ascii: "/"), sws: true, "'/' after the protocol name")
        let version = try s.token("protocol version")
        try s.expect(UInt8(ascii: "/"), sws: true, "'/' after the protocol version")
        let transport = try s.token("transport")
        let beforeSpace = s.i
        s.skipWSP()
        guard s.i > beforeSpace else { throw s.error("expected whitespace between transport and sent-by, found \(s.describeNext())") }
        let host = try SIPHost.scan(&s)
        var port: UInt16?
        if s.consume(UInt8(ascii: ":"), sws: true) {
            port = UInt16(try s.number(max: 65535, "port"))
        }
        let params = try s.headerParameters()
        try s.expectElementEnd("the Via entry")
        var via = SIPVia(transport: transport, host: host, port: port, parameters: params)
        via.protocolName = name
        via.protocolVersion = version
        try via.checkParameters(s)
        return via
    }

    /// via-ttl, via-maddr, via-received, via-branch, response-port (RFC 3261 §25.1, RFC 3581 §6).
    private func checkParameters(_ s: ByteScanner) throws(SIPParseError) {
        for p in parameters {
            let name = p.name.utf8.count <= 8 && p.name.utf8.contains(where: { $0 &- 0x41 < 26 }) ? p.name.lowercased() : p.name
            switch name {
            case "branch":
                guard let v = p.value, v.utf8.allSatisfy(ByteClass.isToken) else {
                    throw s.error("branch parameter must be a token")
                }
            case "received":
                // RFC 5118 §4.5: accept an IPv6 address with or without brackets.
                guard let v = p.value else { throw s.error("received parameter has no value") }
                switch try SIPHost(parsing: v, allowBareIPv6: true) {
                case .ipv4, .ipv6: break
                case .name: throw s.error("received parameter '\(v)' is not an IP address")
                }
            case "rport":
                if let v = p.value {
                    guard let n = Int(v), (1...65535).contains(n) else { throw s.error("rport '\(v)' is not a port number") }
                }
            case "ttl":
                guard let v = p.value, let n = Int(v), (0...255).contains(n) else { throw s.error("ttl must be 0…255") }
            case "maddr":
                guard let v = p.value else { throw s.error("maddr parameter has no value") }
                _ = try SIPHost(parsing: v)
            default:
                break
            }
        }
    }
}
