import SIPCore
import SIPDialog
import SIPTransport

/// The notifier's side of SIP events (RFC 6665 §4.2) on ``SIPNotifier``: SUBSCRIBEs accepted for the packages this
/// agent serves, NOTIFYs when test code changes a package's state, and subscriptions ended with a reason. The
/// transferee's side of REFER (RFC 3515 §2.4.4) uses it too.
extension SIPTestAgent {
    /// A package this agent accepts SUBSCRIBEs for, and its current state.
    struct NotifierPackage {
        var configuration: SIPNotifier.Configuration
        var contentType: String
        var body: String
    }

    /// What this agent keeps about one subscription to it.
    struct IncomingSubscription {
        var machine: SIPNotifier
        var dialog: SIPDialog
        var destination: SIPDestination
        /// REFER's subscription lives in the call's dialog (RFC 3515 §2.4.4): use the call's while it is up.
        var sharesCallDialog = false
        var contentType: String
        var body: String
        var timer: Task<Void, Never>?
    }

    /// Accepts SUBSCRIBEs for `package` (others get 489 Bad Event, RFC 6665 §8.3.1): each is answered 200 with its
    /// granted Expires and NOTIFYed at once (§4.2.1.2) with `body` of `contentType` (pending NOTIFYs carry no body).
    public func acceptSubscriptions(
        to package: String, contentType: String = "text/plain", body: String = "",
        configuration: SIPNotifier.Configuration = SIPNotifier.Configuration(minimumExpires: 1)
    ) {
        packages[package] = NotifierPackage(configuration: configuration, contentType: contentType, body: body)
    }

    /// The subscriptions to this agent in place now.
    public var acceptedSubscriptions: [SIPSubscriptionKey] { notifiers.keys.sorted { $0.description < $1.description } }

    /// Sets `package`'s state to `body` and NOTIFYs every active subscriber of it (RFC 6665 §4.2.2).
    public func notifySubscribers(of package: String, body: String, contentType: String? = nil) async {
        packages[package]?.body = body
        if let contentType { packages[package]?.contentType = contentType }
        for key in acceptedSubscriptions where key.package == package {
            guard var entry = notifiers[key] else { continue }
            entry.body = body
            if let contentType { entry.contentType = contentType }
            let actions = entry.machine.notify(now: .now)
            notifiers[key] = entry
            await perform(actions, notifier: key)
        }
    }

    /// Authorizes a pending subscription: it becomes active and is NOTIFYed (RFC 6665 §4.2.1.3).
    public func authorizeSubscription(_ key: SIPSubscriptionKey) async {
        guard var entry = notifiers[key] else { return }
        let actions = entry.machine.authorize(now: .now)
        notifiers[key] = entry
        await perform(actions, notifier: key)
    }

    /// Ends a subscription with a final NOTIFY carrying `reason` and `retryAfter` (RFC 6665 §4.2.2).
    public func endSubscription(_ key: SIPSubscriptionKey, reason: SIPSubscription.Reason?, retryAfter: UInt32? = nil) async {
        guard var entry = notifiers[key] else { return }
        let actions = entry.machine.terminate(reason: reason, retryAfter: retryAfter, now: .now)
        notifiers[key] = entry
        await perform(actions, notifier: key)
    }

    // MARK: Driving the machines

    /// Answers a SUBSCRIBE: a new subscription, or a refresh or unsubscribe of one in place (RFC 6665 §4.2.1).
    func receivedSubscribe(_ incoming: SIPServerRequest) async {
        let request = incoming.request
        guard let event = try? request.headerFields.event else {
            await refuse(incoming, .badRequest, toTag: SIPIdentifiers.tag())  // §8.2.1: Event is mandatory
            return
        }
        if (try? request.headerFields.to)?.tag != nil {
            guard let key = SIPSubscriptionKey.forReceived(request), var entry = notifiers[key] else {
                await refuse(incoming, .callDoesNotExist)
                return
            }
            do {
                try entry.dialog.receivedRequest(request)
            } catch {
                await refuse(incoming, .serverInternalError)
                return
            }
            let actions = entry.machine.receivedSubscribe(request, now: .now)
            notifiers[key] = entry
            await perform(actions, notifier: key, subscribe: incoming)
            return
        }
        let tag = SIPIdentifiers.tag()
        guard let package = packages[event.package] else {
            var bad = request.makeResponse(SIPResponseStatus(code: 489), toTag: tag)
            bad.headerFields.append(.allowEvents, packages.keys.sorted().joined(separator: ", "))
            await endpoint.respond(bad, to: incoming)
            record(.request(method: "SUBSCRIBE", answered: 489))
            return
        }
        let contact = contactURI(for: incoming.inbound.transport)
        guard let dialog = try? SIPDialog(uasRequest: request, localTag: tag, localContact: contact) else {
            await refuse(incoming, .badRequest, toTag: tag)
            return
        }
        let key = SIPSubscriptionKey(dialog: dialog.id, event: event)
        let destination = incoming.inbound.transport == .tcp ? incoming.source : inDialogDestination(dialog, transport: incoming.source)
        var machine = SIPNotifier(key: key, configuration: package.configuration)
        let actions = machine.receivedSubscribe(request, now: .now)
        notifiers[key] = IncomingSubscription(
            machine: machine, dialog: dialog, destination: destination, contentType: package.contentType, body: package.body)
        await perform(actions, notifier: key, subscribe: incoming, isNew: true)
    }

