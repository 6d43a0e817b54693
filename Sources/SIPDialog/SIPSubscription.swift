import SIPCore

/// One subscription's state (RFC 6665 §4.1.3, §4.2.2): pending, active or terminated with a reason, and when it
/// expires. ``SIPSubscriber`` and ``SIPNotifier`` each keep one; pure, with the time passed in.
///
/// ```swift
/// let s = SIPSubscription(event: SIPEvent(package: "dialog"), state: .active, expiresAt: now + .seconds(600))
/// s.header(now: now).description  // active;expires=600
/// ```
public struct SIPSubscription: Hashable, Sendable {
    /// The `Subscription-State` values of RFC 6665 §8.2.3.
    public enum State: Hashable, Sendable {
        /// Received and not yet authorized: NOTIFYs carry no state of the resource (§4.1.3).
        case pending
        /// Authorized: NOTIFYs carry the resource's state.
        case active
        /// Over, with the notifier's reason (§4.1.3, §4.2.2).
        case terminated(Termination)
    }

    /// Why and for how long a subscription ended (the `reason` and `retry-after` parameters, RFC 6665 §4.1.3).
    public struct Termination: Hashable, Sendable {
        /// The `reason` parameter; `nil` when none was given or the subscription ended here (no NOTIFY, a failed
        /// request).
        public var reason: Reason?
        /// The `retry-after` parameter in seconds.
        public var retryAfter: UInt32?

        /// Creates a termination.
        public init(reason: Reason? = nil, retryAfter: UInt32? = nil) {
            self.reason = reason
            self.retryAfter = retryAfter
        }

        /// After how many seconds the subscriber may subscribe again, or `nil` when it should not (RFC 6665 §4.1.3):
        /// at once after `deactivated` and `timeout` (where `retry-after` means nothing), after `retry-after` for
        /// `probation`, `giveup`, no reason or an unknown one, never after `rejected`, `noresource` and `invariant`.
        public var resubscribeAfter: UInt32? {
            switch reason {
            case .deactivated?, .timeout?: return 0
            case .rejected?, .noresource?, .invariant?: return nil
            default: return retryAfter ?? 0
            }
        }
    }

    /// The Event header value (package and `id`).
    public var event: SIPEvent
    /// The state.
    public var state: State
    /// When the subscription expires, if known.
    public var expiresAt: ContinuousClock.Instant?

    /// Creates a subscription value.
    public init(event: SIPEvent, state: State = .pending, expiresAt: ContinuousClock.Instant? = nil) {
        self.event = event
        self.state = state
        self.expiresAt = expiresAt
    }

    /// Whether the state is terminated.
    public var isTerminated: Bool {
        if case .terminated = state { return true }
        return false
    }

    /// Whole seconds left before expiry at `now` (0 once past, or when no expiry is known).
    public func secondsLeft(now: ContinuousClock.Instant) -> UInt32 {
        guard let expiresAt, expiresAt > now else { return 0 }
        return UInt32(clamping: (expiresAt - now).components.seconds)
    }

    /// The `Subscription-State` header value for a NOTIFY sent at `now` (RFC 6665 §4.2.2, §8.2.3): `expires` with the
    /// seconds left for pending and active, `reason` and `retry-after` for terminated.
    public func header(now: ContinuousClock.Instant) -> SIPSubscriptionState {
        var parameters = SIPParameters()
        switch state {
        case .pending, .active:
            parameters.append("expires", String(secondsLeft(now: now)))
            return SIPSubscriptionState(state: state == .pending ? "pending" : "active", parameters: parameters)
        case .terminated(let termination):
            if let reason = termination.reason { parameters.append("reason", reason.rawValue) }
            if let retry = termination.retryAfter { parameters.append("retry-after", String(retry)) }
            return SIPSubscriptionState(state: "terminated", parameters: parameters)
        }
    }

    /// The state a `Subscription-State` value names, or `nil` for an extension value (RFC 6665 §8.2.3 `extension-substate`).
    public static func state(from header: SIPSubscriptionState) -> State? {
        switch header.state.lowercased() {
        case "active": return .active
        case "pending": return .pending
        case "terminated":
            let retry = header.parameters.value("retry-after").flatMap { UInt32($0) }
            return .terminated(Termination(reason: header.reason.map(Reason.init(rawValue:)), retryAfter: retry))
        default: return nil
        }
    }
}
