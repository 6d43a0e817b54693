import SIPCore

/// The notifier's side of one subscription (RFC 6665 §4.2): it answers SUBSCRIBEs (new, refresh, unsubscribe), says
/// when to NOTIFY and with which `Subscription-State`, and ends the subscription when it expires.
///
/// Pure: time comes in as `now`, and the driver builds the NOTIFYs in the subscription's dialog (with the body of the
/// package's current state), sends them and wakes the machine at the instant it last scheduled.
/// ```swift
/// var notifier = SIPNotifier(key: key)
/// notifier.receivedSubscribe(subscribe, now: now)
/// // [.respond(200, expires: 600), .sendNotify(active;expires=600), .schedule(at: now + 600 s)]
/// notifier.notify(now: later)  // [.sendNotify(active;expires=…)] when the resource's state changes
/// ```
public struct SIPNotifier: Sendable {
    /// The durations a notifier grants and how it accepts.
    public struct Configuration: Hashable, Sendable {
        /// The package's default duration, for a SUBSCRIBE without Expires (RFC 6665 §4.2.1.1, §7.2).
        public var defaultExpires: UInt32
        /// Shorter requests (other than 0) get 423 with this Min-Expires (§4.2.1.1).
        public var minimumExpires: UInt32
        /// Longer requests are shortened to this (§4.2.1.1: the notifier may shorten, never lengthen).
        public var maximumExpires: UInt32
        /// Whether new subscriptions start pending, waiting for ``SIPNotifier/authorize(now:)`` (§4.2.1.3).
        public var startsPending: Bool

        /// Creates a configuration.
        public init(defaultExpires: UInt32 = 3600, minimumExpires: UInt32 = 60, maximumExpires: UInt32 = 86_400, startsPending: Bool = false) {
            self.defaultExpires = defaultExpires
            self.minimumExpires = minimumExpires
            self.maximumExpires = maximumExpires
            self.startsPending = startsPending
        }
    }

    /// What the driver does next.
    public enum Action: Hashable, Sendable {
        /// Answer the SUBSCRIBE: a 2xx with `Expires: expires` (§4.2.1.1: mandatory), or 423 with `Min-Expires`, or
        /// 481 for a subscription that no longer exists.
        case respond(SIPResponseStatus, expires: UInt32? = nil, minExpires: UInt32? = nil)
        /// Send a NOTIFY with this `Subscription-State` and the package's current state as body (§4.2.2).
        case sendNotify(SIPSubscriptionState)
        /// Call ``timerFired(now:)`` at this instant (it replaces any earlier one).
        case schedule(at: ContinuousClock.Instant)
        /// The subscription is over: forget it.
        case terminated(SIPSubscription.Termination)
    }

    /// The subscription's dialog, package and id.
    public let key: SIPSubscriptionKey
    /// The state and expiry.
    public private(set) var subscription: SIPSubscription
    /// Durations and acceptance.
    public let configuration: Configuration
    /// Whether a SUBSCRIBE (or REFER) has created the subscription yet.
    public private(set) var isEstablished = false

    /// A notifier for `key` that has not seen its SUBSCRIBE yet.
    public init(key: SIPSubscriptionKey, configuration: Configuration = Configuration()) {
        self.key = key
        self.configuration = configuration
        self.subscription = SIPSubscription(event: key.event)
    }

    // MARK: Events

