import SIPCore
import SIPDialog
import SIPTransport

/// The subscriber's side of SIP events (RFC 6665 §4.1) on ``SIPSubscriber``: SUBSCRIBE, refresh, unsubscribe, and the
/// NOTIFYs answered and reported as ``Event/notified(_:)``. The transferor's side of REFER (RFC 3515 §2.4.4) uses it too.
extension SIPTestAgent {
    /// A subscription this agent made: what ``subscribe(to:event:id:at:expires:accept:refresh:)`` returns.
    public struct Subscription: Hashable, Sendable {
        let number: Int
        /// The Call-ID of its dialog.
        public let callID: String
        /// The Event it asked for.
        public let event: SIPEvent
    }

    /// A NOTIFY received for one of this agent's subscriptions.
    public struct Notification: Hashable, Sendable {
        /// The Call-ID of the subscription's dialog.
        public var callID: String
        /// The NOTIFY's Event (package and id).
        public var event: SIPEvent
        /// The state it reported (`Subscription-State`).
        public var state: SIPSubscription.State
        /// Its `expires` parameter.
        public var expires: UInt32?
        /// The Content-Type of the body.
        public var contentType: String?
        /// The body, as text.
        public var body: String

        /// The event package.
        public var package: String { event.package }
        /// The `reason` of a terminated state.
        public var reason: SIPSubscription.Reason? {
            if case .terminated(let termination) = state { return termination.reason }
            return nil
        }
    }

    /// What this agent keeps about one subscription of its own.
    struct OutgoingSubscription {
        var machine: SIPSubscriber
        var destination: SIPDestination
        /// The last SUBSCRIBE sent (before the dialog exists a 423 retry is built from it).
        var request: SIPRequest?
        /// The subscription's dialog, once a 2xx or NOTIFY created it.
        var dialog: SIPDialog?
        /// REFER's subscription lives in the call's dialog (RFC 3515 §2.4.4): use the call's while it is up.
        var sharesCallDialog = false
        var timer: Task<Void, Never>?
    }

    /// Subscribes to `package` (with `id`, RFC 6665 §8.2.1) at `target` for `expires` seconds (§4.1.2.1) and returns
    /// once a 2xx has accepted it; NOTIFYs (the first may come before the 2xx, §4.1.2.4) are answered and recorded as
    /// ``Event/notified(_:)``. With `refresh` the subscription is renewed before it expires until ``unsubscribe(_:)``;
    /// without, it ends when it expires. Throws ``SIPTestAgentError/rejected(_:_:)`` for a final error (after a 401/407
    /// retry, or a 423 retry with Min-Expires).
    public func subscribe(
        to target: SIPURI, event package: String, id: String? = nil, at destination: SIPDestination, expires: Int = 3600,
        accept: String? = nil, refresh: Bool = true
    ) async throws -> Subscription {
        let event = SIPEvent(package: package, parameters: id.map { ["id": $0] } ?? [:])
        let tag = SIPIdentifiers.tag()
        let callID = SIPIdentifiers.callID(host: uri.host?.address)
        let seconds = UInt32(clamping: max(0, expires))
        var fields = SIPHeaderFields()
        fields.append(.from, SIPNameAddress(uri: identity).description + ";tag=" + tag)
        fields.append(.to, SIPNameAddress(uri: target).description)
        fields.append(.callID, callID)
        fields.append(.cSeq, SIPCSeq(1, .subscribe).description)
        fields.append(.contact, SIPNameAddress(uri: contactURI(for: destination.transport)).description)
        fields.append(.event, event.description)
        fields.append(.expires, String(seconds))
        if let accept { fields.append(.accept, accept) }
        let request = SIPRequest(method: .subscribe, uri: target, headerFields: fields)
        let machine = SIPSubscriber(
            callID: callID, localTag: tag, event: event, expires: seconds, configuration: SIPSubscriber.Configuration(refreshes: refresh))
        let number = addSubscriber(OutgoingSubscription(machine: machine, destination: destination, request: request))
        let response = await sendSubscribe(number, request)
        guard response.status.isSuccess else { throw SIPTestAgentError.rejected(response.status.code, response.status.reasonPhrase) }
        return Subscription(number: number, callID: callID, event: event)
    }

