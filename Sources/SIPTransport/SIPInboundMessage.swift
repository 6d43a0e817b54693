import NIOCore
import SIPCore

/// A message received by the transport layer, after the RFC 3261 §18.2.1 / §18.1.2 checks.
///
/// For a request, the top Via already carries `received` and `rport` where RFC 3261 §18.2.1 and RFC 3581 §4
/// ask for them, so a response built by copying the Via headers routes back correctly.
public struct SIPInboundMessage: Sendable {
    /// The message.
    public var message: SIPMessage
    /// The transport it arrived on.
    public var transport: SIPTransportKind
    /// The remote address it came from.
    public var source: SocketAddress
    /// The local address it arrived at (the listening socket for UDP, the connection's local end for TCP).
    public var local: SocketAddress
    /// The TCP connection it arrived on; `nil` for UDP.
    public var connection: SIPConnectionID?

    /// Creates an inbound message.
    public init(
        message: SIPMessage, transport: SIPTransportKind, source: SocketAddress, local: SocketAddress, connection: SIPConnectionID? = nil
    ) {
        self.message = message
        self.transport = transport
        self.source = source
        self.local = local
        self.connection = connection
    }

    /// Where it came from: the same transport, the source address and, for TCP, the same connection.
    public var sourceDestination: SIPDestination {
        SIPDestination(transport: transport, address: source, connection: connection)
    }
}
