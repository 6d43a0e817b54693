import CallPark
import Topology

/// Parked-call records and park events for the store tests.
extension Fixtures {
    /// Every way to park.
    static let methods: [ParkedCallRecord.Method] = [.controlDialog, .directed, .parkNumber]
    /// Every phase.
    static let phases: [ParkedCallRecord.Phase] = [.parking, .parked, .ringingBack, .handingOver, .bridged, .transferringToFallback, .ended]

    /// Stops compiling when CallPark gains a method or a phase, so that ``methods`` and ``phases`` stay complete.
    static func isListed(_ method: ParkedCallRecord.Method, _ phase: ParkedCallRecord.Phase) -> Bool {
        switch method {
        case .controlDialog, .directed, .parkNumber: break
        }
        switch phase {
        case .parking, .parked, .ringingBack, .handingOver, .bridged, .transferringToFallback, .ended: break
        }
        return methods.contains(method) && phases.contains(phase)
    }

    /// 2026-01-01T00:00:00Z plus a fraction that a float column must keep.
    static let epoch = 1_767_225_600.123_456

    /// A record; `identity` nil is a parkee known only by its contact.
    static func parkedCall(
        _ id: String, pool: String = "pool-a", orbit: String = "*3042", method: ParkedCallRecord.Method = .controlDialog,
        identity: String? = "sip:alice@callpark.test", parkedAt: Double = epoch, attempts: Int = 0,
        phase: ParkedCallRecord.Phase = .parked
    ) -> ParkedCallRecord {
        ParkedCallRecord(
            id: id, pool: pool, orbit: self.orbit(orbit), method: method, parker: "sip:bob@callpark.test;transport=tcp",
            parkeeContact: "sip:alice@192.0.2.1:5062;ob", parkeeIdentity: identity,
            parkeeDialog: .init(callID: "a84b4c76e66710-\(id)@192.0.2.1", localTag: "svc-\(id)", remoteTag: "ç-\(id)"),
            parkedAt: parkedAt, attempts: attempts, phase: phase)
    }

    /// One record per phase, in the order the store returns them: every method, orbits with `*`, `#` and no prefix,
    /// the identity set and not, several pools, attempts from 0 to 3.
    static let parkedCalls: [ParkedCallRecord] = phases.enumerated().map { index, phase in
        parkedCall(
            "pc-\(index)", pool: ["pool-a", "pool-b", "pool-c"][index % 3], orbit: ["*3042", "#4001", "5007"][index % 3],
            method: methods[index % methods.count], identity: index.isMultiple(of: 2) ? "sip:ünïcode+\(index)@callpark.test" : nil,
            parkedAt: epoch + Double(index) * 1.25, attempts: index % 4, phase: phase)
    }

    /// An event `offset` seconds after ``epoch``.
    static func event(
        _ kind: ParkEventKind, at offset: Double, pool: String = "pool-a", orbit: String = "*3042", retriever: String? = nil,
        detail: String = ""
    ) -> ParkEvent {
        ParkEvent(
            time: epoch + offset, kind: kind, parkedCallID: "pc-\(pool)-\(orbit)", pool: pool, orbit: self.orbit(orbit),
            parker: "sip:bob@callpark.test", parkee: "sip:alice@callpark.test", retriever: retriever, detail: detail)
    }

    /// Events of two pools in the order they are recorded, which is not quite the order of their times: every kind,
    /// the retriever set and not, two pairs of equal times.
    static let events: [ParkEvent] = [
        event(.parked, at: 0, detail: "parked by control dialog"),
        event(.parked, at: 1, pool: "pool-b", orbit: "#4001"),
        event(.ringBack, at: 30, detail: "ring-back 1 of 3 to sip:bob@callpark.test"),
        event(.hangUp, at: 20, pool: "pool-b", orbit: "#4001"),
        event(.retrieved, at: 30, retriever: "sip:carol@callpark.test", detail: "answered"),
        event(.parked, at: 40, pool: "pool-b", orbit: "5007"),
        event(.bridged, at: 45.5, pool: "pool-b", orbit: "5007", retriever: "sip:dave@callpark.test", detail: "parkee cannot REFER: 501"),
        event(.fallback, at: 45.5, orbit: "*3043", detail: "to sip:operator@callpark.test"),
        event(.dropped, at: 60, pool: "pool-b", orbit: "*3044", detail: "pool draining"),
    ]

    /// ``events`` as the store returns them: by time, equal times in the order recorded.
    static let eventsInOrder: [ParkEvent] = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        .map(\.element)
}