    /// Carries out a notifier's actions, in order.
    func perform(_ actions: [SIPNotifier.Action], notifier key: SIPSubscriptionKey, subscribe incoming: SIPServerRequest? = nil, isNew: Bool = false)
        async
    {
        for action in actions {
            switch action {
            case .respond(let status, let expires, let minExpires):
                guard let incoming else { continue }
                var response = incoming.request.makeResponse(status, toTag: key.dialog.localTag)
                if status.isSuccess {
                    response.headerFields.append(.contact, SIPNameAddress(uri: contactURI(for: incoming.inbound.transport)).description)
                }
                if let expires { response.headerFields.append(.expires, String(expires)) }
                if let minExpires { response.headerFields.append(.minExpires, String(minExpires)) }
                await endpoint.respond(response, to: incoming)
                if status.isSuccess, isNew { record(.subscriptionAccepted(key)) }
            case .sendNotify(let state):
                await sendNotify(key, state: state)
            case .schedule(let at):
                schedule(notifier: key, at: at)
            case .terminated(let termination):
                guard let entry = notifiers.removeValue(forKey: key) else { continue }
                entry.timer?.cancel()
                if entry.machine.isEstablished { record(.subscriptionRemoved(key, termination)) }
            }
        }
    }

    /// Sends one NOTIFY of `key` (RFC 6665 §4.2.2) with the subscription's body (none while pending) and hands its
    /// answer to the machine.
    private func sendNotify(_ key: SIPSubscriptionKey, state: SIPSubscriptionState) async {
        guard var entry = notifiers[key] else { return }
        let body = state.state == "pending" ? [] : Array(entry.body.utf8)
        let contentType = body.isEmpty ? nil : entry.contentType
        let notify: SIPRequest
        // While the call is up its dialog is the live one, so CSeq numbers stay in step with its other requests;
        // after a BYE a REFER subscription goes on in the dialog as it was (RFC 3515 §2.4.6 lets it outlive the call).
        if entry.sharesCallDialog, var call = calls[key.dialog.callID] {
            notify = call.dialog.makeNotify(event: key.event, state: state, body: body, contentType: contentType)
            calls[key.dialog.callID] = call
            entry.dialog = call.dialog
        } else {
            notify = entry.dialog.makeNotify(event: key.event, state: state, body: body, contentType: contentType)
        }
        notifiers[key] = entry
        let exchange = await exchange(notify, to: entry.destination)
        if entry.sharesCallDialog { advanceSequence(of: key.dialog.callID, past: exchange.request) }
        guard var current = notifiers[key] else { return }
        if let sequence = (try? exchange.request.headerFields.cSeq)?.sequence {
            current.dialog.localSequence = max(current.dialog.localSequence, sequence)
        }
        let actions = current.machine.receivedNotifyResponse(exchange.response.status)
        notifiers[key] = current
        await perform(actions, notifier: key)
    }

    /// Wakes `key`'s machine at `deadline` (a new deadline replaces the last).
    private func schedule(notifier key: SIPSubscriptionKey, at deadline: ContinuousClock.Instant) {
        notifiers[key]?.timer?.cancel()
        notifiers[key]?.timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)  // a protocol timer, not a wait in a test
            guard !Task.isCancelled, let self else { return }
            await self.notifierTimerFired(key)
        }
    }

    private func notifierTimerFired(_ key: SIPSubscriptionKey) async {
        guard var entry = notifiers[key] else { return }
        entry.timer = nil
        let actions = entry.machine.timerFired(now: .now)
        notifiers[key] = entry
        await perform(actions, notifier: key)
    }
}
