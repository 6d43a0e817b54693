/// A transport protocol that SIP runs over (RFC 3261 §18).
public enum SIPTransportKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// UDP: unreliable datagrams; one message per datagram (RFC 3261 §18.1.1).
    case udp
    /// TCP: a reliable byte stream framed by Content-Length (RFC 3261 §18.3).
    case tcp

    /// The name written in a Via header's sent-protocol (`SIP/2.0/UDP`).
    public var viaName: String {
        switch self {
        case .udp: return "UDP"
        case .tcp: return "TCP"
        }
    }

    /// Whether the transport is reliable (RFC 3261 §17: timers A, E and G only run on unreliable transports).
    public var isReliable: Bool { self == .tcp }

    /// The transport named by a Via sent-protocol (`UDP`, `tcp`), or `nil` for one this layer does not carry (TLS, WS, SCTP).
    public init?(viaName: String) {
        switch viaName.uppercased() {
        case "UDP": self = .udp
        case "TCP": self = .tcp
        default: return nil
        }
    }

    public var description: String { viaName }
}
