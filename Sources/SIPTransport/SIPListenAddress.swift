import NIOCore

/// Where to listen: a transport, an IP address and a port (0 lets the system choose).
public struct SIPListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// The transport.
    public var transport: SIPTransportKind
    /// An IP address to bind to: `127.0.0.1`, `::1`, or a wildcard (`0.0.0.0`, `::`).
    public var host: String
    /// The port; 0 lets the system choose one (read it back from ``SIPTransportLayer/boundAddresses``).
    public var port: Int

    /// Creates a listen address.
    public init(transport: SIPTransportKind, host: String, port: Int = 5060) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    /// A UDP listen address.
    public static func udp(_ host: String, port: Int = 5060) -> SIPListenAddress {
        SIPListenAddress(transport: .udp, host: host, port: port)
    }

    /// A TCP listen address.
    public static func tcp(_ host: String, port: Int = 5060) -> SIPListenAddress {
        SIPListenAddress(transport: .tcp, host: host, port: port)
    }

    public var description: String {
        host.contains(":") ? "\(transport) [\(host)]:\(port)" : "\(transport) \(host):\(port)"
    }
}

/// A socket the transport layer listens on, with the port the system actually chose.
public struct SIPBoundAddress: Hashable, Sendable, CustomStringConvertible {
    /// The transport.
    public var transport: SIPTransportKind
    /// The local socket address.
    public var address: SocketAddress

    /// Creates a bound address.
    public init(transport: SIPTransportKind, address: SocketAddress) {
        self.transport = transport
        self.address = address
    }

    /// The IP address as text (IPv6 without brackets).
    public var host: String { address.ipAddress ?? "" }
    /// The port.
    public var port: Int { address.port ?? 0 }

    /// The sent-by of a Via for this socket: `127.0.0.1:5060` or `[::1]:5060` (RFC 3261 §18.1.1).
    public var sentBy: String { address.protocol == .inet6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { "\(transport) \(sentBy)" }
}
