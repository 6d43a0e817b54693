import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// A timer fired. A timer that is not pending, or fires before its deadline (a stale one, cancelled and armed
    /// again since), is ignored.
    public mutating func timerFired(_ timer: Timer, now: Double) -> [Action] {
        guard consumeDeadline(timer, now: now) else { return [] }
        switch (timer, state) {
        case (.pickup, .parked):
            // SPEC §5 Time-out: pickupTimeout after the park (or the last failed ring-back), call the parker.
            let attempt = attempts + 1
            state = .ringingBack(attempt: attempt)
            return [
                .ringBack(parker: parker, attempt: attempt),
                schedule(.ringback, after: Double(settings.ringbackDuration), now: now),
                .record(.ringBack, retriever: nil, detail: "ring-back \(attempt) of \(settings.maxPickupAttempts) to \(parker)"),
            ]
        case (.ringback, .ringingBack(let attempt)):
            // SPEC §5 Time-out: not answered within ringbackDuration.
            return [.cancelRingBack] + attemptFailed(now: now, why: "ring-back \(attempt) not answered")
        case (.transfer, .handingOver(let handover)):
            return handoverTimedOut(handover, now: now)
        case (.transfer, .transferringToFallback(let target, let accepted)):
            // No final NOTIFY: once the parkee accepted the REFER it is on its way, so leave; otherwise give up.
            if accepted { return fallbackSucceeded(target, detail: "transferred to \(target) (no final NOTIFY)") }
            return fallbackFailed(target, why: "no answer to the REFER")
        default:
            return []
        }
    }

    /// The parker answered a ring-back (the driver ACKed the 200 OK): hand the parkee over to it exactly as for a
    /// retrieve (SPEC §5 Time-out). `parker` names the answering contact and the ring-back dialog as the parker sees
    /// it. An answer that crossed the CANCEL of a ring-back given up is still taken while the call is parked; in any
    /// other state the stray ring-back dialog is hung up.
    public mutating func ringBackAnswered(by parker: Retriever, now: Double) -> [Action] {
        switch state {
        case .ringingBack, .parked:
            let stop = cancel(.ringback) + cancel(.pickup)
            let handover = Handover(retriever: parker, isRingBack: true, stage: .referSent)
            state = .handingOver(handover)
            // RFC 3891 §3 / RFC 3515: the parkee calls the parker with Replaces naming the ring-back dialog.
            return stop + [
                .cancelRingBack, .referParkee(to: parker.referTo, replacing: parker.dialog),
                schedule(.transfer, after: transferTimeout, now: now),
            ]
        default:
            return [.hangUpRetriever(parker)]
        }
    }

    /// The ring-back failed (every contact refused it, or the parker has no registered contact): the attempt counts
    /// as unanswered.
    public mutating func ringBackFailed(_ status: SIPResponseStatus, now: Double) -> [Action] {
        guard case .ringingBack(let attempt) = state else { return [] }
        return cancel(.ringback) + attemptFailed(now: now, why: "ring-back \(attempt) failed: \(status)")
    }

    // MARK: Helpers

    /// SPEC §5 Time-out: count the attempt; while attempts < maxPickupAttempts wait pickupTimeout again; after the
    /// last, transfer the parkee to onTimeoutURI with REFER, or end the call with BYE.
    mutating func attemptFailed(now: Double, why: String) -> [Action] {
        attempts += 1
        if attempts < settings.maxPickupAttempts {
            state = .parked
            return [schedule(.pickup, after: Double(settings.pickupTimeout), now: now)]
        }
        if let fallbackURI {
            state = .transferringToFallback(to: fallbackURI, accepted: false)
            // RFC 3515: a blind transfer of the parkee; no Replaces.
            return [.referParkee(to: fallbackURI, replacing: nil), schedule(.transfer, after: transferTimeout, now: now)]
        }
        return leave(
            .timedOut, stopMusic: true, hangUpParkee: true, notify: .drop,
            record: (.dropped, nil, "\(why); no answer after \(attempts) ring-back\(attempts == 1 ? "" : "s") and no fallback set"))
    }

    /// The fallback transfer succeeded: leave the call (RFC 5589 §6: the transferor ends its dialog).
    mutating func fallbackSucceeded(_ target: SIPURI, detail: String) -> [Action] {
        leave(.fallback(target), stopMusic: true, hangUpParkee: true, notify: .fallback, by: target, record: (.fallback, nil, detail))
    }

    /// The fallback transfer failed: end the call.
    mutating func fallbackFailed(_ target: SIPURI, why: String) -> [Action] {
        leave(.timedOut, stopMusic: true, hangUpParkee: true, notify: .drop, record: (.dropped, nil, "fallback to \(target) failed: \(why)"))
    }
}
