/// Why the transport layer could not do what was asked.
///
/// A public struct around a private enum (as NIO does), so codes can be added without breaking callers.
public struct SIPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case shutDown, noListener, missingVia, unsupportedTransport, unresolvedHost, connectFailed
            case connectionClosed, invalidAddress
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The transport layer has been shut down.
        public static let shutDown = Code(.shutDown)
        /// No socket listens on the transport and address family a datagram would have to leave from.
        public static let noListener = Code(.noListener)
        /// A response has no (parseable) top Via to route it by (RFC 3261 §18.2.2).
        public static let missingVia = Code(.missingVia)
        /// The Via names a transport this layer does not carry (TLS, WS, SCTP).
        public static let unsupportedTransport = Code(.unsupportedTransport)
        /// The Via sent-by is a host name; resolving it (RFC 3263 §5) is the caller's job.
        public static let unresolvedHost = Code(.unresolvedHost)
        /// A TCP connection could not be opened.
        public static let connectFailed = Code(.connectFailed)
        /// The TCP connection closed before the message was written.
        public static let connectionClosed = Code(.connectionClosed)
        /// A listen address is not an IP address.
        public static let invalidAddress = Code(.invalidAddress)
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, in words.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
