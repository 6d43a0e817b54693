import Logging
import NIOCore
import NIOPosix
import SIPCore

/// SIP over UDP and TCP on SwiftNIO (RFC 3261 §18, RFC 3581, RFC 5626 §3.5.1 keep-alives).
///
/// Received messages come out of one ``inbound`` stream, already checked: requests have `received`/`rport`
/// on their top Via (§18.2.1, RFC 3581 §4), responses whose Via is not ours are gone (§18.1.2), malformed
/// requests were answered statelessly. A transaction layer iterates the stream in its `run()` and sends with
/// ``send(_:to:allowTCPSwitch:)`` and ``sendResponse(_:connection:)``.
///
/// ```swift
/// let transport = SIPTransportLayer(group: MultiThreadedEventLoopGroup.singleton, logger: logger)
/// let bound = try await transport.listen(on: [.udp("0.0.0.0"), .tcp("0.0.0.0")])
/// for await inbound in transport.inbound {
///     guard let request = inbound.message.request else { continue }  // responses: to the client transactions
///     // Copy Via (received/rport already filled in), From, To, Call-ID and CSeq into the response (§8.2.6.2).
///     let response = makeResponse(to: request, status: .ok)
///     try await transport.sendResponse(response, connection: inbound.connection)
/// }
/// await transport.shutdown()
/// ```
///
/// The event loop group belongs to the caller: ``shutdown()`` closes every socket but leaves the group running.
public final class SIPTransportLayer: Sendable {
    /// Messages received, in arrival order per socket. One consumer only (an `AsyncStream`); it finishes on ``shutdown()``.
    ///
    /// A stream rather than a handler closure: the consumer runs in its own task (structured concurrency, a
    /// `Service` in swift-service-lifecycle) and never on an event loop; the buffer is bounded by
    /// ``Configuration/inboundBufferSize`` and what does not fit is dropped and counted, as a full UDP socket would.
    public let inbound: AsyncStream<SIPInboundMessage>
    let core: SIPTransportCore
    let group: any EventLoopGroup

