import SIPCore

/// An INVITE client transaction (RFC 3261 §17.1.1, Figure 5), with the "Accepted" state of RFC 6026 §7.2.
///
/// A pure state machine: each event returns the actions for the driver to perform (see
/// ``SIPTransactionAction``); it never reads a clock or touches the network. The driver routes responses to it
/// by ``SIPTransactionKey/client(for:)-(SIPResponse)``.
/// ```swift
/// var transaction = ClientInviteTransaction(request: invite, reliable: false)
/// perform(transaction.start())                // send the INVITE, schedule Timer A (T1) and Timer B (64·T1)
/// perform(transaction.receivedResponse(busy))  // cancel A and B, send the ACK, deliver the 486, schedule Timer D
/// perform(transaction.timerFired(.timerD))     // terminated
/// ```
public struct ClientInviteTransaction: Sendable {
    /// The actions this machine returns.
    public typealias Action = SIPTransactionAction

    /// The states of Figure 5 and RFC 6026 §7.2.
    public enum State: Hashable, Sendable {
        /// The INVITE was sent; no response yet (Timer A retransmits it on unreliable transports).
        case calling
        /// A provisional response arrived; the transaction waits for the final one without a timer.
        case proceeding
        /// A 300–699 response arrived and was acknowledged; retransmissions of it are acknowledged again.
        case completed
        /// A 2xx arrived (RFC 6026); further 2xx responses (retransmissions, forks) go to the TU until Timer M.
        case accepted
        /// The transaction is over.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .calling
    /// The INVITE.
    public let request: SIPRequest
    /// Whether the transport is reliable (TCP, TLS, SCTP): no retransmissions, Timer D is zero.
    public let reliable: Bool
    /// The timer values.
    public let timers: SIPTimerConfiguration
    /// The ACK sent for the non-2xx final response, once there is one (§17.1.1.3).
    public private(set) var ack: SIPRequest?

    private var started = false
    private var armed = ArmedTimers()
    private var timerAInterval: Duration = .zero

    /// A transaction for `request`, an INVITE, in the "Calling" state; ``start()`` sends it.
    public init(request: SIPRequest, reliable: Bool, timers: SIPTimerConfiguration = .rfc3261) {
        self.request = request
        self.reliable = reliable
        self.timers = timers
    }

    /// The TU passed the INVITE: send it, start Timer A (unreliable transports) and Timer B (§17.1.1.2).
    public mutating func start() -> [Action] {
        guard !started, state == .calling else { return [] }
        started = true
        var actions: [Action] = [.send(.request(request))]
        if let interval = timers.duration(of: .timerA, reliable: reliable) {
            timerAInterval = interval
            armed.schedule(.timerA, after: interval, &actions)
        }
        if let timeout = timers.duration(of: .timerB, reliable: reliable) { armed.schedule(.timerB, after: timeout, &actions) }
        return actions
    }

    /// A response matching this transaction arrived (§17.1.1.2, RFC 6026 §8.4).
    public mutating func receivedResponse(_ response: SIPResponse) -> [Action] {
        guard started else { return [] }
        var actions: [Action] = []
        switch (state, response.status.code) {
        case (.calling, 100..<200), (.proceeding, 100..<200):
            // §17.1.1.2: no more retransmissions in "Proceeding", and Timer B only guards "Calling".
            armed.cancelAll(&actions)
            state = .proceeding
            actions.append(.deliverResponse(response))
        case (.calling, 200..<300), (.proceeding, 200..<300):
            // RFC 6026 §8.4: a 2xx moves to "Accepted" (not "Terminated") so that 2xx retransmissions still match.
            armed.cancelAll(&actions)
            state = .accepted
            actions.append(.deliverResponse(response))
            if let wait = timers.duration(of: .timerM, reliable: reliable) { armed.schedule(.timerM, after: wait, &actions) }
        case (.calling, 300..<700), (.proceeding, 300..<700):
            // §17.1.1.2: ACK the response, pass it up, and stay to ACK its retransmissions for Timer D.
            armed.cancelAll(&actions)
            let ack = request.makeACK(for: response)
            self.ack = ack
            state = .completed
            actions.append(.send(.request(ack)))
            actions.append(.deliverResponse(response))
            if let wait = timers.duration(of: .timerD, reliable: reliable), wait > .zero {
                armed.schedule(.timerD, after: wait, &actions)
            } else {
                terminate(&actions)
            }
        case (.completed, 300..<700):
            // §17.1.1.2: a retransmitted final response is ACKed again and not passed to the TU.
            if let ack { actions.append(.send(.request(ack))) }
        case (.accepted, 200..<300):
            // RFC 6026 §8.4: every 2xx goes to the TU, which ACKs it; the transaction generates no ACK.
            actions.append(.deliverResponse(response))
        default:
            // Late provisional responses, responses after the end, and status codes outside 100…699.
            break
        }
        return actions
    }

    /// A timer this transaction scheduled fired.
    public mutating func timerFired(_ timer: SIPTransactionTimer) -> [Action] {
        guard armed.fire(timer) else { return [] }
        var actions: [Action] = []
        switch (state, timer) {
        case (.calling, .timerA):
            // §17.1.1.2: retransmit and double the interval (no cap for INVITE requests).
            actions.append(.send(.request(request)))
            timerAInterval = timers.backoff(.timerA, after: timerAInterval)
            armed.schedule(.timerA, after: timerAInterval, &actions)
        case (.calling, .timerB):
            // §17.1.1.2: inform the TU of the timeout (it acts as on a 408, §8.1.3.1).
            terminate(reporting: .timeout, &actions)
        case (.completed, .timerD), (.accepted, .timerM):
            terminate(&actions)
        default:
            break
        }
        return actions
    }

    /// The transport failed to send the INVITE or an ACK (§17.1.4): inform the TU and terminate, in any state.
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
