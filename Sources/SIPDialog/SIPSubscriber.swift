import SIPCore

/// The subscriber's side of one subscription (RFC 6665 §4.1): it matches NOTIFYs, says how to answer them, refreshes
/// before expiry and notices a notifier that has gone quiet (Timer N).
///
/// Pure: time comes in as `now`, and the driver builds the SUBSCRIBEs (in the subscription's dialog), sends them and
/// wakes the machine at the instant it last scheduled.
/// ```swift
/// var subscriber = SIPSubscriber(callID: callID, localTag: tag, event: SIPEvent(package: "dialog"), expires: 600)
/// subscriber.start(now: now)                   // [.schedule(at: now + Timer N)]
/// subscriber.receivedResponse(ok, now: now)    // the 2xx's Expires: [.schedule(at: the refresh)]
/// subscriber.receivedNotify(notify, now: now)  // [.respond(200), .notified(.active), .schedule(at: …)]
/// ```
public struct SIPSubscriber: Sendable {
    /// Timers and refresh policy.
    public struct Configuration: Hashable, Sendable {
        /// Timer N: how long to wait for a NOTIFY after the SUBSCRIBE (64·T1, RFC 6665 §4.1.2.4, §6).
        public var timerN: Duration
        /// How long before expiry a refresh is sent, at most; half the granted duration when that is shorter.
        public var refreshMargin: Duration
        /// Whether the machine asks for refreshes; without them the subscription ends when it expires.
        public var refreshes: Bool

        /// Creates a configuration.
        public init(timerN: Duration = .seconds(32), refreshMargin: Duration = .seconds(32), refreshes: Bool = true) {
            self.timerN = timerN
            self.refreshMargin = refreshMargin
            self.refreshes = refreshes
        }
    }

    /// What the driver does next.
    public enum Action: Hashable, Sendable {
        /// Send a SUBSCRIBE with this Expires: a refresh, the retry of a 423 with its Min-Expires, or 0 to
        /// unsubscribe. Before the dialog exists (a 423 to the first request) it goes out with the same Call-ID and
        /// From tag and the next CSeq.
        case sendSubscribe(expires: UInt32)
        /// Answer the NOTIFY with this status.
        case respond(SIPResponseStatus)
        /// The NOTIFY carried this state: hand it and the body to the application.
        case notified(SIPSubscription.State)
        /// Call ``timerFired(now:)`` at this instant (it replaces any earlier one).
        case schedule(at: ContinuousClock.Instant)
        /// The subscription is over: forget it.
        case terminated(SIPSubscription.Termination)
    }

    /// Which request is waiting for its response.
    enum Outstanding: Hashable {
        case initial, refresh, unsubscribe
    }

    /// The Call-ID of the subscription's dialog.
    public let callID: String
    /// This side's tag (the From tag of the SUBSCRIBE).
    public let localTag: String
    /// The notifier's tag, once a 2xx or NOTIFY has brought it.
    public private(set) var remoteTag: String?
    /// The state and expiry.
    public private(set) var subscription: SIPSubscription
    /// Timers and refresh policy.
    public let configuration: Configuration
    /// REFER's implicit subscription (RFC 3515 §2.4.6): NOTIFYs carry `id` = the REFER's CSeq, or no id at all.
    public private(set) var referSequence: UInt32?
    /// The Expires asked for.
    private(set) var requested: UInt32
    /// Timer N: the first NOTIFY (or the final one after unsubscribing) must come by then (§4.1.2.4).
    private var notifyDeadline: ContinuousClock.Instant?
    /// When to send the next refresh.
    private var refreshAt: ContinuousClock.Instant?
    /// The SUBSCRIBE waiting for a response.
    private(set) var outstanding: Outstanding?
    /// Whether the 423 retry has been used.
    private var retriedInterval = false
    /// Whether this side has unsubscribed and waits for the final NOTIFY.
    private var unsubscribing = false

    /// A subscriber whose initial SUBSCRIBE (Call-ID `callID`, From tag `localTag`) asks for `expires` seconds.
    public init(callID: String, localTag: String, event: SIPEvent, expires: UInt32, configuration: Configuration = Configuration()) {
        self.callID = callID
        self.localTag = localTag
        self.subscription = SIPSubscription(event: event)
        self.configuration = configuration
        self.requested = expires
        self.referSequence = nil
        self.outstanding = .initial
    }

