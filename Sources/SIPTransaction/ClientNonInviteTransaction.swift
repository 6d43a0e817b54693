import SIPCore

/// A non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
///
/// A pure state machine: each event returns the actions for the driver to perform (see
/// ``SIPTransactionAction``); it never reads a clock or touches the network.
/// ```swift
/// var transaction = ClientNonInviteTransaction(request: options, reliable: false)
/// perform(transaction.start())              // send, schedule Timer E (T1) and Timer F (64·T1)
/// perform(transaction.timerFired(.timerE))  // retransmit, schedule Timer E (2·T1)
/// perform(transaction.receivedResponse(ok)) // cancel E and F, deliver the 200, schedule Timer K (T4)
/// ```
public struct ClientNonInviteTransaction: Sendable {
    /// The actions this machine returns.
    public typealias Action = SIPTransactionAction

    /// The states of Figure 6.
    public enum State: Hashable, Sendable {
        /// The request was sent; no response yet.
        case trying
        /// A provisional response arrived; retransmissions continue every T2.
        case proceeding
        /// A final response arrived; retransmissions of it are absorbed until Timer K.
        case completed
        /// The transaction is over.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .trying
    /// The request (any method but INVITE and ACK).
    public let request: SIPRequest
    /// Whether the transport is reliable (TCP, TLS, SCTP): no retransmissions, Timer K is zero.
    public let reliable: Bool
    /// The timer values.
    public let timers: SIPTimerConfiguration

    private var started = false
    private var armed = ArmedTimers()
    private var timerEInterval: Duration = .zero

    /// A transaction for `request` in the "Trying" state; ``start()`` sends it.
    public init(request: SIPRequest, reliable: Bool, timers: SIPTimerConfiguration = .rfc3261) {
        self.request = request
        self.reliable = reliable
        self.timers = timers
    }

    /// The TU passed the request: send it, start Timer E (unreliable transports) and Timer F (§17.1.2.2).
    public mutating func start() -> [Action] {
        guard !started, state == .trying else { return [] }
        started = true
        var actions: [Action] = [.send(.request(request))]
        if let interval = timers.duration(of: .timerE, reliable: reliable) {
            timerEInterval = interval
            armed.schedule(.timerE, after: interval, &actions)
        }
        if let timeout = timers.duration(of: .timerF, reliable: reliable) { armed.schedule(.timerF, after: timeout, &actions) }
        return actions
    }

    /// A response matching this transaction arrived (§17.1.2.2).
    public mutating func receivedResponse(_ response: SIPResponse) -> [Action] {
        guard started else { return [] }
        var actions: [Action] = []
        switch (state, response.status.code) {
        case (.trying, 100..<200), (.proceeding, 100..<200):
            // Timers E and F keep running; Timer E now fires every T2 (see timerFired).
            state = .proceeding
            actions.append(.deliverResponse(response))
        case (.trying, 200..<700), (.proceeding, 200..<700):
            armed.cancelAll(&actions)
            state = .completed
            actions.append(.deliverResponse(response))
            // §17.1.2.2: Timer K absorbs response retransmissions; zero on reliable transports.
            if let wait = timers.duration(of: .timerK, reliable: reliable), wait > .zero {
                armed.schedule(.timerK, after: wait, &actions)
            } else {
                terminate(&actions)
            }
        default:
            // Retransmitted responses in "Completed" are absorbed; nothing is accepted once terminated.
            break
        }
        return actions
    }

    /// A timer this transaction scheduled fired.
    public mutating func timerFired(_ timer: SIPTransactionTimer) -> [Action] {
        guard armed.fire(timer) else { return [] }
        var actions: [Action] = []
        switch (state, timer) {
        case (.trying, .timerE):
            // §17.1.2.2: retransmit; the interval doubles up to T2.
            actions.append(.send(.request(request)))
            timerEInterval = timers.backoff(.timerE, after: timerEInterval)
            armed.schedule(.timerE, after: timerEInterval, &actions)
        case (.proceeding, .timerE):
            // §17.1.2.2: in "Proceeding" the request is retransmitted every T2.
            actions.append(.send(.request(request)))
            timerEInterval = timers.t2
            armed.schedule(.timerE, after: timerEInterval, &actions)
        case (.trying, .timerF), (.proceeding, .timerF):
            // §17.1.2.2: inform the TU of the timeout (it acts as on a 408, §8.1.3.1).
            terminate(reporting: .timeout, &actions)
        case (.completed, .timerK):
            terminate(&actions)
        default:
            break
        }
        return actions
    }

    /// The transport failed to send the request (§17.1.4): inform the TU and terminate, in any state.
    public mutating func transportError() -> [Action] {
        guard started, state != .terminated else { return [] }
        var actions: [Action] = []
        terminate(reporting: .transportFailed, &actions)
        return actions
    }

    private mutating func terminate(reporting report: Action? = nil, _ actions: inout [Action]) {
        armed.cancelAll(&actions)
        if let report { actions.append(report) }
        state = .terminated
        actions.append(.terminated)
    }
}
