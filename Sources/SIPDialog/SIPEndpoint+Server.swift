import NIOCore
import SIPCore
import SIPTransaction
import SIPTransport

/// A server transaction and what its driver keeps beside it.
struct ServerTransaction {
    enum Machine {
        case invite(ServerInviteTransaction)
        case nonInvite(ServerNonInviteTransaction)
    }
    var machine: Machine
    var inbound: SIPInboundMessage
    var timers: [SIPTransactionTimer: Scheduled<Void>] = [:]
    var answeredFinal = false
}

extension ServerTransaction.Machine {
    /// Feeds one event to whichever machine this is and returns its actions.
    mutating func step(
        _ invite: (inout ServerInviteTransaction) -> [SIPTransactionAction],
        _ nonInvite: (inout ServerNonInviteTransaction) -> [SIPTransactionAction]
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

/// A 2xx to an INVITE sent again until its ACK arrives (RFC 3261 §13.3.1.4).
struct PendingTwoHundred {
    var response: SIPResponse
    var incoming: SIPServerRequest
    var interval: Duration
    var elapsed: Duration = .zero
    var timer: Scheduled<Void>?
}

extension SIPEndpoint {
    /// Answers a request received as ``SIPServerRequest/Kind/new``, within its server transaction. A 2xx to an INVITE
    /// is also retransmitted by the UA core until its ACK arrives (§13.3.1.4).
    ///
    /// A proxy forwarding a 2xx passes `retransmitUntilACK: false`: the ACK goes end to end, not through it
    /// (RFC 3261 §16.7 step 10, RFC 6026 §7.1).
    public func respond(_ response: SIPResponse, to incoming: SIPServerRequest, retransmitUntilACK: Bool = true) {
        guard let key = incoming.transaction, var entry = servers[key] else {
            logger.debug("response for an unknown server transaction", metadata: ["sip.status": "\(response.status.code)"])
            return
        }
        let actions = entry.machine.step({ $0.send(response) }, { $0.send(response) })
        if response.status.isFinal { entry.answeredFinal = true }
        servers[key] = entry
        perform(actions, server: key)
        if retransmitUntilACK, incoming.request.method == .invite, response.status.isSuccess, let ackKey = AckKey(response.headerFields) {
            var pending = PendingTwoHundred(response: response, incoming: incoming, interval: configuration.timers.t1)
            pending.timer = scheduleRetransmission(ackKey, after: pending.interval)
            pendingAcks[ackKey]?.timer?.cancel()
            pendingAcks[ackKey] = pending
        }
    }

    private func scheduleRetransmission(_ key: AckKey, after: Duration) -> Scheduled<Void> {
        loop.scheduleTask(in: .nanoseconds(after.nanoseconds)) { [self] in
            self.assumeIsolated { $0.retransmitTwoHundred(key) }
        }
    }

    func retransmitTwoHundred(_ key: AckKey) {
        guard var pending = pendingAcks[key] else { return }
        pending.elapsed += pending.interval
        if pending.elapsed >= configuration.timers.transactionTimeout {
            pendingAcks[key] = nil
            var event = pending.incoming
            event.kind = .ackTimeout
            requestSink.yield(event)
            return
        }
        enqueue(.response(pending.response, pending.incoming.inbound.connection, server: nil))
        pending.interval = min(pending.interval * 2, configuration.timers.t2)
        pending.timer = scheduleRetransmission(key, after: pending.interval)
        pendingAcks[key] = pending
    }

    func receivedRequest(_ request: SIPRequest, _ inbound: SIPInboundMessage) {
        guard let key = try? SIPTransactionKey.server(for: request) else {
            logger.debug("request without a usable Via or CSeq dropped")
            return
        }
        if var entry = servers[key] {
            // A retransmission, or the ACK of a non-2xx final response (§17.2.1).
            let actions = entry.machine.step({ $0.receivedRequest(request) }, { $0.receivedRequest(request) })
            servers[key] = entry
            perform(actions, server: key)
            return
        }
        if request.method == .ack {
            // The ACK of a 2xx is its own transaction (§17.1.1.3): stop retransmitting that 2xx, tell the application.
            if let ackKey = AckKey(request.headerFields), let pending = pendingAcks.removeValue(forKey: ackKey) {
                pending.timer?.cancel()
            }
            requestSink.yield(SIPServerRequest(kind: .ack, request: request, inbound: inbound, transaction: nil))
            return
        }
        let reliable = inbound.transport.isReliable
        let machine: ServerTransaction.Machine =
            request.method == .invite
            ? .invite(ServerInviteTransaction(request: request, reliable: reliable, timers: configuration.timers))
            : .nonInvite(ServerNonInviteTransaction(request: request, reliable: reliable, timers: configuration.timers))
        servers[key] = ServerTransaction(machine: machine, inbound: inbound)
        var actions = servers[key]!.machine.step({ $0.start() }, { $0.start() })
        if request.method == .cancel {
            // §9.2: deliver nothing; answer the CANCEL, and the INVITE with 487 if it is still unanswered.
            actions.removeAll { if case .deliverRequest = $0 { return true } else { return false } }
            perform(actions, server: key)
            cancel(request, key: key, inbound: inbound)
            return
        }
        perform(actions, server: key)
    }

    private func cancel(_ cancel: SIPRequest, key: SIPTransactionKey, inbound: SIPInboundMessage) {
        let cancelEvent = SIPServerRequest(kind: .new, request: cancel, inbound: inbound, transaction: key)
        guard let inviteKey = try? SIPTransactionKey.server(cancelling: cancel), let invite = servers[inviteKey] else {
            respond(Self.synthesized(481, "Call/Transaction Does Not Exist", for: cancel), to: cancelEvent)
            return
        }
        respond(cancel.makeResponse(.ok), to: cancelEvent)
        guard !invite.answeredFinal, case .invite(let m) = invite.machine else { return }
        let inviteEvent = SIPServerRequest(kind: .new, request: m.request, inbound: invite.inbound, transaction: inviteKey)
        respond(m.request.makeResponse(.requestTerminated, toTag: SIPIdentifiers.tag()), to: inviteEvent)
        var event = inviteEvent
        event.kind = .cancelled
        requestSink.yield(event)
    }

    func serverTimerFired(_ key: SIPTransactionKey, _ timer: SIPTransactionTimer) {
        guard var entry = servers[key] else { return }
        entry.timers[timer] = nil
        let actions = entry.machine.step({ $0.timerFired(timer) }, { $0.timerFired(timer) })
        servers[key] = entry
        perform(actions, server: key)
    }

    func serverTransportFailed(_ key: SIPTransactionKey) {
        guard var entry = servers[key] else { return }
        let actions = entry.machine.step({ $0.transportError() }, { $0.transportError() })
        servers[key] = entry
        perform(actions, server: key)
    }

    /// Carries out a server transaction's actions, in order.
    func perform(_ actions: [SIPTransactionAction], server key: SIPTransactionKey) {
        for action in actions {
            switch action {
            case .send(let message):
                guard case .response(let response) = message, let entry = servers[key] else { continue }
                enqueue(.response(response, entry.inbound.connection, server: key))
            case .schedule(let timer, let after):
                servers[key]?.timers[timer]?.cancel()
                servers[key]?.timers[timer] = loop.scheduleTask(in: .nanoseconds(after.nanoseconds)) { [self] in
                    self.assumeIsolated { $0.serverTimerFired(key, timer) }
                }
            case .cancel(let timer):
                servers[key]?.timers[timer]?.cancel()
                servers[key]?.timers[timer] = nil
            case .deliverRequest(let request):
                guard let inbound = servers[key]?.inbound else { continue }
                let kind: SIPServerRequest.Kind = request.method == .ack ? .ack : .new
                requestSink.yield(SIPServerRequest(kind: kind, request: request, inbound: inbound, transaction: key))
            case .deliverResponse, .timeout, .transportFailed:
                break  // a server TU learns nothing it must act on here (the ACK time-out is §13.3.1.4's, above)
            case .terminated:
                servers[key]?.timers.values.forEach { $0.cancel() }
                servers[key] = nil
            }
        }
    }
}
