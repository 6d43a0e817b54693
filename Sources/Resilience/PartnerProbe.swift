/// How a pool sees its partner (SPEC §3: failure detection by OPTIONS probing, in the spirit of a SIP load
/// balancer's dispatcher): a pure state machine. The driver sends a probe when told, reports each answer or
/// time-out, and arms the timer; `now` is seconds on a monotonic clock.
///
/// ```swift
/// var probe = PartnerProbe(settings: .init(interval: 0.5, failureThreshold: 3, recoveryThreshold: 2))
/// let actions = probe.start(now: 0)          // [.sendProbe, .schedule(after: 0.5)]
/// probe.probeFailed(now: 0.5)                 // suspect after the first failure, down after the third
/// ```
public struct PartnerProbe: Sendable {
    /// Probing settings (SPEC §3 configurable).
    public struct Settings: Hashable, Sendable {
        /// Seconds between probes.
        public var interval: Double
        /// Failed probes in a row before the partner is down.
        public var failureThreshold: Int
        /// Answered probes in a row before a down partner is up again.
        public var recoveryThreshold: Int

        /// Settings.
        public init(interval: Double, failureThreshold: Int, recoveryThreshold: Int) {
            self.interval = interval
            self.failureThreshold = max(1, failureThreshold)
            self.recoveryThreshold = max(1, recoveryThreshold)
        }
    }

    /// The partner's state.
    public enum State: Hashable, Sendable, CustomStringConvertible {
        /// Answering.
        case up
        /// Some probes in a row failed, fewer than the threshold.
        case suspect(failures: Int)
        /// Down since `since`; `answers` probes in a row answered since.
        case down(since: Double, answers: Int)

        public var description: String {
            switch self {
            case .up: "up"
            case .suspect(let n): "suspect (\(n) failed)"
            case .down: "down"
            }
        }
    }

    /// What the driver does.
    public enum Action: Hashable, Sendable {
        /// Send one OPTIONS to the partner; report `probeAnswered` or `probeFailed` (no answer within the interval).
        case sendProbe
        /// Call `timerFired` after this many seconds.
        case schedule(after: Double)
        /// The partner went down at `since` (log it, enter resiliency mode for its users).
        case partnerDown(since: Double)
        /// The partner is up again after `outage` seconds.
        case partnerUp(outage: Double)
        /// The partner became suspect (one failure short of nothing yet).
        case partnerSuspect(failures: Int)
    }

    /// The settings.
    public var settings: Settings
    /// The state now.
    public private(set) var state: State = .up

    /// A probe; the partner is assumed up until probes fail.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Whether the partner is down.
    public var isDown: Bool {
        if case .down = state { return true }
        return false
    }

    /// Starts probing.
    public func start(now: Double) -> [Action] {
        [.sendProbe, .schedule(after: settings.interval)]
    }

    /// The interval passed: probe again.
    public func timerFired(now: Double) -> [Action] {
        [.sendProbe, .schedule(after: settings.interval)]
    }

    /// A probe was answered (any final response: the partner's SIP service is alive).
    public mutating func probeAnswered(now: Double) -> [Action] {
        switch state {
        case .up:
            return []
        case .suspect:
            state = .up
            return []
        case .down(let since, let answers):
            if answers + 1 >= settings.recoveryThreshold {
                state = .up
                return [.partnerUp(outage: now - since)]
            }
            state = .down(since: since, answers: answers + 1)
            return []
        }
    }

    /// A probe got no answer in time (or a transport error).
    public mutating func probeFailed(now: Double) -> [Action] {
        switch state {
        case .up:
            return fail(1, now: now)
        case .suspect(let n):
            return fail(n + 1, now: now)
        case .down(let since, _):
            state = .down(since: since, answers: 0)  // recovery needs answers in a row
            return []
        }
    }

    private mutating func fail(_ failures: Int, now: Double) -> [Action] {
        if failures >= settings.failureThreshold {
            state = .down(since: now, answers: 0)
            return [.partnerDown(since: now)]
        }
        state = .suspect(failures: failures)
        return [.partnerSuspect(failures: failures)]
    }
}
