/// The timers of the transaction layer (RFC 3261 §17 and Table 4 of Appendix A, RFC 6026 Timers L and M).
///
/// A state machine asks for a timer with ``SIPTransactionAction/schedule(_:after:)`` and learns that it fired
/// through `timerFired(_:)`; it never reads a clock.
public enum SIPTransactionTimer: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// INVITE request retransmission interval, unreliable transports only (§17.1.1.2).
    case timerA = "A"
    /// INVITE client transaction timeout (§17.1.1.2).
    case timerB = "B"
    /// Wait time for response retransmissions in the INVITE client "Completed" state (§17.1.1.2).
    case timerD = "D"
    /// Non-INVITE request retransmission interval, unreliable transports only (§17.1.2.2).
    case timerE = "E"
    /// Non-INVITE client transaction timeout (§17.1.2.2).
    case timerF = "F"
    /// INVITE final response retransmission interval, unreliable transports only (§17.2.1).
    case timerG = "G"
    /// Wait time for the ACK in the INVITE server "Completed" state (§17.2.1).
    case timerH = "H"
    /// Wait time for ACK retransmissions in the INVITE server "Confirmed" state (§17.2.1).
    case timerI = "I"
    /// Wait time for request retransmissions in the non-INVITE server "Completed" state (§17.2.2).
    case timerJ = "J"
    /// Wait time for response retransmissions in the non-INVITE client "Completed" state (§17.1.2.2).
    case timerK = "K"
    /// Wait time for 2xx retransmissions from the TU in the INVITE server "Accepted" state (RFC 6026 §7.1, §8.7).
    case timerL = "L"
    /// Wait time for 2xx retransmissions in the INVITE client "Accepted" state (RFC 6026 §7.2, §8.4).
    case timerM = "M"
    /// The INVITE server transaction's 200 ms wait before it sends 100 Trying itself (§17.2.1); not lettered in the RFC.
    case trying = "Trying"

    public var description: String { self == .trying ? "100 Trying timer" : "Timer \(rawValue)" }
}
