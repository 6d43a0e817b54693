import SIPCore
import Topology

/// The life of one parked call (SPEC §5, FLOWS 1–6). Pure: no I/O and no clock reads; every event takes `now`
/// (seconds on a monotonic clock) and returns the ``Action``s for the driver to perform, in order.
///
/// ```swift
/// var call = ParkedCallStateMachine(
///     id: "pc-1", pool: "pool-a", orbit: orbit, method: .directed, parker: bob, parkee: Parkee(contact: aliceContact),
///     settings: deployment.settings(of: "pool-a"))
/// perform(call.start(now: t))                       // [.acceptParkee]: 200 OK with the music SDP
/// perform(call.parkeeConfirmed(now: t + 0.01))      // ACK: music, pickup timer, "parked" event
/// perform(call.retrieveRequested(by: dave, now: t + 20))   // 200 OK to dave, then REFER with Replaces …
/// ```
///
/// Events that make no sense in the current state (a late timer, a NOTIFY for a finished transfer, …) return no
/// actions and change nothing; the few that would leave a dialog dangling return the hang-up it needs instead.
public struct ParkedCallStateMachine: Sendable {
    /// The timers the machine asks for with ``Action/schedule(_:after:)``.
    public enum Timer: String, Hashable, Sendable, CaseIterable, Codable {
        /// From park (or the last failed ring-back) to the next ring-back: `pickupTimeout`.
        case pickup
        /// How long a ring-back rings: `ringbackDuration`.
        case ringback
        /// Guard on a REFER: how long to wait for its final NOTIFY (``ParkedCallStateMachine/transferTimeout``).
        case transfer
    }

    /// Where the call is in its life.
    public enum State: Hashable, Sendable {
        /// Taking the call: waiting for the parkee's answer to the INVITE with Replaces (SPEC §5 A) or for its ACK
        /// to our 200 OK (SPEC §5 B, C).
        case parking
        /// On the orbit: music playing, pickup timer running.
        case parked
        /// The parker's contacts are being called (attempt 1…`maxPickupAttempts`), ring-back timer running.
        case ringingBack(attempt: Int)
        /// Handing the parkee to a retriever, or to the parker who answered a ring-back (REFER with Replaces).
        case handingOver(Handover)
        /// The parkee could not do REFER: the service relays the call to the retriever itself (FLOWS 4).
        case bridged(to: Retriever)
        /// After the last ring-back: the parkee is REFERred to `onTimeoutURI`; `accepted` once it answered 202.
        case transferringToFallback(to: SIPURI, accepted: Bool)
        /// Over; the machine can be dropped.
        case ended(EndReason)
    }

    /// A handover in progress (SPEC §5 Retrieve, FLOWS 4).
    public struct Handover: Hashable, Sendable {
        /// How far the handover got.
        public enum Stage: Hashable, Sendable {
            /// The retriever's INVITE was answered 200; its ACK has not arrived yet.
            case awaitingAck
            /// REFER sent to the parkee.
            case referSent
            /// The parkee accepted the REFER (202, RFC 3515 §2.4.2); waiting for the final NOTIFY.
            case referAccepted
        }
        /// Who takes the call.
        public var retriever: Retriever
        /// Whether the taker is the parker answering a ring-back (the outcome is ``UnparkReason/ringback``).
        public var isRingBack: Bool
        /// How far it got.
        public var stage: Stage
        /// Whether the retriever's dialog with the service has ended (RFC 3891 §3: the retriever's agent ends it
        /// when the parkee's INVITE with Replaces arrives, so during a REFER this is the sign of success).
        public var retrieverLeft = false
        /// Whether the parkee's dialog with the service has ended (some transferees end it themselves, RFC 5589).
        public var parkeeLeft = false

        /// A handover at `stage`, both dialogs up.
        public init(retriever: Retriever, isRingBack: Bool, stage: Stage, retrieverLeft: Bool = false, parkeeLeft: Bool = false) {
            self.retriever = retriever
            self.isRingBack = isRingBack
            self.stage = stage
            self.retrieverLeft = retrieverLeft
            self.parkeeLeft = parkeeLeft
        }
    }

    /// How a parked call ended.
    public enum EndReason: Hashable, Sendable {
        /// It never got parked: the parkee refused the INVITE with Replaces or never sent its ACK (the status), or the
        /// parker cancelled.
        case notParked(SIPResponseStatus)
        /// Handed over with REFER + Replaces to this retriever (or the parker on a ring-back).
        case retrieved(by: SIPURI)
        /// A bridged call ended.
        case bridgeEnded
        /// The parkee hung up.
        case hungUp
        /// Transferred to `onTimeoutURI` after the last ring-back.
        case fallback(SIPURI)
        /// Ended after the last ring-back: no fallback set, or the fallback transfer failed.
        case timedOut
        /// Ended by the pool.
        case dropped(DropReason)
    }

