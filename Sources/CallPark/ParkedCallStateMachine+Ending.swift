import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// The parkee ended P with BYE. While parked or ringing back this frees the orbit at once and tells the parker
    /// `hang-up` (SPEC §5 Hang-up, FLOWS 6). During a handover it may be the transferee ending P after its transfer
    /// (RFC 5589): the music stops and the machine waits for the NOTIFY, or concludes at once if R has ended too.
    /// A bridged call ends; a fallback transfer already accepted counts as done.
    public mutating func parkeeHungUp(now: Double) -> [Action] {
        switch state {
        case .parking:
            // SPEC §5 B, C: a BYE (or CANCEL) before the ACK; the parker was never told anything. In A there is no P yet.
            guard method.hasParkeeDialogBeforeAnswer else { return [] }
            return releaseOrbit(resting: false) + end(.hungUp)
        case .parked, .ringingBack:
            return leave(
                .hungUp, cancelRingBack: state != .parked, stopMusic: true, hangUpParkee: false, notify: .hangUp,
                record: (.hangUp, nil, "the parked party hung up"))
        case .handingOver(var handover):
            if handover.stage == .awaitingAck { return parkeeGone(handover, detail: "the parked party hung up before the transfer") }
            guard !handover.parkeeLeft else { return [] }
            handover.parkeeLeft = true
            state = .handingOver(handover)
            return [.stopMusic] + (handover.retrieverLeft ? handoverSucceeded(handover) : [])
        case .bridged(let retriever):
            return leave(.bridgeEnded, stopMusic: false, hangUpParkee: false, hangUpRetriever: retriever, notify: nil, record: nil)
        case .transferringToFallback(let target, let accepted):
            if accepted {
                return leave(
                    .fallback(target), stopMusic: true, hangUpParkee: false, notify: .fallback, by: target,
                    record: (.fallback, nil, "transferred to \(target); the parked party ended its dialog"))
            }
            return leave(
                .hungUp, stopMusic: true, hangUpParkee: false, notify: .hangUp,
                record: (.hangUp, nil, "the parked party hung up before the transfer to \(target)"))
        case .ended:
            return []
        }
    }

    /// The pool ends the call (SPEC §6): BYE to the parkee, orbit freed, parker told `drop`. A park request in
    /// progress is cancelled and answered `503 pool draining`. With ``DropReason/drain``, handovers, fallback
    /// transfers and bridged calls are left to finish; ``DropReason/shutdown`` ends them too.
    public mutating func drop(_ reason: DropReason, now: Double) -> [Action] {
        let detail = reason == .drain ? "pool \(pool) draining" : "pool \(pool) stopping"
        switch state {
        case .parking:
            var actions: [Action]
            if method.hasParkeeDialogBeforeAnswer {
                actions = [.hangUpParkee]  // our 200 OK is out: BYE once the ACK comes (RFC 3261 §15)
            } else {
                actions = [.cancelParkeeInvite]
                if hasControlDialog { actions.append(.refuseParker(ParkRefusal(.poolDraining(retryAfter: drainRetryAfter)))) }
            }
            hasControlDialog = false
            return actions + releaseOrbit(resting: false) + end(.dropped(reason))
        case .parked, .ringingBack:
            return leave(
                .dropped(reason), cancelRingBack: state != .parked, stopMusic: true, hangUpParkee: true, notify: .drop,
                record: (.dropped, nil, detail))
        case .handingOver(let handover):
            guard reason == .shutdown else { return [] }
            return leave(
                .dropped(reason), stopMusic: !handover.parkeeLeft, hangUpParkee: !handover.parkeeLeft,
                hangUpRetriever: handover.retrieverLeft ? nil : handover.retriever, notify: .drop,
                record: (.dropped, handover.retriever.identity, "\(detail) during a transfer"))
        case .transferringToFallback(let target, _):
            guard reason == .shutdown else { return [] }
            return leave(
                .dropped(reason), stopMusic: true, hangUpParkee: true, notify: .drop,
                record: (.dropped, nil, "\(detail) during the transfer to \(target)"))
        case .bridged(let retriever):
            guard reason == .shutdown else { return [] }
            return leave(
                .dropped(reason), stopMusic: false, hangUpParkee: true, hangUpRetriever: retriever, notify: nil,
                record: (.dropped, retriever.identity, "bridged call ended: \(detail)"))
        case .ended:
            return []
        }
    }

    // MARK: Helpers

    /// Leaves the call in order: timers disarmed, ring-back cancelled, music stopped, legs hung up, orbit released
    /// (resting), parker told on its control dialog, event recorded; then ``State/ended(_:)``.
    mutating func leave(
        _ reason: EndReason, cancelRingBack: Bool = false, stopMusic: Bool, hangUpParkee: Bool, hangUpRetriever: Retriever? = nil,
        notify: UnparkReason?, by: SIPURI? = nil, record: (kind: ParkEventKind, retriever: SIPURI?, detail: String)?
    ) -> [Action] {
        var actions = cancelAll()
        if cancelRingBack { actions.append(.cancelRingBack) }
        if stopMusic { actions.append(.stopMusic) }
        if hangUpParkee { actions.append(.hangUpParkee) }
        if let hangUpRetriever { actions.append(.hangUpRetriever(hangUpRetriever)) }
        actions += releaseOrbit(resting: true)
        if let notify { actions += notifyParker(notify, by: by) }
        if let record { actions.append(.record(record.kind, retriever: record.retriever, detail: record.detail)) }
        return actions + end(reason)
    }
}

extension ParkMethod {
    /// Whether the parkee's dialog P exists while parking (SPEC §5 B, C: the parkee called the service and got our
    /// 200 OK) rather than only after its answer (SPEC §5 A).
    var hasParkeeDialogBeforeAnswer: Bool {
        if case .controlDialog = self { return false }
        return true
    }
}
