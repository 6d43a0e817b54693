/// The timers a transaction has scheduled that have neither fired nor been cancelled.
///
/// Leaving a state cancels exactly the timers still pending, and a `timerFired` for a timer that is not pending
/// (cancelled while its expiry was already queued in the driver) is recognised and ignored.
struct ArmedTimers: Hashable, Sendable {
    private var pending: Set<SIPTransactionTimer> = []

    /// Whether `timer` is pending.
    func contains(_ timer: SIPTransactionTimer) -> Bool { pending.contains(timer) }

    /// Schedules `timer`.
    mutating func schedule(_ timer: SIPTransactionTimer, after duration: Duration, _ actions: inout [SIPTransactionAction]) {
        pending.insert(timer)
        actions.append(.schedule(timer, after: duration))
    }

    /// Cancels `timer` when it is pending.
    mutating func cancel(_ timer: SIPTransactionTimer, _ actions: inout [SIPTransactionAction]) {
        if pending.remove(timer) != nil { actions.append(.cancel(timer)) }
    }

    /// Cancels every pending timer, in the order of ``SIPTransactionTimer/allCases``.
    mutating func cancelAll(_ actions: inout [SIPTransactionAction]) {
        for timer in SIPTransactionTimer.allCases where pending.contains(timer) { cancel(timer, &actions) }
    }

    /// Records that `timer` fired; `false` when it was not pending, so the expiry is stale.
    mutating func fire(_ timer: SIPTransactionTimer) -> Bool { pending.remove(timer) != nil }
}
