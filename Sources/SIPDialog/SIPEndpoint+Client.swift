import NIOCore
import SIPCore
import SIPTransaction
import SIPTransport

/// A client transaction and what its driver keeps beside it.
struct ClientTransaction {
    enum Machine {
        case invite(ClientInviteTransaction)
        case nonInvite(ClientNonInviteTransaction)
    }
    var machine: Machine
    var request: SIPRequest
    var destination: SIPDestination
    var timers: [SIPTransactionTimer: Scheduled<Void>] = [:]
    var provisional: (@Sendable (SIPResponse) -> Void)?
    /// 2xx responses after the first final one (forking, retransmissions), for proxies (RFC 6026 §7.2).
    var lateSuccess: (@Sendable (SIPResponse) -> Void)?
    var completion: CheckedContinuation<SIPResponse, Never>?
    /// A CANCEL was asked for before any provisional response: send it when one arrives (RFC 3261 §9.1).
    var cancelPending = false
    /// Whether a provisional response arrived.
    var proceeding = false
}

extension ClientTransaction.Machine {
    /// Feeds one event to whichever machine this is and returns its actions.
    mutating func step(
        _ invite: (inout ClientInviteTransaction) -> [SIPTransactionAction],
        _ nonInvite: (inout ClientNonInviteTransaction) -> [SIPTransactionAction]
    ) -> [SIPTransactionAction] {
        switch self {
        case .invite(var m):
            let actions = invite(&m)
            self = .invite(m)
            return actions
        case .nonInvite(var m):
            let actions = nonInvite(&m)
            self = .nonInvite(m)
            return actions
        }
    }
}

extension SIPEndpoint {
    /// Sends `request` in a new client transaction (RFC 3261 §17.1) and returns its final response.
    ///
    /// A top Via with a new branch (and `rport`, RFC 3581) is added for the transport of `destination`. A time-out
    /// returns a `408` and a transport failure a `503`, made here (§8.1.3.1). Later 2xx responses to an INVITE
    /// (forking, retransmissions) are answered with the ACK given to ``sendACK(_:to:)``.
    public func request(
        _ request: SIPRequest, to destination: SIPDestination, branch: String? = nil,
        provisional: (@Sendable (SIPResponse) -> Void)? = nil, lateSuccess: (@Sendable (SIPResponse) -> Void)? = nil
    ) async -> SIPResponse {
        var request = request
        guard let via = via(for: destination, branch: branch) else {
            return Self.synthesized(503, "No listening socket for \(destination.transport)", for: request)
        }
        request.headerFields.prepend(.via, via)
        if !request.headerFields.contains(.maxForwards) { request.headerFields.append(.maxForwards, "70") }
        return await startClient(request, to: destination, provisional: provisional, lateSuccess: lateSuccess)
    }

    /// Runs a client transaction for a request whose top Via is already set (a CANCEL keeps its INVITE's branch).
    func startClient(
        _ request: SIPRequest, to destination: SIPDestination, provisional: (@Sendable (SIPResponse) -> Void)? = nil,
        lateSuccess: (@Sendable (SIPResponse) -> Void)? = nil
    ) async -> SIPResponse {
        guard let key = try? SIPTransactionKey.client(for: request) else {
            return Self.synthesized(400, "Request lacks CSeq or Via", for: request)
        }
        guard clients[key] == nil else {
            return Self.synthesized(500, "Branch already in use by another transaction", for: request)
        }
        let reliable = destination.transport.isReliable
        var entry = ClientTransaction(
            machine: request.method == .invite
                ? .invite(ClientInviteTransaction(request: request, reliable: reliable, timers: configuration.timers))
                : .nonInvite(ClientNonInviteTransaction(request: request, reliable: reliable, timers: configuration.timers)),
            request: request, destination: destination)
        entry.provisional = provisional
        entry.lateSuccess = lateSuccess
        return await withCheckedContinuation { continuation in
            entry.completion = continuation
            clients[key] = entry
            let actions = clients[key]!.machine.step({ $0.start() }, { $0.start() })
            perform(actions, client: key, request: request)
        }
    }

    /// Sends the ACK for a 2xx to an INVITE (§13.2.2.4): outside any transaction, and again whenever that 2xx is
    /// retransmitted.
    public func sendACK(_ ack: SIPRequest, to destination: SIPDestination) {
        var ack = ack
        if let via = via(for: destination) { ack.headerFields.prepend(.via, via) }
        if !ack.headerFields.contains(.maxForwards) { ack.headerFields.append(.maxForwards, "70") }
        if let key = AckKey(ack.headerFields) { sentAcks[key] = (ack, destination) }
        sendDetached(.request(ack), to: destination)
    }

