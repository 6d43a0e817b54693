import SIPCore

/// An INVITE server transaction (RFC 3261 §17.2.1, Figure 7), with the "Accepted" state of RFC 6026 §7.1.
///
/// A pure state machine: each event returns the actions for the driver to perform (see
/// ``SIPTransactionAction``); it never reads a clock or touches the network. The driver routes requests to it
/// by ``SIPTransactionKey/server(for:)``, which matches an ACK to its INVITE.
///
/// The transaction sends 100 Trying itself (§17.2.1): ``start()`` schedules the ``SIPTransactionTimer/trying``
/// timer (``SIPTimerConfiguration/tryingDelay``, 200 ms), any response from the TU cancels it, and when it fires
/// first the transaction sends 100 Trying. With a `nil` delay the TU is in charge of provisional responses.
/// ```swift
/// var transaction = ServerInviteTransaction(request: invite, reliable: false)
/// perform(transaction.start())               // schedule the 100 Trying timer, deliver the INVITE to the TU
/// perform(transaction.send(ringing))         // cancel the 100 Trying timer, send 180
/// perform(transaction.send(busyHere))        // send 486, schedule Timer G (T1) and Timer H (64·T1)
/// perform(transaction.receivedRequest(ack))  // cancel G and H, schedule Timer I (T4)
/// ```
public struct ServerInviteTransaction: Sendable {
    /// The actions this machine returns.
    public typealias Action = SIPTransactionAction

    /// The states of Figure 7 and RFC 6026 §7.1.
    public enum State: Hashable, Sendable {
        /// The INVITE went to the TU; provisional responses may be sent.
        case proceeding
        /// A 300–699 response was sent; it is retransmitted (Timer G) until the ACK arrives or Timer H fires.
        case completed
        /// The ACK arrived; its retransmissions are absorbed until Timer I.
        case confirmed
        /// A 2xx was sent (RFC 6026); the TU retransmits it through ``send(_:)`` and receives the ACKs, until Timer L.
        case accepted
        /// The transaction is over.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .proceeding
    /// The INVITE that created the transaction.
    public let request: SIPRequest
    /// Whether the transport is reliable (TCP, TLS, SCTP): no retransmissions, Timer I is zero.
    public let reliable: Bool
    /// The timer values.
    public let timers: SIPTimerConfiguration
    /// The most recent response sent (the automatic 100 Trying included), resent on a retransmitted INVITE.
    public private(set) var lastResponse: SIPResponse?

    private var started = false
    private var armed = ArmedTimers()
    private var timerGInterval: Duration = .zero

    /// A transaction for `request`, a received INVITE, in the "Proceeding" state; ``start()`` passes it to the TU.
    public init(request: SIPRequest, reliable: Bool, timers: SIPTimerConfiguration = .rfc3261) {
        self.request = request
        self.reliable = reliable
        self.timers = timers
    }

    /// The INVITE created the transaction: schedule the 100 Trying timer and pass the INVITE to the TU (§17.2.1).
    ///
    /// The timer comes first so that a TU answering at once, inside the delivery, cancels it.
    public mutating func start() -> [Action] {
        guard !started, state == .proceeding else { return [] }
        started = true
        var actions: [Action] = []
        if let delay = timers.duration(of: .trying, reliable: reliable) { armed.schedule(.trying, after: delay, &actions) }
        actions.append(.deliverRequest(request))
        return actions
    }

    /// A request matching this transaction arrived: a retransmitted INVITE or an ACK (§17.2.1, RFC 6026 §8.7).
    public mutating func receivedRequest(_ received: SIPRequest) -> [Action] {
        guard started else { return [] }
        var actions: [Action] = []
        switch (state, received.method) {
        case (.proceeding, .invite), (.completed, .invite):
            // §17.2.1: resend the most recent provisional (Proceeding) or the final response (Completed).
            if let lastResponse { actions.append(.send(.response(lastResponse))) }
        case (.completed, .ack):
            guard acknowledgesFinalResponse(received) else { break }
            // §17.2.1: stop retransmitting; absorb ACK retransmissions for Timer I (zero on reliable transports).
            armed.cancelAll(&actions)
            state = .confirmed
            if let wait = timers.duration(of: .timerI, reliable: reliable), wait > .zero {
                armed.schedule(.timerI, after: wait, &actions)
            } else {
                terminate(&actions)
            }
        case (.accepted, .ack):
            // RFC 6026 §8.7: an ACK for the 2xx goes to the TU, not absorbed.
            actions.append(.deliverRequest(received))
        default:
            // Retransmitted INVITEs in "Accepted" (RFC 6026 §8.7) and ACKs in "Confirmed" (§17.2.1) are absorbed.
            break
        }
        return actions
    }