    /// The subscriber side of the implicit subscription a REFER (CSeq `sequence`) creates in `dialog` (RFC 3515
    /// §2.4.4): `refer` NOTIFYs with `id` = `sequence` or no id; never refreshed.
    public init(referIn dialog: SIPDialogID, sequence: UInt32, timerN: Duration = .seconds(32)) {
        self.callID = dialog.callID
        self.localTag = dialog.localTag
        self.remoteTag = dialog.remoteTag
        self.subscription = SIPSubscription(event: SIPEvent(package: "refer", parameters: ["id": String(sequence)]))
        self.configuration = Configuration(timerN: timerN, refreshes: false)
        self.requested = 0
        self.referSequence = sequence
        self.outstanding = nil
    }

    /// The REFER was sent again with CSeq `sequence` (a retry with credentials): its NOTIFYs carry that as id.
    public mutating func resent(sequence: UInt32) {
        guard referSequence != nil else { return }
        referSequence = sequence
        subscription.event = SIPEvent(package: "refer", parameters: ["id": String(sequence)])
    }

    /// The subscription's key, once the notifier's tag is known.
    public var key: SIPSubscriptionKey? {
        remoteTag.map { SIPSubscriptionKey(dialog: SIPDialogID(callID: callID, localTag: localTag, remoteTag: $0), event: subscription.event) }
    }

    /// The next instant the machine must be woken at, if any.
    public var nextDeadline: ContinuousClock.Instant? {
        if subscription.isTerminated { return nil }
        // A refresh already sent waits for its response, not for the refresh time.
        return [notifyDeadline, outstanding == nil ? refreshAt : nil, subscription.expiresAt].compactMap { $0 }.min()
    }

    /// Whether `notify` belongs to this subscription: same Call-ID, its To tag this side's tag, its From tag the
    /// notifier's (when known), and a matching Event (RFC 6665 §8.2.1; RFC 3515 §2.4.6 for `refer`).
    public func matches(_ notify: SIPRequest) -> Bool {
        let fields = notify.headerFields
        guard (try? fields.callID) == callID, (try? fields.to)?.tag == localTag, let from = try? fields.from,
            let event = try? fields.event
        else { return false }
        if let remoteTag, from.tag != remoteTag { return false }
        if let referSequence {
            return event.package == "refer" && (event.id == nil || event.id == String(referSequence))
        }
        return subscription.event.matches(event)
    }

    // MARK: Events

    /// The initial SUBSCRIBE (or the REFER) has been sent: Timer N starts (RFC 6665 §4.1.2.4).
    public mutating func start(now: ContinuousClock.Instant) -> [Action] {
        notifyDeadline = now + configuration.timerN
        return scheduled()
    }

    /// A final response to the last SUBSCRIBE sent (RFC 6665 §4.1.2.1–§4.1.2.3).
    public mutating func receivedResponse(_ response: SIPResponse, now: ContinuousClock.Instant) -> [Action] {
        guard let sent = outstanding, response.status.isFinal, !subscription.isTerminated else { return [] }
        outstanding = nil
        let code = response.status.code
        if response.status.isSuccess {
            if remoteTag == nil { remoteTag = (try? response.headerFields.to)?.tag }
            if sent == .unsubscribe { return scheduled() }  // the final NOTIFY is still to come (§4.1.2.3)
            // §4.1.2.1: the 2xx's Expires is what was granted (it may be shorter than asked for).
            let seconds = (try? response.headerFields.expires) ?? requested
            grant(seconds, now: now)
            return scheduled()
        }
        if code == 423, !retriedInterval, let minimum = try? response.headerFields.minExpires, minimum > requested {
            // RFC 6665 §4.2.1.1, as RFC 3261 §10.2.8: ask again for at least Min-Expires.
            retriedInterval = true
            requested = minimum
            outstanding = sent
            return [.sendSubscribe(expires: minimum)]
        }
        switch sent {
        case .refresh where code != 481:
            // §4.1.2.2: a refresh failing with anything but 481 leaves the subscription as it was.
            refreshAt = nil
            return scheduled()
        default:
            let retry = (try? response.headerFields.retryAfter).map { UInt32(clamping: $0.seconds) }
            return terminate(Termination(reason: nil, retryAfter: retry))
        }
    }