    /// Sends a message outside any transaction, without waiting.
    func sendDetached(_ message: SIPMessage, to destination: SIPDestination) {
        enqueue(.message(message, destination, client: nil, server: nil))
    }

    /// A Via header value for a request sent over `destination`'s transport, with a new branch.
    func via(for destination: SIPDestination, branch: String? = nil) -> String? {
        let family = destination.address.protocol
        guard
            let local = bound.first(where: { $0.transport == destination.transport && $0.address.protocol == family })
                ?? bound.first(where: { $0.transport == destination.transport })
        else { return nil }
        return "SIP/2.0/\(destination.transport.viaName) \(local.sentBy);branch=\(branch ?? SIPIdentifiers.branch());rport"
    }

    func receivedResponse(_ response: SIPResponse) {
        guard let key = try? SIPTransactionKey.client(for: response), var entry = clients[key] else {
            // §17.1.1.2 / RFC 6026: a 2xx retransmission after the transaction ended goes to the UA core: re-ACK it.
            if response.status.isSuccess, let ackKey = AckKey(response.headerFields), let sent = sentAcks[ackKey] {
                sendDetached(.request(sent.ack), to: sent.destination)
            }
            return
        }
        let actions = entry.machine.step({ $0.receivedResponse(response) }, { $0.receivedResponse(response) })
        clients[key] = entry
        perform(actions, client: key, request: entry.request)
    }

    func clientTimerFired(_ key: SIPTransactionKey, _ timer: SIPTransactionTimer) {
        guard var entry = clients[key] else { return }
        entry.timers[timer] = nil
        let actions = entry.machine.step({ $0.timerFired(timer) }, { $0.timerFired(timer) })
        clients[key] = entry
        perform(actions, client: key, request: entry.request)
    }

    func clientTransportFailed(_ key: SIPTransactionKey) {
        guard var entry = clients[key] else { return }
        let actions = entry.machine.step({ $0.transportError() }, { $0.transportError() })
        clients[key] = entry
        perform(actions, client: key, request: entry.request)
    }

    /// Carries out a client transaction's actions, in order.
    func perform(_ actions: [SIPTransactionAction], client key: SIPTransactionKey, request: SIPRequest) {
        for action in actions {
            switch action {
            case .send(let message):
                guard let destination = clients[key]?.destination else { continue }
                enqueue(.message(message, destination, client: key, server: nil))
            case .schedule(let timer, let after):
                clients[key]?.timers[timer]?.cancel()
                clients[key]?.timers[timer] = loop.scheduleTask(in: .nanoseconds(after.nanoseconds)) { [self] in
                    self.assumeIsolated { $0.clientTimerFired(key, timer) }
                }
            case .cancel(let timer):
                clients[key]?.timers[timer]?.cancel()
                clients[key]?.timers[timer] = nil
            case .deliverResponse(let response):
                if response.status.isProvisional {
                    clients[key]?.proceeding = true
                    clients[key]?.provisional?(response)
                    if clients[key]?.cancelPending == true {
                        clients[key]?.cancelPending = false
                        sendCANCEL(for: key)
                    }
                } else if let completion = clients[key]?.completion {
                    clients[key]?.completion = nil
                    completion.resume(returning: response)
                } else if response.status.isSuccess, let late = clients[key]?.lateSuccess {
                    late(response)  // RFC 6026 §7.2: a proxy forwards every 2xx upstream
                } else if response.status.isSuccess, let ackKey = AckKey(response.headerFields), let sent = sentAcks[ackKey] {
                    sendDetached(.request(sent.ack), to: sent.destination)  // RFC 6026 §8.4: 2xx retransmission
                }
            case .timeout:
                finish(key, with: Self.synthesized(408, "Request Timeout (no response)", for: request))
            case .transportFailed:
                finish(key, with: Self.synthesized(503, "Service Unavailable (transport error)", for: request))
            case .deliverRequest:
                break
            case .terminated:
                clients[key]?.timers.values.forEach { $0.cancel() }
                if let completion = clients[key]?.completion {
                    completion.resume(returning: Self.synthesized(408, "Request Timeout", for: request))
                }
                clients[key] = nil
            }
        }
    }

    private func finish(_ key: SIPTransactionKey, with response: SIPResponse) {
        guard let completion = clients[key]?.completion else { return }
        clients[key]?.completion = nil
        completion.resume(returning: response)
    }
}

extension Duration {
    /// Whole nanoseconds.
    var nanoseconds: Int64 {
        let (s, a) = components
        return s * 1_000_000_000 + a / 1_000_000_000
    }
}
