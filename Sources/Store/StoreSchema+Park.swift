import CallPark
import Topology

/// The park tables (schema version 3): the dynamic park table and the events log, written by the pools' park
/// services on every park and unpark. They are not part of the deployment: writing them never bumps the revision.
extension StoreSchema {
    /// Parked calls, by id: one row per call a pool's park service holds (SPEC §6), dialog P flattened into three
    /// columns.
    static let parkedCalls = StoreTable(
        "parked_calls",
        [
            ("id", .text), ("pool", .text), ("orbit", .text), ("method", .text), ("parker", .text), ("parkee_contact", .text),
            ("parkee_identity", .text), ("parkee_call_id", .text), ("parkee_local_tag", .text), ("parkee_remote_tag", .text),
            ("parked_at", .real), ("attempts", .integer), ("phase", .text),
        ])

    /// Park events, by a number the database assigns in insertion order (which breaks ties between equal times).
    static let parkEvents = StoreTable(
        "park_events",
        [
            ("id", .integer), ("time", .real), ("kind", .text), ("parked_call_id", .text), ("pool", .text), ("orbit", .text),
            ("parker", .text), ("parkee", .text), ("retriever", .text), ("detail", .text),
        ])

    /// The row of `record`, in ``parkedCalls`` column order.
    static func parkedCallRow(_ record: ParkedCallRecord) -> [StoreValue] {
        [
            .text(record.id), .text(record.pool), .text(record.orbit.description), .text(record.method.rawValue), .text(record.parker),
            .text(record.parkeeContact), StoreValue(record.parkeeIdentity), .text(record.parkeeDialog.callID),
            .text(record.parkeeDialog.localTag), .text(record.parkeeDialog.remoteTag), .real(record.parkedAt),
            StoreValue(record.attempts), .text(record.phase.rawValue),
        ]
    }

    /// The record in a row of ``parkedCalls``.
    static func parkedCall(from values: [StoreValue]) throws(StoreError) -> ParkedCallRecord {
        let r = StoreRowReader(table: parkedCalls, values: values)
        guard let method = ParkedCallRecord.Method(rawValue: try r.text(3)) else { throw unknown(r, 3, "park method") }
        guard let phase = ParkedCallRecord.Phase(rawValue: try r.text(12)) else { throw unknown(r, 12, "phase") }
        return ParkedCallRecord(
            id: try r.text(0), pool: try r.text(1), orbit: orbit(try r.text(2)), method: method, parker: try r.text(4),
            parkeeContact: try r.text(5), parkeeIdentity: try r.optionalText(6),
            parkeeDialog: .init(callID: try r.text(7), localTag: try r.text(8), remoteTag: try r.text(9)),
            parkedAt: try r.real(10), attempts: try r.integer(11), phase: phase)
    }

    /// The records in the order ``ManagementStore/parkedCalls(pool:)`` returns them: by time parked, then orbit
    /// (``Orbit``'s order: `*9` before `*10`, whatever the database's collation), then pool and id.
    static func sorted(_ records: [ParkedCallRecord]) -> [ParkedCallRecord] {
        records.sorted { ($0.parkedAt, $0.orbit, $0.pool, $0.id) < ($1.parkedAt, $1.orbit, $1.pool, $1.id) }
    }

    /// The row of `event` without its id (the database assigns it), in ``parkEvents`` column order from `time`.
    static func parkEventRow(_ event: ParkEvent) -> [StoreValue] {
        [
            .real(event.time), .text(event.kind.rawValue), .text(event.parkedCallID), .text(event.pool), .text(event.orbit.description),
            .text(event.parker), .text(event.parkee), StoreValue(event.retriever), .text(event.detail),
        ]
    }

    /// The event in a row of ``parkEvents`` (its id included).
    static func parkEvent(from values: [StoreValue]) throws(StoreError) -> ParkEvent {
        let r = StoreRowReader(table: parkEvents, values: values)
        guard let kind = ParkEventKind(rawValue: try r.text(2)) else { throw unknown(r, 2, "event kind") }
        return ParkEvent(
            time: try r.real(1), kind: kind, parkedCallID: try r.text(3), pool: try r.text(4), orbit: orbit(try r.text(5)),
            parker: try r.text(6), parkee: try r.text(7), retriever: try r.optionalText(8), detail: try r.text(9))
    }

    /// The error for a text column holding a value this build does not know (a newer callpark wrote it).
    private static func unknown(_ reader: StoreRowReader, _ index: Int, _ what: String) -> StoreError {
        let column = reader.table.columns[index].name
        return StoreError.database("reading \(reader.table.name).\(column)", "unknown \(what) \(reader.values[index])")
    }
}