    /// Unsubscribes (SUBSCRIBE with `Expires: 0`, RFC 6665 §4.1.2.3); the notifier's final NOTIFY ends it.
    public func unsubscribe(_ subscription: Subscription) async {
        guard var entry = subscribers[subscription.number] else { return }
        let actions = entry.machine.unsubscribe(now: .now)
        subscribers[subscription.number] = entry
        await perform(actions, subscriber: subscription.number)
    }

    /// Refreshes a subscription now (RFC 6665 §4.1.2.2), for `expires` seconds or as long as asked before.
    public func refresh(_ subscription: Subscription, expires: Int? = nil) async {
        guard var entry = subscribers[subscription.number] else { return }
        let actions = entry.machine.refresh(expires: expires.map { UInt32(clamping: max(0, $0)) }, now: .now)
        subscribers[subscription.number] = entry
        await perform(actions, subscriber: subscription.number)
    }

    /// Whether a subscription is still in place (not yet terminated).
    public func isSubscribed(_ subscription: Subscription) -> Bool { subscribers[subscription.number] != nil }

    // MARK: Driving the machines

    /// Keeps `entry`, starts its Timer N and returns its number.
    func addSubscriber(_ entry: OutgoingSubscription) -> Int {
        let number = nextSubscriber
        nextSubscriber += 1
        var entry = entry
        let actions = entry.machine.start(now: .now)
        subscribers[number] = entry
        for case .schedule(let at) in actions { schedule(subscriber: number, at: at) }
        return number
    }

    /// Sends a SUBSCRIBE of subscription `number` (with a 401/407 retry), creates the dialog from a 2xx and hands the
    /// response to the machine.
    @discardableResult
    private func sendSubscribe(_ number: Int, _ request: SIPRequest) async -> SIPResponse {
        guard let destination = subscribers[number]?.destination else { return request.makeResponse(.callDoesNotExist) }
        subscribers[number]?.request = request
        let exchange = await exchange(request, to: destination)
        guard var entry = subscribers[number] else { return exchange.response }
        entry.request = exchange.request
        if let sequence = (try? exchange.request.headerFields.cSeq)?.sequence, entry.dialog != nil {
            entry.dialog!.localSequence = max(entry.dialog!.localSequence, sequence)
        }
        let contact = contactURI(for: destination.transport)
        if exchange.response.status.isSuccess, entry.dialog == nil,
            let dialog = try? SIPDialog(uacRequest: exchange.request, response: exchange.response, localContact: contact)
        {
            entry.dialog = dialog
            entry.destination = inDialogDestination(dialog, transport: destination)
        }
        let actions = entry.machine.receivedResponse(exchange.response, now: .now)
        subscribers[number] = entry
        // A 423 is retried at once: the answer to that retry is the one that counts.
        return await perform(actions, subscriber: number) ?? exchange.response
    }

    /// Answers a NOTIFY of one of this agent's subscriptions; `false` when it matches none.
    func receivedSubscriptionNotify(_ incoming: SIPServerRequest) async -> Bool {
        let request = incoming.request
        guard let (number, found) = subscribers.first(where: { $0.value.machine.matches(request) }) else { return false }
        var entry = found
        let contact = contactURI(for: incoming.inbound.transport)
        do {
            if entry.sharesCallDialog {
                if var call = calls[entry.machine.callID] {
                    try call.dialog.receivedRequest(request)
                    calls[entry.machine.callID] = call
                }
            } else if entry.dialog == nil, let subscribe = entry.request {
                // RFC 6665 §4.1.2.4: the NOTIFY came before the 2xx and creates the dialog.
                let dialog = try SIPDialog(subscribe: subscribe, notify: request, localContact: contact)
                entry.dialog = dialog
                entry.destination = inDialogDestination(dialog, transport: entry.destination)
            } else {
                try entry.dialog?.receivedRequest(request)
            }
        } catch {
            await refuse(incoming, .serverInternalError)  // RFC 3261 §12.2.2: out of order, or unusable
            return true
        }
        let actions = entry.machine.receivedNotify(request, now: .now)
        subscribers[number] = entry
        await perform(actions, subscriber: number, notify: incoming)
        return true
    }

