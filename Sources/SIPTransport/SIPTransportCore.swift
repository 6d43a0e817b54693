import Logging
import NIOCore
import SIPCore

/// The state shared by a ``SIPTransportLayer`` and its channel handlers: sockets, connections, counters and
/// the inbound stream. Every mutable part sits behind one lock, so event loop threads reach it without a hop.
final class SIPTransportCore: Sendable {
    struct State {
        var isShutDown = false
        /// Listening UDP sockets with their addresses; datagrams leave from the one of the destination's family.
        var udpSockets: [(address: SocketAddress, channel: any Channel)] = []
        var tcpServers: [any Channel] = []
        var bound: [SIPBoundAddress] = []
        var connections: [SIPConnectionID: any Channel] = [:]
        var connectionByRemote: [SocketAddress: SIPConnectionID] = [:]
        /// Connections being opened, so that two sends to one peer share one connection.
        var pendingConnects: [SocketAddress: EventLoopFuture<SIPTransportLayer.Connected>] = [:]
        /// Sent-by hosts (canonical IPs, lower-cased names) and ports that are ours (RFC 3261 §18.1.2).
        var ourHosts: Set<String> = []
        var ourPorts: Set<Int> = []
        var nextConnectionID: UInt64 = 0
        var counters = SIPTransportCounters()
    }

    let configuration: SIPTransportLayer.Configuration
    let logger: Logger
    let parser: SIPMessageParser
    let state: Locked<State>
    private let continuation: AsyncStream<SIPInboundMessage>.Continuation

    init(configuration: SIPTransportLayer.Configuration, logger: Logger, continuation: AsyncStream<SIPInboundMessage>.Continuation) {
        self.configuration = configuration
        self.logger = logger
        self.parser = SIPMessageParser(limits: configuration.parserLimits)
        self.continuation = continuation
        var initial = State()
        initial.ourHosts = Set(configuration.advertisedHosts.map { SIPTransportCore.hostKey($0) })
        self.state = Locked(initial)
    }

    func count(_ update: (inout SIPTransportCounters) -> Void) {
        state.withLock { update(&$0.counters) }
    }

    func finishInbound() { continuation.finish() }

    // MARK: Receiving

    /// Checks a well-formed message and hands it to the inbound stream.
    func receive(_ message: SIPMessage, transport: SIPTransportKind, source: SocketAddress, local: SocketAddress, connection: SIPConnectionID?) {
        var message = message
        let top: SIPVia?
        do { top = try message.headerFields.topVia } catch {
            drop("top Via does not parse", source: source, transport: transport, error: "\(error)")
            return
        }
        guard let top else {
            drop("no Via", source: source, transport: transport, error: nil)
            return
        }
        switch message {
        case .request:
            // RFC 3261 §18.2.1, RFC 3581 §4.
            if let stamped = top.stamped(source: source) { message.headerFields.replaceTopVia(with: stamped) }
        case .response:
            // RFC 3261 §18.1.2: a response whose top Via is not ours is silently discarded.
            guard isOurs(top) else {
                drop("response Via sent-by is not ours", source: source, transport: transport, error: "\(top.host):\(top.port ?? 5060)")
                return
            }
        }
        let inbound = SIPInboundMessage(message: message, transport: transport, source: source, local: local, connection: connection)
        switch continuation.yield(inbound) {
        case .enqueued: count { $0.messagesReceived += 1 }
        case .dropped: drop("inbound buffer full", source: source, transport: transport, error: nil)
        case .terminated: drop("transport shut down", source: source, transport: transport, error: nil)
        @unknown default: drop("inbound stream refused it", source: source, transport: transport, error: nil)
        }
    }

    /// Counts a parse error and returns the stateless answer to send back, if the bytes are an answerable request.
    func answerMalformed(_ bytes: [UInt8], error: SIPParseError, transport: SIPTransportKind, source: SocketAddress, local: SocketAddress)
        -> SIPResponse?
    {
        let answer = SIPMalformedRequestAnswer.response(to: bytes, error: error, source: source, warnAgent: warnAgent(local: local))
        count {
            $0.parseErrors += 1
            if answer == nil { $0.dropped += 1 }
        }
        logger.debug(
            "Malformed SIP message",
            metadata: [
                "sip.transport": "\(transport)", "sip.remote": "\(source)", "sip.error": "\(error)",
                "sip.answered": "\(answer.map { String($0.status.code) } ?? "no")",
            ])
        return answer
    }

    /// Whether a Via sent-by names this transport layer (RFC 3261 §18.1.2).
    func isOurs(_ via: SIPVia) -> Bool {
        let port = via.port.map(Int.init) ?? SIPVia.defaultPort
        let key = via.host.canonicalIP ?? SIPTransportCore.hostKey(via.host.address)
        return state.withLock { $0.ourHosts.contains(key) && $0.ourPorts.contains(port) }
    }

    func drop(_ why: String, source: SocketAddress, transport: SIPTransportKind, error: String?) {
        count { $0.dropped += 1 }
        var metadata: Logger.Metadata = ["sip.transport": "\(transport)", "sip.remote": "\(source)", "sip.drop_reason": "\(why)"]
        if let error { metadata["sip.error"] = "\(error)" }
        logger.debug("Dropped inbound SIP message", metadata: metadata)
    }

    /// The warn-agent of a `Warning: 399` header (RFC 3261 §20.43): an advertised host, else the local address.
    func warnAgent(local: SocketAddress) -> String {
        if let host = configuration.advertisedHosts.first { return host }
        return local.isWildcard ? "callpark" : local.sentBy
    }

    static func hostKey(_ host: String) -> String {
        (try? SIPHost(parsing: host, allowBareIPv6: true))?.canonicalIP ?? host.lowercased()
    }

    // MARK: Connections

    func makeConnectionID() -> SIPConnectionID {
        state.withLock {
            $0.nextConnectionID += 1
            return SIPConnectionID(rawValue: $0.nextConnectionID)
        }
    }

    /// Records an open connection; `false` when the layer is shut down (the caller closes it).
    func register(_ channel: any Channel, id: SIPConnectionID, remote: SocketAddress, accepted: Bool) -> Bool {
        let registered = state.withLock { s -> Bool in
            guard !s.isShutDown else { return false }
            // Called when the connect completes and again from channelActive: count once.
            guard s.connections[id] == nil else { return true }
            s.connections[id] = channel
            // Prefer the connection we opened when both ends opened one (RFC 5923 §5 style reuse).
            if !accepted || s.connectionByRemote[remote] == nil { s.connectionByRemote[remote] = id }
            if accepted { s.counters.connectionsAccepted += 1 } else { s.counters.connectionsOpened += 1 }
            s.counters.openConnections += 1
            return true
        }
        logger.debug(
            "SIP connection open",
            metadata: ["sip.transport": "TCP", "sip.remote": "\(remote)", "sip.connection": "\(id)", "sip.accepted": "\(accepted)"])
        return registered
    }

    func unregister(id: SIPConnectionID, remote: SocketAddress?) {
        let removed = state.withLock { s -> Bool in
            guard s.connections.removeValue(forKey: id) != nil else { return false }
            if let remote, s.connectionByRemote[remote] == id { s.connectionByRemote[remote] = nil }
            s.counters.openConnections -= 1
            return true
        }
        if removed {
            logger.debug(
                "SIP connection closed",
                metadata: ["sip.transport": "TCP", "sip.remote": "\(remote.map { "\($0)" } ?? "?")", "sip.connection": "\(id)"])
        }
    }
}
