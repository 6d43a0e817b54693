import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// What the machine asks its driver to do, in the order given. Dialog names follow FLOWS.md: P is the parkee's
    /// dialog with the service, R a retriever's (or the parker's ring-back) dialog with the service, the control
    /// dialog is the parker's park-request INVITE (SPEC §5 A).
    public enum Action: Hashable, Sendable {
        // MARK: Taking the call

        /// SPEC §5 A: send the parkee (at `contact`) an INVITE with `Replaces: <replaces>` (RFC 3891) and an SDP offer
        /// for music on hold (`sendonly`). Its outcome is ``ParkedCallStateMachine/parkeeAnswered(now:)`` (send the
        /// ACK) or ``ParkedCallStateMachine/parkeeRejected(_:now:)``.
        case inviteParkee(contact: SIPURI, replaces: SIPReplaces)
        /// SPEC §5 A: CANCEL that INVITE (the parker gave up its park request).
        case cancelParkeeInvite
        /// SPEC §5 B, C: answer the parkee's INVITE `200 OK` with the music SDP (`sendonly`); its ACK is
        /// ``ParkedCallStateMachine/parkeeConfirmed(now:)``.
        case acceptParkee
        /// SPEC §5 A: answer the parker's park-request INVITE `200 OK` with this `application/park-response+xml`
        /// body; that dialog is now the control dialog (no SDP).
        case answerParker(ParkResponse)
        /// SPEC §5 A: answer the parker's park-request INVITE with this refusal (status and `Warning`).
        case refuseParker(ParkRefusal)
        /// SPEC §5 C: send the parker (its address of record) a `MESSAGE`, `text/plain`, with this text.
        case messageParker(to: SIPURI, text: String)

        // MARK: Music

        /// Start sending RTP to the parkee on P: this music, or silence packets.
        case startMusic(MusicSource)
        /// Stop sending RTP to the parkee.
        case stopMusic

        // MARK: Timers

        /// Arm `timer` to fire after `after` seconds; a pending timer of the same kind is replaced. When it fires,
        /// call ``ParkedCallStateMachine/timerFired(_:now:)``.
        case schedule(Timer, after: Double)
        /// Disarm `timer` (a late `timerFired` for it is ignored anyway).
        case cancel(Timer)

        // MARK: Ring-back

        /// Call the parker's registered contacts (forking, first answer wins), e.g. with the subject
        /// "Parked call *3042"; ring for `ringbackDuration` (the machine runs that timer). Outcomes:
        /// ``ParkedCallStateMachine/ringBackAnswered(by:now:)``, ``ParkedCallStateMachine/ringBackFailed(_:now:)``.
        case ringBack(parker: SIPURI, attempt: Int)
        /// CANCEL whatever is still pending of the ring-back INVITE(s).
        case cancelRingBack

        // MARK: Handing over

        /// Answer the retriever's INVITE `200 OK` (SDP `inactive` or music); its ACK is
        /// ``ParkedCallStateMachine/retrieverConfirmed(now:)``.
        case acceptRetriever(Retriever)
        /// Answer the retriever's INVITE with this refusal.
        case refuseRetriever(Retriever, ParkRefusal)
        /// Send the parkee `REFER` on P (RFC 3515) with `Refer-To: <to>` — `to` already carries `?Replaces=` when
        /// `replacing` is set (RFC 3891 §3, FLOWS 4) — and `Referred-By: <sip:orbit@domain>` (RFC 3892). Outcomes:
        /// ``ParkedCallStateMachine/referAccepted(now:)`` / ``ParkedCallStateMachine/referRejected(_:now:)``, then the
        /// NOTIFY sipfrag: ``ParkedCallStateMachine/transferSucceeded(now:)`` / ``ParkedCallStateMachine/transferFailed(_:now:)``.
        case referParkee(to: SIPURI, replacing: SIPReplaces?)
        /// Relay media between P and R through the service (the parkee cannot do REFER, FLOWS 4); such a call
        /// depends on the pool.
        case bridge(Retriever)

        // MARK: Ending

        /// End P with BYE (before the parkee's ACK in SPEC §5 B/C: once it arrives or times out, RFC 3261 §15).
        case hangUpParkee
        /// End this retriever's dialog R with BYE.
        case hangUpRetriever(Retriever)
        /// Give the orbit back to the ``OrbitAllocator``: `resting` when a caller may have been told this orbit.
        case releaseOrbit(Orbit, resting: Bool)
        /// Send `INFO` on the control dialog with this `application/unpark-notification+xml` body (SPEC §5 A step 4).
        case notifyParker(UnparkNotification)
        /// End the control dialog with BYE (after its notification).
        case endControlDialog
        /// Store a park event; build it with ``ParkedCallStateMachine/event(_:retriever:detail:at:)``.
        case record(ParkEventKind, retriever: SIPURI?, detail: String)
    }
}

/// What a parked caller hears (SPEC §2 `enableMusicOnHold`, `musicOnHoldFile`).
public enum MusicSource: Hashable, Sendable {
    /// The pool's music file (WAV).
    case file(String)
    /// The tune that ships with callpark.
    case defaultTune
    /// Silence packets: music on hold is disabled, but RTP keeps flowing so that media time-outs do not end the call.
    case silence
}

/// How a call is being parked (SPEC §5).
public enum ParkMethod: Hashable, Sendable {
    /// A: the parker's INVITE to the park number with a park-request body; the service takes the call over with
    /// INVITE + Replaces and keeps the parker's INVITE as the control dialog.
    case controlDialog(ParkRequest)
    /// B: the parkee's INVITE to a free orbit, REFERred there by the parker (`Referred-By`).
    case directed
    /// C: the parkee's INVITE to the park number, REFERred there by the parker; the orbit is told by `MESSAGE`.
    case parkNumber
}