    /// Why the pool ends a parked call.
    public enum DropReason: String, Hashable, Sendable, Codable {
        /// A planned stop (SPEC §6): parks in progress and parked calls end; handovers, fallback transfers and
        /// bridged calls are left to finish (send ``shutdown`` when the drain time is up).
        case drain
        /// The pool stops now: every leg ends.
        case shutdown
    }

    // MARK: Identity

    /// The parked call's identifier (the store's record id, the park response's `parked-call id`).
    public let id: String
    /// The pool whose park service holds the call.
    public let pool: String
    /// The orbit, reserved by the driver before the machine starts (see ``OrbitAllocator``).
    public let orbit: Orbit
    /// How the call is being parked (SPEC §5 A, B or C).
    public let method: ParkMethod
    /// The parker's address of record: where ring-backs go.
    public let parker: SIPURI
    /// The parked party; the driver may fill in ``Parkee/identity`` once it knows it.
    public var parkee: Parkee
    /// The call park settings in force on the pool when the call was parked (SPEC §2).
    public let settings: CallParkSettings
    /// Seconds to wait for the final NOTIFY of a REFER before deciding without it.
    public let transferTimeout: Double
    /// `Retry-After` seconds for a park request refused because the pool drains.
    public let drainRetryAfter: Int

    // MARK: Progress

    /// The current state.
    public internal(set) var state: State = .parking
    /// Ring-backs that ended without the call being taken.
    public internal(set) var attempts = 0
    /// Whether the parker has a control dialog to be told on (SPEC §5 A); it ends with the first notification.
    public internal(set) var hasControlDialog: Bool
    /// When the call was parked (`now` of the event that parked it), `nil` while parking.
    public internal(set) var parkedAt: Double?
    /// Whether the orbit is still held for this call.
    public internal(set) var holdsOrbit = true
    /// The fallback destination, `onTimeoutURI` read as a URI (an unreadable one counts as none).
    public let fallbackURI: SIPURI?

    var started = false
    /// Deadline of each pending timer: a `timerFired` before it is a stale timer, cancelled since, and is ignored.
    var deadlines: [Timer: Double] = [:]

    /// A machine in ``State/parking``; ``start(now:)`` returns its first action.
    public init(
        id: String, pool: String, orbit: Orbit, method: ParkMethod, parker: SIPURI, parkee: Parkee, settings: CallParkSettings,
        transferTimeout: Double = 32, drainRetryAfter: Int = 30
    ) {
        self.id = id
        self.pool = pool
        self.orbit = orbit
        self.method = method
        self.parker = parker
        self.parkee = parkee
        self.settings = settings
        self.transferTimeout = transferTimeout
        self.drainRetryAfter = drainRetryAfter
        if case .controlDialog = method { hasControlDialog = true } else { hasControlDialog = false }
        fallbackURI = settings.onTimeoutURI.flatMap { try? SIPURI($0) }
    }

    /// Whether the call is over.
    public var isEnded: Bool {
        if case .ended = state { return true }
        return false
    }

    /// What the parkee hears while parked.
    public var music: MusicSource {
        guard settings.enableMusicOnHold else { return .silence }
        return settings.musicOnHoldFile.map { .file($0) } ?? .defaultTune
    }

    // MARK: Timers

    /// Arms `timer` to fire `seconds` after `now`.
    mutating func schedule(_ timer: Timer, after seconds: Double, now: Double) -> Action {
        deadlines[timer] = now + seconds
        return .schedule(timer, after: seconds)
    }

    /// Disarms `timer`: a `.cancel` action when it was pending, nothing otherwise.
    mutating func cancel(_ timer: Timer) -> [Action] {
        deadlines.removeValue(forKey: timer) == nil ? [] : [.cancel(timer)]
    }

    /// Disarms every pending timer.
    mutating func cancelAll() -> [Action] { Timer.allCases.flatMap { cancel($0) } }

    /// Whether a `timerFired(timer)` at `now` is the pending one (not a stale one cancelled since): it must be
    /// pending and due, allowing 50 ms for clocks read at slightly different moments.
    mutating func consumeDeadline(_ timer: Timer, now: Double) -> Bool {
        guard let deadline = deadlines[timer], now >= deadline - 0.05 else { return false }
        deadlines[timer] = nil
        return true
    }
}