    /// A NOTIFY that ``matches(_:)`` this subscription (RFC 6665 §4.1.3).
    public mutating func receivedNotify(_ notify: SIPRequest, now: ContinuousClock.Instant) -> [Action] {
        if subscription.isTerminated { return [.respond(.callDoesNotExist)] }
        guard let header = try? notify.headerFields.subscriptionState else {
            return [.respond(.badRequest)]  // §8.2.3: mandatory in a NOTIFY
        }
        if remoteTag == nil { remoteTag = (try? notify.headerFields.from)?.tag }
        // §4.1.2.4: a NOTIFY ends Timer N, unless this side is waiting for the final one of an unsubscribe.
        if !unsubscribing || Self.state(of: header).isTerminated { notifyDeadline = nil }
        let state = Self.state(of: header, otherwise: subscription.state)
        if case .terminated(let termination) = state {
            return [.respond(.ok), .notified(state)] + terminate(termination)
        }
        subscription.state = state
        // §4.1.3: the notifier may shorten the subscription; the subscriber follows its `expires`.
        if let seconds = header.expires, !unsubscribing { grant(seconds, now: now) }
        return [.respond(.ok), .notified(state)] + scheduled()
    }

    /// The instant last scheduled has come: Timer N, a refresh, or expiry (RFC 6665 §4.1.2.2, §4.1.2.4).
    public mutating func timerFired(now: ContinuousClock.Instant) -> [Action] {
        guard !subscription.isTerminated else { return [] }
        if let deadline = notifyDeadline, now >= deadline {
            return terminate(Termination())  // no NOTIFY came: the subscription failed (or is gone)
        }
        if let expiry = subscription.expiresAt, now >= expiry {
            return terminate(Termination(reason: .timeout))
        }
        if let refresh = refreshAt, now >= refresh, outstanding == nil {
            refreshAt = nil
            outstanding = .refresh
            return [.sendSubscribe(expires: requested)] + scheduled()
        }
        return scheduled()
    }

    /// Refreshes now, asking for `expires` seconds (or the amount asked for last).
    public mutating func refresh(expires: UInt32? = nil, now: ContinuousClock.Instant) -> [Action] {
        guard !subscription.isTerminated, outstanding == nil, !unsubscribing else { return [] }
        if let expires { requested = expires }
        refreshAt = nil
        outstanding = .refresh
        return [.sendSubscribe(expires: requested)] + scheduled()
    }

    /// Unsubscribes: SUBSCRIBE with Expires 0, then the notifier's final NOTIFY is awaited for Timer N (§4.1.2.3).
    public mutating func unsubscribe(now: ContinuousClock.Instant) -> [Action] {
        guard !subscription.isTerminated, !unsubscribing else { return [] }
        refreshAt = nil
        unsubscribing = true
        outstanding = .unsubscribe
        notifyDeadline = now + configuration.timerN
        return [.sendSubscribe(expires: 0)] + scheduled()
    }

    // MARK: Helpers

    typealias Termination = SIPSubscription.Termination

    private mutating func grant(_ seconds: UInt32, now: ContinuousClock.Instant) {
        let duration = Duration.seconds(Int64(seconds))
        subscription.expiresAt = now + duration
        guard configuration.refreshes, seconds > 0 else {
            refreshAt = nil
            return
        }
        refreshAt = now + duration - min(configuration.refreshMargin, duration / 2)
    }

    private mutating func terminate(_ termination: Termination) -> [Action] {
        subscription.state = .terminated(termination)
        notifyDeadline = nil
        refreshAt = nil
        outstanding = nil
        return [.terminated(termination)]
    }

    private func scheduled() -> [Action] { nextDeadline.map { [.schedule(at: $0)] } ?? [] }

    /// The state a header names; an extension value leaves `otherwise` (RFC 6665 §8.2.3: unknown to this side).
    static func state(of header: SIPSubscriptionState, otherwise: SIPSubscription.State = .pending) -> SIPSubscription.State {
        SIPSubscription.state(from: header) ?? otherwise
    }
}

extension SIPSubscription.State {
    /// Whether this is `terminated`.
    var isTerminated: Bool {
        if case .terminated = self { return true }
        return false
    }
}
