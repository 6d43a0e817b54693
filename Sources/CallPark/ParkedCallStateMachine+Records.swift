import SIPCore
import Topology

extension ParkedCallStateMachine {
    /// The event for a ``Action/record(_:retriever:detail:)`` action, at wall-clock `time` (seconds since 1970).
    public func event(_ kind: ParkEventKind, retriever: SIPURI?, detail: String, at time: Double) -> ParkEvent {
        ParkEvent(
            time: time, kind: kind, parkedCallID: id, pool: pool, orbit: orbit, parker: parker.description,
            parkee: parkee.address.description, retriever: retriever?.description, detail: detail)
    }

    /// The event `action` asks to record, or `nil` when it is another action.
    public func event(for action: Action, at time: Double) -> ParkEvent? {
        guard case .record(let kind, let retriever, let detail) = action else { return nil }
        return event(kind, retriever: retriever, detail: detail, at: time)
    }

    /// The store's record of this call now. `parkedAt` is wall-clock (seconds since 1970): the machine only knows
    /// the monotonic time.
    public func record(parkeeDialog: ParkedCallRecord.DialogIdentifiers, parkedAt: Double) -> ParkedCallRecord {
        ParkedCallRecord(
            id: id, pool: pool, orbit: orbit, method: method.recordMethod, parker: parker.description,
            parkeeContact: parkee.contact.description, parkeeIdentity: parkee.identity?.description, parkeeDialog: parkeeDialog,
            parkedAt: parkedAt, attempts: attempts, phase: state.phase)
    }
}

extension ParkedCallStateMachine.State {
    /// The state without its details, as the store keeps it.
    public var phase: ParkedCallRecord.Phase {
        switch self {
        case .parking: return .parking
        case .parked: return .parked
        case .ringingBack: return .ringingBack
        case .handingOver: return .handingOver
        case .bridged: return .bridged
        case .transferringToFallback: return .transferringToFallback
        case .ended: return .ended
        }
    }
}

extension ParkMethod {
    /// The method as the store keeps it.
    var recordMethod: ParkedCallRecord.Method {
        switch self {
        case .controlDialog: return .controlDialog
        case .directed: return .directed
        case .parkNumber: return .parkNumber
        }
    }
}
