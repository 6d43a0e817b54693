/// A snapshot of what a ``SIPTransportLayer`` has done since it was created.
public struct SIPTransportCounters: Hashable, Sendable {
    /// Well-formed messages delivered to ``SIPTransportLayer/inbound``.
    public var messagesReceived = 0
    /// Messages written to a socket, stateless error responses included (keep-alive pongs are counted apart).
    public var messagesSent = 0
    /// Messages (datagrams or stream frames) that could not be parsed.
    public var parseErrors = 0
    /// Stateless `400`/`505`/`513` answers to malformed requests.
    public var errorResponsesSent = 0
    /// Input discarded without an answer: malformed messages that could not be answered, requests without a
    /// usable top Via, responses whose Via is not ours (RFC 3261 §18.1.2), messages the inbound buffer had no room for.
    public var dropped = 0
    /// CRLFCRLF keep-alive pings answered on TCP (RFC 5626 §3.5.1).
    public var keepAlivesAnswered = 0
    /// TCP connections accepted from peers.
    public var connectionsAccepted = 0
    /// TCP connections opened to peers.
    public var connectionsOpened = 0
    /// TCP connections open now.
    public var openConnections = 0

    /// All zero.
    public init() {}
}
