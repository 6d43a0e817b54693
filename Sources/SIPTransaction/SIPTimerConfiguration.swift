/// The timer values of the transaction layer (RFC 3261 §17, Table 4 of Appendix A; RFC 6026 Timers L and M).
///
/// The base values T1, T2 and T4 are configurable (§17.1.1.1 allows other values, e.g. a larger T1 on
/// high-latency links); every other timer derives from them:
/// ```swift
/// let timers = SIPTimerConfiguration()                       // T1 500 ms, T2 4 s, T4 5 s
/// timers.duration(of: .timerB, reliable: false)              // 32 s (64·T1)
/// timers.duration(of: .timerA, reliable: true)               // nil: no retransmissions over TCP
/// timers.backoff(.timerE, after: .seconds(4))                // 4 s: capped at T2
/// ```
public struct SIPTimerConfiguration: Hashable, Sendable {
    /// RTT estimate (§17.1.1.1), 500 ms by default.
    public var t1: Duration
    /// The longest retransmission interval for non-INVITE requests and INVITE responses (§17.1.2.2), 4 s by default.
    public var t2: Duration
    /// The longest time a message stays in the network (§17.1.2.2), 5 s by default.
    public var t4: Duration
    /// Timer D on unreliable transports: at least 32 s (§17.1.1.2); it is 0 on reliable ones.
    public var timerD: Duration
    /// How long an INVITE server transaction waits for the TU's first response before it sends 100 Trying
    /// itself (§17.2.1: 200 ms); `nil` when the TU always answers at once and the transaction should not.
    public var tryingDelay: Duration?

    /// Creates a configuration; the defaults are those of RFC 3261.
    public init(
        t1: Duration = .milliseconds(500), t2: Duration = .seconds(4), t4: Duration = .seconds(5), timerD: Duration = .seconds(32),
        tryingDelay: Duration? = .milliseconds(200)
    ) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
        self.timerD = timerD
        self.tryingDelay = tryingDelay
    }

    /// The values of RFC 3261 (T1 500 ms, T2 4 s, T4 5 s, D 32 s, 100 Trying after 200 ms).
    public static let rfc3261 = SIPTimerConfiguration()

    /// 64·T1: Timers B, F, H, L and M, and J on unreliable transports.
    public var transactionTimeout: Duration { t1 * 64 }

    /// The first value of `timer` on a reliable or unreliable transport (RFC 3261 Table 4, RFC 6026 Timers L and M).
    ///
    /// `nil` means that the timer is not used on that transport (A, E and G only retransmit over unreliable
    /// transports; the 100 Trying timer is off when ``tryingDelay`` is `nil`). `.zero` means that the state it
    /// guards ends at once (D, I, J and K on reliable transports).
    public func duration(of timer: SIPTransactionTimer, reliable: Bool) -> Duration? {
        switch timer {
        case .timerA, .timerE, .timerG: return reliable ? nil : t1
        case .timerB, .timerF, .timerH, .timerL, .timerM: return transactionTimeout
        case .timerD: return reliable ? .zero : timerD
        case .timerI, .timerK: return reliable ? .zero : t4
        case .timerJ: return reliable ? .zero : transactionTimeout
        case .trying: return tryingDelay
        }
    }

    /// The next interval of a retransmission timer that fired after `interval`.
    ///
    /// Timer A doubles without limit (§17.1.1.2); Timers E and G double up to T2 (§17.1.2.2, §17.2.1). Other
    /// timers do not repeat and keep `interval`.
    public func backoff(_ timer: SIPTransactionTimer, after interval: Duration) -> Duration {
        switch timer {
        case .timerA: return interval * 2
        case .timerE, .timerG: return min(interval * 2, t2)
        default: return interval
        }
    }
}
