import SIPCore

/// What a transaction state machine asks its driver to do, in order (events in, actions out).
///
/// The driver performs the actions of one event in the order given: it hands `.send` messages to the
/// transport, starts and stops timers, passes `.deliver…` messages and `.timeout` / `.transportFailed` to the
/// transaction user (TU), and forgets the transaction after `.terminated`. Every timer still pending when a
/// transaction ends is cancelled by a `.cancel` action before `.terminated`.
public enum SIPTransactionAction: Hashable, Sendable {
    /// Pass a message to the transport layer: the request (and ACK) of a client transaction, or a response of a
    /// server transaction.
    case send(SIPMessage)
    /// Start `timer`, to fire after `after`; a pending timer of the same kind is replaced.
    case schedule(SIPTransactionTimer, after: Duration)
    /// Stop `timer`; a late `timerFired` for it is ignored anyway.
    case cancel(SIPTransactionTimer)
    /// Pass a response up to the TU (client transactions).
    case deliverResponse(SIPResponse)
    /// Pass a request up to the TU: the request that created a server transaction, or an ACK for a 2xx received
    /// in the INVITE server "Accepted" state (RFC 6026 §7.1).
    case deliverRequest(SIPRequest)
    /// Tell the TU that the transaction timed out (Timer B, F or H): a client TU acts as if it had received
    /// 408 Request Timeout (RFC 3261 §8.1.3.1, §17.1.1.2, §17.1.2.2); a server TU learns that the ACK never came.
    case timeout
    /// Tell the TU that the transport failed to send a message of the transaction (RFC 3261 §17.1.4, §17.2.4).
    case transportFailed
    /// The transaction reached the "Terminated" state; the driver removes it.
    case terminated
}
