import NIOCore

/// Identifies one TCP connection of a ``SIPTransportLayer`` (accepted or opened), so that a response or an
/// in-dialog request can go back on it (RFC 3261 §18.2.2).
public struct SIPConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A number unique within one transport layer.
    public let rawValue: UInt64

    /// Creates an identifier.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (lhs: SIPConnectionID, rhs: SIPConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "conn#\(rawValue)" }
}

/// Where to send a message: a transport, a socket address and, for TCP, optionally the connection to use.
public struct SIPDestination: Hashable, Sendable, CustomStringConvertible {
    /// The transport.
    public var transport: SIPTransportKind
    /// The remote socket address.
    public var address: SocketAddress
    /// A TCP connection to prefer while it is open; the address is used when it is closed or absent.
    public var connection: SIPConnectionID?

    /// Creates a destination.
    public init(transport: SIPTransportKind, address: SocketAddress, connection: SIPConnectionID? = nil) {
        self.transport = transport
        self.address = address
        self.connection = connection
    }

    /// A UDP destination.
    public static func udp(_ address: SocketAddress) -> SIPDestination {
        SIPDestination(transport: .udp, address: address)
    }

    /// A TCP destination, optionally on a given connection.
    public static func tcp(_ address: SocketAddress, connection: SIPConnectionID? = nil) -> SIPDestination {
        SIPDestination(transport: .tcp, address: address, connection: connection)
    }

    public var description: String {
        "\(transport) \(address)" + (connection.map { " \($0)" } ?? "")
    }
}