    /// A SUBSCRIBE for this key: the first, a refresh, or an unsubscribe (`Expires: 0`) (RFC 6665 §4.2.1).
    public mutating func receivedSubscribe(_ request: SIPRequest, now: ContinuousClock.Instant) -> [Action] {
        if subscription.isTerminated { return [.respond(.callDoesNotExist)] }
        let asked = (try? request.headerFields.expires) ?? configuration.defaultExpires
        if asked > 0, asked < configuration.minimumExpires {
            // §4.2.1.1: too brief. A refused first SUBSCRIBE creates nothing; a refused refresh changes nothing.
            let answer = Action.respond(.intervalTooBrief, minExpires: configuration.minimumExpires)
            return isEstablished ? [answer] : [answer] + end(Termination())
        }
        let granted = min(asked, configuration.maximumExpires)
        if !isEstablished {
            isEstablished = true
            subscription.state = configuration.startsPending ? .pending : .active
        }
        if granted == 0 {
            // §4.2.1.4 (unsubscribe) and §4.4.3 (a fetch): one last NOTIFY, terminated with reason timeout.
            return [.respond(.ok, expires: 0)] + end(Termination(reason: .timeout), now: now)
        }
        subscription.expiresAt = now + .seconds(Int64(granted))
        // §4.2.1.2: every accepted SUBSCRIBE, new or refresh, is followed at once by a NOTIFY.
        return [.respond(.ok, expires: granted), .sendNotify(subscription.header(now: now)), .schedule(at: subscription.expiresAt!)]
    }

    /// A subscription created by other means (REFER's implicit one, RFC 3515 §2.4.4), active for `expires` seconds:
    /// the first NOTIFY goes out at once.
    public mutating func acceptedImplicitly(expires: UInt32, now: ContinuousClock.Instant) -> [Action] {
        guard !isEstablished else { return [] }
        isEstablished = true
        subscription.state = .active
        subscription.expiresAt = now + .seconds(Int64(expires))
        return [.sendNotify(subscription.header(now: now)), .schedule(at: subscription.expiresAt!)]
    }

    /// Authorizes a pending subscription: it becomes active and a NOTIFY says so (§4.2.1.3).
    public mutating func authorize(now: ContinuousClock.Instant) -> [Action] {
        guard isEstablished, subscription.state == .pending else { return [] }
        subscription.state = .active
        return [.sendNotify(subscription.header(now: now))]
    }

    /// The resource's state changed: NOTIFY the subscriber with it (§4.2.2). Nothing while pending (a pending NOTIFY
    /// carries no state) or once terminated.
    public mutating func notify(now: ContinuousClock.Instant) -> [Action] {
        guard isEstablished, subscription.state == .active else { return [] }
        return [.sendNotify(subscription.header(now: now))]
    }

    /// Ends the subscription with a final NOTIFY carrying `reason` and `retryAfter` (§4.2.2; e.g. `deactivated` to
    /// move the subscriber elsewhere, `rejected` to refuse a pending one, `noresource` when the resource is gone).
    public mutating func terminate(reason: SIPSubscription.Reason?, retryAfter: UInt32? = nil, now: ContinuousClock.Instant) -> [Action] {
        guard isEstablished, !subscription.isTerminated else { return [] }
        return end(Termination(reason: reason, retryAfter: retryAfter), now: now)
    }

    /// The instant last scheduled has come: an unrefreshed subscription expires with a final NOTIFY (§4.2.2, reason
    /// `timeout`).
    public mutating func timerFired(now: ContinuousClock.Instant) -> [Action] {
        guard isEstablished, !subscription.isTerminated, let expiry = subscription.expiresAt else { return [] }
        guard now >= expiry else { return [.schedule(at: expiry)] }
        return end(Termination(reason: .timeout), now: now)
    }

    /// The final response to a NOTIFY (§4.2.2): a 481 removes the subscription, as do a time-out (408) and the
    /// answers that say the subscriber cannot take NOTIFYs for it (489 Bad Event, 501, RFC 5057 §5.2).
    public mutating func receivedNotifyResponse(_ status: SIPResponseStatus) -> [Action] {
        guard isEstablished, !subscription.isTerminated, [408, 481, 489, 501].contains(status.code) else { return [] }
        let termination = Termination()
        subscription.state = .terminated(termination)
        return [.terminated(termination)]
    }

    // MARK: Helpers

    typealias Termination = SIPSubscription.Termination

    /// Terminates; with `now`, a final NOTIFY says so first.
    private mutating func end(_ termination: Termination, now: ContinuousClock.Instant? = nil) -> [Action] {
        subscription.state = .terminated(termination)
        subscription.expiresAt = nil
        guard let now else { return [.terminated(termination)] }
        return [.sendNotify(subscription.header(now: now)), .terminated(termination)]
    }
}
