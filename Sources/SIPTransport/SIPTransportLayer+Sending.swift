import NIOCore
import NIOPosix
import SIPCore

extension SIPTransportLayer {
    /// An open TCP connection and its identifier.
    struct Connected: Sendable {
        let channel: any Channel
        let id: SIPConnectionID
    }

    /// Sends a message and returns where it actually went (with the TCP connection used).
    ///
    /// - UDP leaves from the listening socket of the destination's address family, so the source port is the
    ///   one written in Via (RFC 3261 §18.1.1); the datagram is written and flushed at once.
    /// - TCP uses `destination.connection` while it is open, else an open connection to the same address
    ///   (connection reuse), else opens one. A failed connect is thrown.
    /// - RFC 3261 §18.1.1: a request larger than ``Configuration/udpSizeThreshold`` bound for UDP goes over
    ///   TCP to the same address, with its top Via changed to TCP, unless `allowTCPSwitch` is `false`; when that
    ///   connection cannot be made (a phone listening on UDP only), it goes over UDP as it was (§18.1.1: "SHOULD
    ///   retry the request, this time using UDP").
    @discardableResult
    public func send(_ message: SIPMessage, to destination: SIPDestination, allowTCPSwitch: Bool = true) async throws -> SIPDestination {
        let (bytes, target) = prepare(message, to: destination, allowTCPSwitch: allowTCPSwitch)
        do {
            return try await write(bytes, to: target)
        } catch  where target.transport == .tcp && destination.transport == .udp {
            return try await retryOverUDP(message, to: destination, after: error)
        }
    }

    /// §18.1.1: the TCP attempt for a large request failed; the request goes over UDP, its Via unchanged.
    private func retryOverUDP(_ message: SIPMessage, to destination: SIPDestination, after error: any Error) async throws -> SIPDestination {
        core.logger.debug(
            "TCP for a large request failed; sending it over UDP",
            metadata: ["sip.remote": "\(destination.address)", "sip.error": "\(error)"])
        return try await write(message.serialized, to: destination)
    }

