import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// The machine starts: SPEC §5 A sends the parkee the INVITE with Replaces; SPEC §5 B and C answer the parkee's
    /// INVITE. Only the first call does anything.
    public mutating func start(now: Double) -> [Action] {
        guard !started, state == .parking else { return [] }
        started = true
        switch method {
        case .controlDialog(let request):
            // RFC 3891 §3: the parkee accepts the INVITE because Replaces names its confirmed dialog D with the
            // parker, and ends D itself (FLOWS 1).
            return [.inviteParkee(contact: request.parkee, replaces: request.replaces)]
        case .directed, .parkNumber:
            return [.acceptParkee]
        }
    }

    /// SPEC §5 A: the parkee answered the INVITE with Replaces `200 OK` (the driver ACKs it). The call is parked:
    /// the parker gets its park response (or, if it cancelled meanwhile, a `MESSAGE`), the music starts and the
    /// pickup timer runs.
    public mutating func parkeeAnswered(now: Double) -> [Action] {
        guard case .controlDialog(let request) = method else { return [] }
        switch state {
        case .parking:
            var actions: [Action] = []
            if hasControlDialog {
                actions.append(.answerParker(ParkResponse(requestID: request.requestID, orbit: orbit, parkedCallID: id)))
            } else {
                actions.append(.messageParker(to: parker, text: parkedMessage))
            }
            return actions + parked(now: now, detail: "parked by \(parker) with a control dialog")
        case .ended:
            // The INVITE was cancelled (drop) but the 200 OK crossed the CANCEL: end the dialog it made.
            return [.hangUpParkee]
        default:
            return []
        }
    }

    /// SPEC §5 B, C: the parkee's ACK to our `200 OK` arrived. The call is parked: music, pickup timer and, for a
    /// park to the park number, a `MESSAGE` telling the parker the orbit.
    public mutating func parkeeConfirmed(now: Double) -> [Action] {
        guard state == .parking else { return [] }
        switch method {
        case .controlDialog: return []  // our own ACK; parkeeAnswered did the work
        case .directed:
            return parked(now: now, detail: "directed park by blind transfer from \(parker)")
        case .parkNumber:
            return [.messageParker(to: parker, text: parkedMessage)]
                + parked(now: now, detail: "park by blind transfer to the park number from \(parker)")
        }
    }

    /// The parkee's leg failed before the call was parked: it refused the INVITE with Replaces (SPEC §5 A: the
    /// parker gets that failure and its call stays as it was) or never sent its ACK (SPEC §5 B, C: status 408).
    public mutating func parkeeRejected(_ status: SIPResponseStatus, now: Double) -> [Action] {
        guard state == .parking else { return [] }
        var actions: [Action] = []
        switch method {
        case .controlDialog:
            if hasControlDialog { actions.append(.refuseParker(ParkRefusal(.parkeeRefused(status)))) }
        case .directed, .parkNumber:
            // RFC 3261 §13.3.1.4: a UAS whose 2xx is never acknowledged ends the dialog with BYE.
            actions.append(.hangUpParkee)
        }
        hasControlDialog = false
        return actions + releaseOrbit(resting: false) + end(.notParked(status))
    }

    /// The parker's control dialog ended (BYE, or CANCEL of its park request). While parking, the INVITE to the
    /// parkee is cancelled; should the parkee answer anyway the call is parked and the parker told by `MESSAGE`.
    /// Afterwards the call stays parked; only the notification is lost.
    public mutating func parkerControlDialogEnded(now: Double) -> [Action] {
        guard hasControlDialog else { return [] }
        hasControlDialog = false
        return state == .parking ? [.cancelParkeeInvite] : []
    }

    // MARK: Helpers

    /// The `MESSAGE` text of SPEC §5 C: `Call from Alice parked on *3042`.
    public var parkedMessage: String { "Call from \(parkee.name) parked on \(orbit)" }

    /// Enters ``State/parked`` for the first time.
    mutating func parked(now: Double, detail: String) -> [Action] {
        state = .parked
        parkedAt = now
        return [
            .startMusic(music), schedule(.pickup, after: Double(settings.pickupTimeout), now: now), .record(.parked, retriever: nil, detail: detail),
        ]
    }

    /// Gives the orbit back once.
    mutating func releaseOrbit(resting: Bool) -> [Action] {
        guard holdsOrbit else { return [] }
        holdsOrbit = false
        return [.releaseOrbit(orbit, resting: resting)]
    }

    /// Tells the parker on its control dialog, then ends that dialog (SPEC §5 A step 4); nothing without one.
    mutating func notifyParker(_ reason: UnparkReason, by: SIPURI? = nil) -> [Action] {
        guard hasControlDialog else { return [] }
        hasControlDialog = false
        return [.notifyParker(UnparkNotification(orbit: orbit, reason: reason, by: by)), .endControlDialog]
    }

    /// Enters ``State/ended(_:)``, disarming whatever timer is still pending.
    mutating func end(_ reason: EndReason) -> [Action] {
        state = .ended(reason)
        return cancelAll()
    }
}
