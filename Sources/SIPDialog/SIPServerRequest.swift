import SIPCore
import SIPTransaction
import SIPTransport

/// A request handed to the application (the transaction user) by ``SIPEndpoint``.
public struct SIPServerRequest: Sendable {
    /// What the application is being told.
    public enum Kind: Hashable, Sendable {
        /// A new request in a new server transaction: answer it with ``SIPEndpoint/respond(_:to:)``.
        case new
        /// An ACK for a 2xx (its own transaction, RFC 3261 §13.2.2.4, §17.1.1.3): nothing to answer.
        case ack
        /// A CANCEL matched this INVITE (RFC 3261 §9.2): the endpoint already answered 200 to the CANCEL and 487 to
        /// the INVITE; the request here is the INVITE.
        case cancelled
        /// No ACK came for a 2xx to this INVITE within 64·T1 (RFC 3261 §13.3.1.4): the application should end the
        /// session (BYE).
        case ackTimeout
    }

    /// The kind of event.
    public var kind: Kind
    /// The request.
    public var request: SIPRequest
    /// Where and how it arrived.
    public var inbound: SIPInboundMessage
    /// Its server transaction, for ``SIPEndpoint/respond(_:to:)``.
    public var transaction: SIPTransactionKey?

    /// Where a response or a request back to the sender should go: its source, on the same transport and connection.
    public var source: SIPDestination { inbound.sourceDestination }
}
