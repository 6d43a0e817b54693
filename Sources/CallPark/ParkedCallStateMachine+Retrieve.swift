import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// Someone dialled the orbit (SPEC §5 Retrieve): answer it and, once it ACKs, REFER the parkee to it. A retrieve
    /// during a ring-back cancels the ring-back (the attempt is not counted). While parking the orbit has no call yet
    /// (`404 orbit not found`); while a handover or fallback transfer is under way it is busy (`486`, the first
    /// retriever wins); after the call left the orbit, `404`.
    public mutating func retrieveRequested(by retriever: Retriever, now: Double) -> [Action] {
        switch state {
        case .parked, .ringingBack:
            let ringing = if case .ringingBack = state { true } else { false }
            let stop = cancel(.pickup) + cancel(.ringback) + (ringing ? [.cancelRingBack] : [])
            state = .handingOver(Handover(retriever: retriever, isRingBack: false, stage: .awaitingAck))
            return stop + [.acceptRetriever(retriever)]
        case .handingOver, .transferringToFallback:
            return [.refuseRetriever(retriever, ParkRefusal(.orbitBusy(orbit)))]
        case .parking, .bridged, .ended:
            return [.refuseRetriever(retriever, ParkRefusal(.orbitNotFound(orbit)))]
        }
    }

    /// The retriever's ACK arrived: dialog R is confirmed, so the parkee's INVITE with Replaces will find it
    /// (RFC 3891 §3). REFER the parkee to it (FLOWS 4).
    public mutating func retrieverConfirmed(now: Double) -> [Action] {
        guard case .handingOver(var handover) = state, handover.stage == .awaitingAck else { return [] }
        handover.stage = .referSent
        state = .handingOver(handover)
        let retriever = handover.retriever
        return [.referParkee(to: retriever.referTo, replacing: retriever.dialog), schedule(.transfer, after: transferTimeout, now: now)]
    }

    /// The parkee accepted the REFER (`202 Accepted`, RFC 3515 §2.4.2): wait for its NOTIFYs.
    public mutating func referAccepted(now: Double) -> [Action] {
        switch state {
        case .handingOver(var handover) where handover.stage == .referSent:
            handover.stage = .referAccepted
            state = .handingOver(handover)
        case .transferringToFallback(let target, false):
            state = .transferringToFallback(to: target, accepted: true)
        default:
            break
        }
        return []
    }

    /// The parkee refused the REFER (a final non-2xx, RFC 3515 §2.4.2; `501` or another `4xx` from an agent that
    /// cannot transfer). A handover falls back to bridging R and P through the service (FLOWS 4), a `481` means P is
    /// gone; a fallback transfer ends the call.
    public mutating func referRejected(_ status: SIPResponseStatus, now: Double) -> [Action] {
        switch state {
        case .handingOver(let handover) where handover.stage != .awaitingAck:
            if status.code == 481 { return parkeeGone(handover, detail: "the parked party's dialog no longer exists (REFER: \(status))") }
            return handoverFailed(handover, now: now, why: "the parked party refused the REFER: \(status)")
        case .transferringToFallback(let target, _):
            return fallbackFailed(target, why: "the parked party refused the REFER: \(status)")
        default:
            return []
        }
    }

    /// The NOTIFY sipfrag reports a 2xx (RFC 3515 §2.4.5): the parkee is connected to the target. The service ends P
    /// and is out of the path (SPEC §1). R is left to the retriever's agent, which ends it itself (RFC 3891 §3).
    public mutating func transferSucceeded(now: Double) -> [Action] {
        switch state {
        case .handingOver(let handover) where handover.stage != .awaitingAck:
            return handoverSucceeded(handover)
        case .transferringToFallback(let target, _):
            return fallbackSucceeded(target, detail: "transferred to \(target)")
        default:
            return []
        }
    }

    /// The NOTIFY sipfrag reports a failure (RFC 3515 §2.4.5): with both parties still on the service they are
    /// bridged; with the retriever gone the call goes back on the orbit; a fallback transfer ends the call.
    public mutating func transferFailed(_ status: SIPResponseStatus, now: Double) -> [Action] {
        switch state {
        case .handingOver(let handover) where handover.stage != .awaitingAck:
            if handover.parkeeLeft { return parkeeGone(handover, detail: "the parked party hung up during the transfer (\(status))") }
            return handoverFailed(handover, now: now, why: "the transfer failed: \(status)")
        case .transferringToFallback(let target, _):
            return fallbackFailed(target, why: "\(status)")
        default:
            return []
        }
    }

    /// The retriever's dialog R ended (BYE, or its ACK never came). Before the REFER the retrieve is abandoned and
    /// the call stays parked; after it, this is what RFC 3891 §3 makes the retriever's agent do on success, so the
    /// machine waits for the NOTIFY (or concludes at once if P has ended too). A bridged call ends.
    public mutating func retrieverHungUp(now: Double) -> [Action] {
        switch state {
        case .handingOver(var handover):
            if handover.stage == .awaitingAck { return backOnOrbit(handover, now: now) }
            handover.retrieverLeft = true
            state = .handingOver(handover)
            return handover.parkeeLeft ? handoverSucceeded(handover) : []
        case .bridged:
            return leave(.bridgeEnded, stopMusic: false, hangUpParkee: true, notify: nil, record: nil)
        default:
            return []
        }
    }

    // MARK: Helpers

    /// The transfer worked (or both legs ended as if it had).
    mutating func handoverSucceeded(_ handover: Handover) -> [Action] {
        let who = handover.retriever.identity
        let detail = handover.isRingBack ? "picked up by the parker on a ring-back" : "retrieved by \(who)"
        return leave(
            .retrieved(by: who), stopMusic: !handover.parkeeLeft, hangUpParkee: !handover.parkeeLeft,
            notify: handover.isRingBack ? .ringback : .retrieved, by: who, record: (.retrieved, who, detail))
    }

    /// The REFER route failed: bridge when both parties are still there, else put the call back on the orbit.
    mutating func handoverFailed(_ handover: Handover, now: Double, why: String) -> [Action] {
        guard handover.retrieverLeft else { return bridge(handover, why: why) }
        return backOnOrbit(handover, now: now)
    }

    /// FLOWS 4: the parkee cannot do REFER; the service relays R and P itself. The call counts as retrieved: the
    /// orbit is freed and the parker told; the event says the call depends on the pool.
    mutating func bridge(_ handover: Handover, why: String) -> [Action] {
        let who = handover.retriever
        var actions = cancelAll() + [.stopMusic, .bridge(who)] + releaseOrbit(resting: true)
        actions += notifyParker(handover.isRingBack ? .ringback : .retrieved, by: who.identity)
        actions.append(.record(.bridged, retriever: who.identity, detail: "\(why); bridged through pool \(pool), the call depends on it"))
        state = .bridged(to: who)
        return actions
    }

    /// The retriever is gone and the parkee still here: back on the orbit with a fresh pickup timer. A failed
    /// handover to the parker on a ring-back counts as an unanswered attempt.
    mutating func backOnOrbit(_ handover: Handover, now: Double) -> [Action] {
        let stop = cancelAll()
        if handover.isRingBack {
            return stop + attemptFailed(now: now, why: "the parker's pick-up failed")
        }
        state = .parked
        return stop + [schedule(.pickup, after: Double(settings.pickupTimeout), now: now)]
    }

    /// P ended during the handover and the transfer did not happen: end R too.
    mutating func parkeeGone(_ handover: Handover, detail: String) -> [Action] {
        leave(
            .hungUp, stopMusic: !handover.parkeeLeft, hangUpParkee: false, hangUpRetriever: handover.retrieverLeft ? nil : handover.retriever,
            notify: .hangUp, record: (.hangUp, nil, detail))
    }

    /// No final NOTIFY within ``transferTimeout``: decide from the dialogs that are left.
    mutating func handoverTimedOut(_ handover: Handover, now: Double) -> [Action] {
        switch (handover.retrieverLeft, handover.parkeeLeft) {
        case (true, _): return handoverSucceeded(handover)  // R was replaced (RFC 3891 §3)
        case (false, true): return parkeeGone(handover, detail: "the parked party hung up during the transfer")
        case (false, false): return bridge(handover, why: "no answer to the transfer within \(Int(transferTimeout)) s")
        }
    }
}