    /// Sends many messages; the UDP ones are written to each socket and flushed once, so NIO hands them to the
    /// kernel in one `sendmmsg` call. TCP ones (and oversized requests, §18.1.1) are sent one by one.
    /// Every message is attempted; the first error is thrown at the end.
    public func send(batch: [(message: SIPMessage, destination: SIPDestination)], allowTCPSwitch: Bool = true) async throws {
        var udp: [ObjectIdentifier: (channel: any Channel, datagrams: [AddressedEnvelope<ByteBuffer>])] = [:]
        var firstError: (any Error)?
        for (message, destination) in batch {
            let (bytes, target) = prepare(message, to: destination, allowTCPSwitch: allowTCPSwitch)
            if target.transport == .tcp {
                do {
                    try await write(bytes, to: target)
                } catch  where destination.transport == .udp {
                    do { _ = try await retryOverUDP(message, to: destination, after: error) } catch { firstError = firstError ?? error }
                } catch {
                    firstError = firstError ?? error
                }
                continue
            }
            do {
                let channel = try udpChannel(for: target.address)
                let envelope = AddressedEnvelope(remoteAddress: target.address, data: channel.allocator.buffer(bytes: bytes))
                udp[ObjectIdentifier(channel), default: (channel, [])].datagrams.append(envelope)
            } catch {
                firstError = firstError ?? error
            }
        }
        for (channel, datagrams) in udp.values {
            do {
                try await DatagramBatch.writeAndFlush(datagrams, on: channel).get()
                core.count { $0.messagesSent += datagrams.count }
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    /// Sends a response where its top Via says (RFC 3261 §18.2.2): on `connection` while it is open (TCP),
    /// else to `received` (or the sent-by host) at `rport` (UDP, RFC 3581 §4) or the sent-by port, default 5060.
    /// A sent-by host name with no `received` throws ``SIPTransportError/Code/unresolvedHost`` (RFC 3263 §5 is
    /// the caller's job).
    @discardableResult
    public func sendResponse(_ response: SIPResponse, connection: SIPConnectionID? = nil) async throws -> SIPDestination {
        guard let via = try? response.headerFields.topVia else {
            throw SIPTransportError(.missingVia, "response \(response.status) has no top Via that parses")
        }
        let target = try via.responseTarget()
        guard let address = target.host.socketAddress(port: target.port) else {
            throw SIPTransportError(.unresolvedHost, "Via sent-by '\(target.host)' is not an IP address and has no received parameter")
        }
        let destination = SIPDestination(transport: target.transport, address: address, connection: target.transport == .tcp ? connection : nil)
        return try await send(.response(response), to: destination)
    }

    // MARK: Sending without suspending

    /// Sends `message` at once when it goes over UDP (after the §18.1.1 size check): the datagram is written and
    /// flushed on its socket without a task switch — inline when the caller runs on the socket's event loop, as
    /// ``SIPEndpoint`` does. Returns `false`, sending nothing, when it must go over TCP (the caller then uses
    /// ``send(_:to:allowTCPSwitch:)``). `failed` is called, on the socket's event loop, if the write fails.
    public func sendImmediately(
        _ message: SIPMessage, to destination: SIPDestination, failed: @escaping @Sendable (any Error) -> Void
    ) -> Bool {
        guard destination.transport == .udp else { return false }
        let (bytes, target) = prepare(message, to: destination, allowTCPSwitch: true)
        guard target.transport == .udp, let channel = try? udpChannel(for: target.address) else { return false }
        let envelope = AddressedEnvelope(remoteAddress: target.address, data: channel.allocator.buffer(bytes: bytes))
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure(failed)
        channel.writeAndFlush(envelope, promise: promise)
        core.count { $0.messagesSent += 1 }
        return true
    }

    /// ``sendImmediately(_:to:failed:)`` for a response routed by its top Via (§18.2.2) when that says UDP.
    public func sendResponseImmediately(_ response: SIPResponse, failed: @escaping @Sendable (any Error) -> Void) -> Bool {
        guard let via = try? response.headerFields.topVia, let target = try? via.responseTarget(), target.transport == .udp,
            let address = target.host.socketAddress(port: target.port)
        else { return false }
        return sendImmediately(.response(response), to: SIPDestination(transport: .udp, address: address), failed: failed)
    }

    // MARK: Helpers

    /// Writes one serialised message to a destination whose transport is settled.
    @discardableResult
    func write(_ bytes: [UInt8], to target: SIPDestination) async throws -> SIPDestination {
        switch target.transport {
        case .udp:
            let channel = try udpChannel(for: target.address)
            let envelope = AddressedEnvelope(remoteAddress: target.address, data: channel.allocator.buffer(bytes: bytes))
            try await channel.writeAndFlush(envelope).get()
            core.count { $0.messagesSent += 1 }
            return target
        case .tcp:
            let connected = try await connection(for: target)
            do {
                try await connected.channel.writeAndFlush(connected.channel.allocator.buffer(bytes: bytes)).get()
            } catch {
                throw SIPTransportError(.connectionClosed, "\(connected.id) to \(target.address): \(error)")
            }
            core.count { $0.messagesSent += 1 }
            return SIPDestination(transport: .tcp, address: target.address, connection: connected.id)
        }
    }

    /// The bytes to send and where, after the §18.1.1 switch to TCP for large requests.
    func prepare(_ message: SIPMessage, to destination: SIPDestination, allowTCPSwitch: Bool) -> ([UInt8], SIPDestination) {
        let bytes = message.serialized
        guard allowTCPSwitch, destination.transport == .udp, case .request(var request) = message,
            bytes.count > core.configuration.udpSizeThreshold, var via = try? request.headerFields.topVia
        else { return (bytes, destination) }
        via.transport = "TCP"
        // Responses that cannot use the connection come to our TCP listener, so sent-by names its port.
        let ours = boundAddresses
        if let udp = ours.first(where: { $0.transport == .udp && $0.port == Int(via.port ?? 5060) }),
            let tcp = ours.first(where: { $0.transport == .tcp && $0.address.protocol == udp.address.protocol })
        {
            via.port = UInt16(tcp.port)
        }
        request.headerFields.replaceTopVia(with: via)
        core.logger.debug(
            "Request over the UDP size threshold goes over TCP",
            metadata: ["sip.remote": "\(destination.address)", "sip.size": "\(bytes.count)", "sip.method": "\(request.method)"])
        return (SIPMessage.request(request).serialized, SIPDestination(transport: .tcp, address: destination.address))
    }

    /// The listening UDP socket of the address family of `address`.
    func udpChannel(for address: SocketAddress) throws -> any Channel {
        try core.state.withLock { s in
            guard !s.isShutDown else { throw SIPTransportError(.shutDown, "the transport layer is shut down") }
            if let socket = s.udpSockets.first(where: { $0.address.protocol == address.protocol }) { return socket.channel }
            throw SIPTransportError(.noListener, "no UDP socket of the address family of \(address)")
        }
    }

    /// The connection to send on: the one named while open, an open one to the address, one being opened, or a new one.
    func connection(for destination: SIPDestination) async throws -> Connected {
        enum Plan {
            case use(Connected)
            case wait(EventLoopFuture<Connected>)
            case open(SIPConnectionID, EventLoopPromise<Connected>)
        }
        let address = destination.address
        let loop = group.next()
        let plan = try core.state.withLock { s -> Plan in
            guard !s.isShutDown else { throw SIPTransportError(.shutDown, "the transport layer is shut down") }
            for id in [destination.connection, s.connectionByRemote[address]].compactMap({ $0 }) {
                if let channel = s.connections[id], channel.isActive { return .use(Connected(channel: channel, id: id)) }
            }
            if let pending = s.pendingConnects[address] { return .wait(pending) }
            s.nextConnectionID += 1
            let id = SIPConnectionID(rawValue: s.nextConnectionID)
            let promise = loop.makePromise(of: Connected.self)
            s.pendingConnects[address] = promise.futureResult
            return .open(id, promise)
        }
        switch plan {
        case .use(let connected): return connected
        case .wait(let future): return try await future.get()
        case .open(let id, let promise):
            open(id: id, to: address, promise: promise)
            return try await promise.futureResult.get()
        }
    }

    private func open(id: SIPConnectionID, to address: SocketAddress, promise: EventLoopPromise<Connected>) {
        let core = self.core
        ClientBootstrap(group: promise.futureResult.eventLoop)
            .connectTimeout(core.configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SIPTransportLayer.addStreamHandlers(to: channel, core: core, id: id, accepted: false)
                }
            }
            .connect(to: address)
            .whenComplete { result in
                // Runs on the channel's loop before channelActive, so a send right after finds the connection.
                core.state.withLock { $0.pendingConnects[address] = nil }
                switch result {
                case .success(let channel):
                    guard core.register(channel, id: id, remote: address, accepted: false) else {
                        channel.close(promise: nil)
                        promise.fail(SIPTransportError(.shutDown, "the transport layer is shut down"))
                        return
                    }
                    promise.succeed(Connected(channel: channel, id: id))
                case .failure(let error):
                    core.logger.debug(
                        "SIP connection failed", metadata: ["sip.transport": "TCP", "sip.remote": "\(address)", "sip.error": "\(error)"])
                    promise.fail(SIPTransportError(.connectFailed, "TCP connection to \(address) failed: \(error)"))
                }
            }
    }
}