    /// A transport layer on `group` (which the caller shuts down); nothing listens until ``listen(on:)``.
    /// It logs to `logger` (by default the task-local `Logger.current`) at info level and below.
    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, configuration: Configuration = Configuration(),
        logger: Logger = Logger.current
    ) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SIPInboundMessage.self, bufferingPolicy: .bufferingOldest(max(1, configuration.inboundBufferSize)))
        self.inbound = stream
        self.group = group
        self.core = SIPTransportCore(configuration: configuration, logger: logger, continuation: continuation)
    }

    /// The configuration in force.
    public var configuration: Configuration { core.configuration }

    /// The sockets listened on, with the ports the system chose for port 0.
    public var boundAddresses: [SIPBoundAddress] { core.state.withLock { $0.bound } }

    /// What the layer has done so far.
    public var counters: SIPTransportCounters { core.state.withLock { $0.counters } }

    // MARK: Listening

    /// Opens the listening sockets; returns them with their real ports. If one cannot be opened, those opened
    /// by this call are closed again and the error is thrown.
    @discardableResult
    public func listen(on addresses: [SIPListenAddress]) async throws -> [SIPBoundAddress] {
        var opened: [(SIPBoundAddress, any Channel)] = []
        do {
            for address in addresses {
                guard (try? SocketAddress(ipAddress: address.host, port: address.port)) != nil else {
                    throw SIPTransportError(.invalidAddress, "'\(address.host)' is not an IP address")
                }
                let channel = try await address.transport == .udp ? bindUDP(address) : bindTCP(address)
                guard let local = channel.localAddress else {
                    try? await channel.close()
                    throw SIPTransportError(.invalidAddress, "no local address for \(address)")
                }
                opened.append((SIPBoundAddress(transport: address.transport, address: local), channel))
            }
            try record(opened)
        } catch {
            for (_, channel) in opened { try? await channel.close() }
            throw error
        }
        if !opened.isEmpty {
            core.logger.info("SIP transport listening", metadata: ["sip.local": "\(opened.map { $0.0.description }.joined(separator: ", "))"])
        }
        return opened.map(\.0)
    }

    private func record(_ opened: [(SIPBoundAddress, any Channel)]) throws {
        // A wildcard socket answers on every interface address (RFC 3261 §18.1.2 compares sent-by with them).
        var hosts = Set(opened.compactMap { $0.0.address.isWildcard ? nil : $0.0.address.canonicalIP })
        if opened.contains(where: { $0.0.address.isWildcard }) {
            let devices = (try? System.enumerateDevices()) ?? []
            hosts.formUnion(devices.compactMap { $0.address?.canonicalIP })
        }
        try core.state.withLock { s in
            guard !s.isShutDown else { throw SIPTransportError(.shutDown, "the transport layer is shut down") }
            for (bound, channel) in opened {
                s.bound.append(bound)
                s.ourPorts.insert(bound.port)
                switch bound.transport {
                case .udp: s.udpSockets.append((bound.address, channel))
                case .tcp: s.tcpServers.append(channel)
                }
            }
            s.ourHosts.formUnion(hosts)
        }
    }

    private func bindUDP(_ address: SIPListenAddress) async throws -> any Channel {
        let core = self.core
        let slot = core.configuration.udpSlotSize
        var vector = max(1, core.configuration.udpVectorReadCount)
        #if !os(Linux)
            vector = 1  // NIO vector reads (recvmmsg) exist on Linux only
        #endif
        var bootstrap = DatagramBootstrap(group: group)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: slot * vector))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPChannelHandler(core: core, slotSize: slot))
                }
            }
        if vector > 1 { bootstrap = bootstrap.channelOption(.datagramVectorReadMessageCount, value: vector) }
        // On a wildcard socket, IP_PKTINFO tells which local address a datagram was sent to.
        if address.host == "0.0.0.0" || address.host == "::" { bootstrap = bootstrap.channelOption(.receivePacketInfo, value: true) }
        return try await bootstrap.bind(host: address.host, port: address.port).get()
    }

    private func bindTCP(_ address: SIPListenAddress) async throws -> any Channel {
        let core = self.core
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SIPTransportLayer.addStreamHandlers(to: channel, core: core, id: core.makeConnectionID(), accepted: true)
                }
            }
            .bind(host: address.host, port: address.port).get()
    }

    static func addStreamHandlers(to channel: any Channel, core: SIPTransportCore, id: SIPConnectionID, accepted: Bool) throws {
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(ByteToMessageHandler(SIPStreamEventDecoder(parser: core.parser)))
        try sync.addHandler(TCPConnectionHandler(core: core, id: id, accepted: accepted))
    }

    // MARK: Shutdown

    /// Closes every socket and connection, waits until they are closed, and finishes ``inbound``.
    /// Sends and listens after this throw ``SIPTransportError/Code/shutDown``. Calling it again does nothing.
    public func shutdown() async {
        let (channels, pending) = core.state.withLock { s -> ([any Channel], [EventLoopFuture<SIPTransportLayer.Connected>]) in
            guard !s.isShutDown else { return ([], []) }
            s.isShutDown = true
            // Listening sockets first, so nothing new is accepted while connections close.
            return (s.tcpServers + Array(s.connections.values) + s.udpSockets.map(\.channel), Array(s.pendingConnects.values))
        }
        for channel in channels { channel.close(promise: nil) }
        for channel in channels { try? await channel.closeFuture.get() }
        // A connect that completes now finds the layer shut down and closes its channel before answering.
        for future in pending { _ = try? await future.get() }
        core.finishInbound()
        if !channels.isEmpty { core.logger.info("SIP transport shut down", metadata: ["sip.sockets": "\(channels.count)"]) }
    }
}
