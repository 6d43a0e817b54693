import CallPark
import GRDB

/// The park tables on SQLite: each call is one cached statement in its own short transaction, and none touches the
/// deployment or the revision.
extension SQLiteStore {
    /// Inserts `record`, or replaces the record with its id.
    public func saveParkedCall(_ record: ParkedCallRecord) async throws {
        try await mapErrors("saving parked call \(record.id)") {
            try await writer.write { db in
                try db.cachedStatement(sql: StoreParkSQL.sqlite.saveParkedCall)
                    .execute(arguments: Self.arguments(StoreSchema.parkedCallRow(record)))
            }
        }
    }

    /// Deletes the record with this id, if there is one.
    public func removeParkedCall(id: String) async throws {
        try await mapErrors("removing parked call \(id)") {
            try await writer.write { db in
                try db.cachedStatement(sql: StoreParkSQL.sqlite.removeParkedCall).execute(arguments: [id])
            }
        }
    }

    /// The records of `pool` (of every pool for `nil`), by time parked then orbit.
    public func parkedCalls(pool: String?) async throws -> [ParkedCallRecord] {
        try await mapErrors("reading the parked calls") {
            let rows = try await writer.read { db in
                let statement = try db.cachedStatement(sql: StoreParkSQL.sqlite.parkedCalls(byPool: pool != nil))
                return try Self.fetch(statement, arguments: StatementArguments(pool.map { [$0] } ?? []), StoreSchema.parkedCalls)
            }
            return StoreSchema.sorted(try rows.map(StoreSchema.parkedCall(from:)))
        }
    }

    /// Appends `event` to the log.
    public func recordParkEvent(_ event: ParkEvent) async throws {
        try await mapErrors("recording a \(event.kind.rawValue) event") {
            try await writer.write { db in
                try db.cachedStatement(sql: StoreParkSQL.sqlite.insertParkEvent)
                    .execute(arguments: Self.arguments(StoreSchema.parkEventRow(event)))
            }
        }
    }

    /// The newest `limit` events at or after `since` of `pool`, oldest first.
    public func parkEvents(since: Double?, pool: String?, limit: Int) async throws -> [ParkEvent] {
        guard limit > 0 else { return [] }
        return try await mapErrors("reading the park events") {
            let rows = try await writer.read { db in
                let statement = try db.cachedStatement(sql: StoreParkSQL.sqlite.parkEvents(since: since != nil, byPool: pool != nil))
                var arguments: [(any DatabaseValueConvertible)?] = []
                if let since { arguments.append(since) }
                if let pool { arguments.append(pool) }
                arguments.append(limit)
                return try Self.fetch(statement, arguments: StatementArguments(arguments), StoreSchema.parkEvents)
            }
            return try rows.reversed().map(StoreSchema.parkEvent(from:))
        }
    }

    /// Deletes the events before `olderThan` and returns how many there were.
    @discardableResult
    public func pruneParkEvents(olderThan: Double) async throws -> Int {
        try await mapErrors("pruning the park events") {
            try await writer.write { db in
                try db.cachedStatement(sql: StoreParkSQL.sqlite.pruneParkEvents).execute(arguments: [olderThan])
                return db.changesCount
            }
        }
    }

    /// `row` as statement arguments.
    private static func arguments(_ row: [StoreValue]) -> StatementArguments {
        StatementArguments(row.map(databaseValue))
    }

    /// The rows `statement` returns, as values in `table`'s column order.
    private static func fetch(_ statement: Statement, arguments: StatementArguments, _ table: StoreTable) throws -> [[StoreValue]] {
        try Row.fetchAll(statement, arguments: arguments).map { row in table.columns.indices.map { value(row[$0] as DatabaseValue) } }
    }
}