    /// Carries out a subscriber's actions, in order; returns the final response to the last SUBSCRIBE it sent.
    @discardableResult
    func perform(_ actions: [SIPSubscriber.Action], subscriber number: Int, notify incoming: SIPServerRequest? = nil) async -> SIPResponse? {
        var last: SIPResponse?
        for action in actions {
            switch action {
            case .respond(let status):
                guard let incoming else { continue }
                await endpoint.respond(incoming.request.makeResponse(status), to: incoming)
            case .notified(let state):
                guard let request = incoming?.request, let callID = try? request.headerFields.callID else { continue }
                let header = try? request.headerFields.subscriptionState
                let event = (try? request.headerFields.event) ?? SIPEvent(package: "?")
                record(
                    .notified(
                        Notification(
                            callID: callID, event: event, state: state, expires: header?.expires, contentType: request.headerFields[.contentType],
                            body: String(decoding: request.body, as: UTF8.self))))
                if event.package == "refer", let status = Self.sipfragStatus(request.body) {
                    record(.transferNotified(callID: callID, status: status))
                }
            case .schedule(let at):
                schedule(subscriber: number, at: at)
            case .sendSubscribe(let expires):
                guard var entry = subscribers[number] else { continue }
                let event = entry.machine.subscription.event
                var request: SIPRequest
                if entry.dialog != nil {
                    request = entry.dialog!.makeSubscribe(event: event, expires: expires)
                } else if var previous = entry.request, let cseq = try? previous.headerFields.cSeq {
                    // Before the dialog exists: same Call-ID and From tag, next CSeq (a 423 to the first SUBSCRIBE).
                    previous.headerFields.removeAll(.via)
                    previous.headerFields[.cSeq] = SIPCSeq(cseq.sequence + 1, .subscribe).description
                    previous.headerFields[.expires] = String(expires)
                    request = previous
                } else {
                    continue
                }
                subscribers[number] = entry
                last = await sendSubscribe(number, request)
            case .terminated(let termination):
                guard let entry = subscribers.removeValue(forKey: number) else { continue }
                entry.timer?.cancel()
                record(.subscriptionEnded(callID: entry.machine.callID, package: entry.machine.subscription.event.package, termination))
            }
        }
        return last
    }

    /// Wakes subscription `number`'s machine at `deadline` (the one deadline it has; a new one replaces it).
    private func schedule(subscriber number: Int, at deadline: ContinuousClock.Instant) {
        subscribers[number]?.timer?.cancel()
        subscribers[number]?.timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)  // a protocol timer, not a wait in a test
            guard !Task.isCancelled, let self else { return }
            await self.subscriberTimerFired(number)
        }
    }

    private func subscriberTimerFired(_ number: Int) async {
        guard var entry = subscribers[number] else { return }
        entry.timer = nil
        let actions = entry.machine.timerFired(now: .now)
        subscribers[number] = entry
        await perform(actions, subscriber: number)
    }

    /// Where in-dialog requests of `dialog` go: its remote target, over the transport (and connection) used so far.
    func inDialogDestination(_ dialog: SIPDialog, transport destination: SIPDestination) -> SIPDestination {
        SIPDestination.forURI(dialog.remoteTarget).map {
            SIPDestination(transport: destination.transport, address: $0.address, connection: destination.connection)
        } ?? destination
    }
}
