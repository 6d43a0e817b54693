import SIPCore

/// A non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).
///
/// A pure state machine: each event returns the actions for the driver to perform (see
/// ``SIPTransactionAction``); it never reads a clock or touches the network. The driver routes requests to it
/// by ``SIPTransactionKey/server(for:)``.
/// ```swift
/// var transaction = ServerNonInviteTransaction(request: register, reliable: false)
/// perform(transaction.start())                    // deliver the REGISTER to the TU
/// perform(transaction.send(ok))                   // send 200, schedule Timer J (64·T1)
/// perform(transaction.receivedRequest(register))  // a retransmission: send the 200 again
/// ```
public struct ServerNonInviteTransaction: Sendable {
    /// The actions this machine returns.
    public typealias Action = SIPTransactionAction

    /// The states of Figure 8.
    public enum State: Hashable, Sendable {
        /// The request went to the TU; retransmissions of it are absorbed.
        case trying
        /// A provisional response was sent; retransmissions of the request get it again.
        case proceeding
        /// A final response was sent; retransmissions of the request get it again until Timer J.
        case completed
        /// The transaction is over.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .trying
    /// The request that created the transaction.
    public let request: SIPRequest
    /// Whether the transport is reliable (TCP, TLS, SCTP): Timer J is zero.
    public let reliable: Bool
    /// The timer values.
    public let timers: SIPTimerConfiguration
    /// The most recent response sent, resent on a retransmitted request.
    public private(set) var lastResponse: SIPResponse?

    private var started = false
    private var armed = ArmedTimers()

    /// A transaction for `request`, a received request other than INVITE and ACK, in the "Trying" state;
    /// ``start()`` passes it to the TU.
    public init(request: SIPRequest, reliable: Bool, timers: SIPTimerConfiguration = .rfc3261) {
        self.request = request
        self.reliable = reliable
        self.timers = timers
    }

    /// The request created the transaction: pass it to the TU (§17.2.2).
    public mutating func start() -> [Action] {
        guard !started, state == .trying else { return [] }
        started = true
        return [.deliverRequest(request)]
    }

    /// A retransmission of the request arrived (§17.2.2).
    public mutating func receivedRequest(_ received: SIPRequest) -> [Action] {
        guard started, received.method == request.method else { return [] }
        switch state {
        case .proceeding, .completed:
            // §17.2.2: resend the most recent provisional (Proceeding) or the final response (Completed).
            if let lastResponse { return [.send(.response(lastResponse))] }
            return []
        case .trying, .terminated:
            // §17.2.2: in "Trying" the retransmission is discarded; the TU has not answered yet.
            return []
        }
    }

    /// The TU passes a response to send (§17.2.2).
    public mutating func send(_ response: SIPResponse) -> [Action] {
        guard started else { return [] }
        var actions: [Action] = []
        switch (state, response.status.code) {
        case (.trying, 100..<200), (.proceeding, 100..<200):
            state = .proceeding
            lastResponse = response
            actions.append(.send(.response(response)))
        case (.trying, 200..<700), (.proceeding, 200..<700):
            state = .completed
            lastResponse = response
            actions.append(.send(.response(response)))
            // §17.2.2: Timer J absorbs request retransmissions; zero on reliable transports.
            if let wait = timers.duration(of: .timerJ, reliable: reliable), wait > .zero {
                armed.schedule(.timerJ, after: wait, &actions)
            } else {
                terminate(&actions)
            }
        default:
            // §17.2.2: further final responses from the TU in "Completed" are discarded.
            break
        }
        return actions
    }

    /// A timer this transaction scheduled fired.
    public mutating func timerFired(_ timer: SIPTransactionTimer) -> [Action] {
        guard armed.fire(timer) else { return [] }
        var actions: [Action] = []
        if state == .completed, timer == .timerJ { terminate(&actions) }
        return actions
    }

    /// The transport failed to send a response: inform the TU and stay in the current state (RFC 6026 §8.8,
    /// which replaces the "Terminated" transitions of §17.2.4 and Figure 8). Timer J still ends the transaction.
    public mutating func transportError() -> [Action] {
        guard started, state != .terminated else { return [] }
        return [.transportFailed]
    }

    private mutating func terminate(_ actions: inout [Action]) {
        armed.cancelAll(&actions)
        state = .terminated
        actions.append(.terminated)
    }
}
