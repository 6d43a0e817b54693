import Logging
import NIOCore
import NIOPosix
import SIPCore
import SIPTransaction
import SIPTransport
import ServiceLifecycle

/// A SIP endpoint: the transport, the transaction layer (RFC 3261 §17) and the parts of the UA core every user
/// agent shares (§8, §13: ACK for 2xx, 2xx retransmission, CANCEL). Servers and test agents are built on it.
///
/// The actor runs on one NIO event loop, so transaction timers fire on the actor without a task hop.
/// ```swift
/// let endpoint = SIPEndpoint(configuration: .init(listen: [.udp("127.0.0.1", port: 0)]))
/// let addresses = try await endpoint.start()
/// for await incoming in endpoint.requests { await endpoint.respond(incoming.request.makeResponse(.ok), to: incoming) }
/// ```
public actor SIPEndpoint: Service {
    /// Settings.
    public struct Configuration: Sendable {
        /// Where to listen (port 0 picks a free port).
        public var listen: [SIPListenAddress]
        /// T1, T2, T4 and the timers derived from them.
        public var timers: SIPTimerConfiguration
        /// Transport settings.
        public var transport: SIPTransportLayer.Configuration
        /// Creates a configuration.
        public init(
            listen: [SIPListenAddress], timers: SIPTimerConfiguration = .rfc3261,
            transport: SIPTransportLayer.Configuration = SIPTransportLayer.Configuration()
        ) {
            self.listen = listen
            self.timers = timers
            self.transport = transport
        }
    }

    /// The settings in force.
    public nonisolated let configuration: Configuration
    /// The transport layer.
    public nonisolated let transport: SIPTransportLayer
    /// New requests, 2xx ACKs, cancellations and ACK time-outs, for the application (one consumer).
    public nonisolated let requests: AsyncStream<SIPServerRequest>
    let requestSink: AsyncStream<SIPServerRequest>.Continuation
    /// Messages to send, in the order the transaction layer produced them: one consumer keeps them in order
    /// (a task per send would let a 200 OK overtake the 180 before it).
    let outbox: AsyncStream<Outgoing>.Continuation
    private let outboxStream: AsyncStream<Outgoing>
    private var sender: Task<Void, Never>?
    /// The event loop the endpoint runs on (its actor executor); actors working with it can share it.
    public nonisolated let loop: any EventLoop
    var logger: Logger

    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    var clients: [SIPTransactionKey: ClientTransaction] = [:]
    var servers: [SIPTransactionKey: ServerTransaction] = [:]
    /// 2xx responses being retransmitted until their ACK (§13.3.1.4), by Call-ID and CSeq number.
    var pendingAcks: [AckKey: PendingTwoHundred] = [:]
    /// ACKs sent for 2xx responses, re-sent when the 2xx is retransmitted (§13.2.2.4).
    var sentAcks: [AckKey: (ack: SIPRequest, destination: SIPDestination)] = [:]
    var bound: [SIPBoundAddress] = []

    /// An endpoint; nothing listens until ``start()``.
    public init(
        configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "callpark.sip")
    ) {
        self.configuration = configuration
        self.loop = group.next()
        self.logger = logger
        self.transport = SIPTransportLayer(group: group, configuration: configuration.transport, logger: logger)
        (requests, requestSink) = AsyncStream.makeStream(of: SIPServerRequest.self)
        (outboxStream, outbox) = AsyncStream.makeStream(of: Outgoing.self)
    }

    /// Opens the listening sockets and returns them with their real ports.
    @discardableResult
    public func start() async throws -> [SIPBoundAddress] {
        bound = try await transport.listen(on: configuration.listen)
        let stream = outboxStream
        let transport = self.transport
        sender = Task { [weak self] in
            for await item in stream {
                do {
                    switch item {
                    case .message(let message, let destination, _, _): _ = try await transport.send(message, to: destination)
                    case .response(let response, let connection, _): _ = try await transport.sendResponse(response, connection: connection)
                    }
                } catch {
                    await self?.sendFailed(item, error)
                }
            }
        }
        return bound
    }

    /// Sends a message: over UDP at once (the write goes to the socket's event loop in the order given, no task in
    /// between); over TCP through the outbox, whose one consumer keeps those in order.
    func enqueue(_ item: Outgoing) {
        let failed: @Sendable (any Error) -> Void = { [weak self] error in
            Task { await self?.sendFailed(item, error) }
        }
        switch item {
        case .message(let message, let destination, _, _):
            if transport.sendImmediately(message, to: destination, failed: failed) { return }
        case .response(let response, _, _):
            if transport.sendResponseImmediately(response, failed: failed) { return }
        }
        outbox.yield(item)
    }

    func sendFailed(_ item: Outgoing, _ error: any Error) {
        logger.debug("send failed", metadata: ["error": "\(error)"])
        switch item {
        case .message(_, _, let client?, _): clientTransportFailed(client)
        case .message(_, _, _, let server?): serverTransportFailed(server)
        case .response(_, _, let server?): serverTransportFailed(server)
        default: break
        }
    }

    /// The sockets listened on.
    public var boundAddresses: [SIPBoundAddress] { bound }

    /// Listens (if ``start()`` was not called) and processes received messages until the transport shuts down or
    /// graceful shutdown is triggered (swift-service-lifecycle).
    public func run() async throws {
        if bound.isEmpty { try await start() }
        let stream = transport.inbound
        await withGracefulShutdownHandler {
            for await inbound in stream.cancelOnGracefulShutdown() {
                self.received(inbound)
            }
        } onGracefulShutdown: {
            Task { await self.shutdown() }
        }
    }

    /// Closes the sockets, cancels every timer and ends ``requests``.
    public func shutdown() async {
        for (_, c) in clients { c.timers.values.forEach { $0.cancel() } }
        for (_, s) in servers { s.timers.values.forEach { $0.cancel() } }
        for (_, p) in pendingAcks { p.timer?.cancel() }
        for (_, c) in clients { c.completion?.resume(returning: Self.synthesized(503, "Endpoint shut down", for: c.request)) }
        clients.removeAll()
        servers.removeAll()
        pendingAcks.removeAll()
        requestSink.finish()
        outbox.finish()
        await sender?.value
        await transport.shutdown()
    }

    // MARK: Inbound

    func received(_ inbound: SIPInboundMessage) {
        switch inbound.message {
        case .response(let response): receivedResponse(response)
        case .request(let request): receivedRequest(request, inbound)
        }
    }

    /// A response for a response made here (§8.1.3.5 and Table 3): the reason phrase is informative.
    static func synthesized(_ code: Int, _ reason: String, for request: SIPRequest) -> SIPResponse {
        request.makeResponse(SIPResponseStatus(code: code, reasonPhrase: reason))
    }
}

/// A message waiting in the endpoint's outbox, with the transaction to tell if sending it fails.
enum Outgoing: Sendable {
    /// A request or response to a destination.
    case message(SIPMessage, SIPDestination, client: SIPTransactionKey?, server: SIPTransactionKey?)
    /// A response routed by its Via (RFC 3261 §18.2.2), on `connection` while it is open.
    case response(SIPResponse, SIPConnectionID?, server: SIPTransactionKey?)
}

/// Call-ID and CSeq number: what ties a 2xx to its ACK.
struct AckKey: Hashable, Sendable {
    var callID: String
    var sequence: UInt32

    init?(_ fields: SIPHeaderFields) {
        guard let callID = try? fields.callID, let cseq = try? fields.cSeq else { return nil }
        self.callID = callID
        self.sequence = cseq.sequence
    }
}