    /// The TU passes a response to send (§17.2.1, RFC 6026 §8.5, §8.7).
    public mutating func send(_ response: SIPResponse) -> [Action] {
        guard started else { return [] }
        var actions: [Action] = []
        switch (state, response.status.code) {
        case (.proceeding, 100..<200):
            armed.cancel(.trying, &actions)
            lastResponse = response
            actions.append(.send(.response(response)))
        case (.proceeding, 200..<300):
            // RFC 6026 §8.5: "Accepted" with Timer L; the TU (not the transaction) retransmits the 2xx.
            armed.cancelAll(&actions)
            lastResponse = response
            state = .accepted
            actions.append(.send(.response(response)))
            if let wait = timers.duration(of: .timerL, reliable: reliable) { armed.schedule(.timerL, after: wait, &actions) }
        case (.proceeding, 300..<700):
            // §17.2.1: retransmit with Timer G on unreliable transports, give up on the ACK with Timer H.
            armed.cancelAll(&actions)
            lastResponse = response
            state = .completed
            actions.append(.send(.response(response)))
            if let interval = timers.duration(of: .timerG, reliable: reliable) {
                timerGInterval = interval
                armed.schedule(.timerG, after: interval, &actions)
            }
            if let wait = timers.duration(of: .timerH, reliable: reliable) { armed.schedule(.timerH, after: wait, &actions) }
        case (.accepted, 200..<300):
            // RFC 6026 §8.7: 2xx retransmissions from the TU are sent.
            lastResponse = response
            actions.append(.send(.response(response)))
        default:
            // A second final response, or anything after the end, is discarded.
            break
        }
        return actions
    }

    /// A timer this transaction scheduled fired.
    public mutating func timerFired(_ timer: SIPTransactionTimer) -> [Action] {
        guard armed.fire(timer) else { return [] }
        var actions: [Action] = []
        switch (state, timer) {
        case (.proceeding, .trying):
            // §17.2.1: the TU did not answer within 200 ms, so the transaction sends 100 Trying.
            let trying = request.makeResponse(.trying)
            lastResponse = trying
            actions.append(.send(.response(trying)))
        case (.completed, .timerG):
            // §17.2.1: retransmit the final response; the interval doubles up to T2.
            if let lastResponse { actions.append(.send(.response(lastResponse))) }
            timerGInterval = timers.backoff(.timerG, after: timerGInterval)
            armed.schedule(.timerG, after: timerGInterval, &actions)
        case (.completed, .timerH):
            // §17.2.1: the ACK never came; tell the TU the transaction failed.
            terminate(reporting: .timeout, &actions)
        case (.confirmed, .timerI), (.accepted, .timerL):
            terminate(&actions)
        default:
            break
        }
        return actions
    }

    /// The transport failed to send a response: inform the TU and stay in the current state (RFC 6026 §8.8,
    /// which replaces the "Terminated" transitions of §17.2.4 and Figure 7). Timers H, I and L still end the transaction.
    public mutating func transportError() -> [Action] {
        guard started, state != .terminated else { return [] }
        return [.transportFailed]
    }

    /// Whether `ack` acknowledges the final response sent. An RFC 3261 ACK matched its INVITE's branch already;
    /// an RFC 2543 ACK (no magic cookie) must also carry the To tag of that response (§17.2.3).
    private func acknowledgesFinalResponse(_ ack: SIPRequest) -> Bool {
        guard let via = try? ack.headerFields.topVia, !via.hasMagicCookie else { return true }
        let responseTag = lastResponse.flatMap { try? $0.headerFields.to }?.tag
        return (try? ack.headerFields.to)?.tag == responseTag
    }

    private mutating func terminate(reporting report: Action? = nil, _ actions: inout [Action]) {
        armed.cancelAll(&actions)
        if let report { actions.append(report) }
        state = .terminated
        actions.append(.terminated)
    }
}
