import CallPark
import PostgresNIO

/// The park tables on PostgreSQL: each call is one parameterised statement on a pooled connection, outside any
/// transaction of the deployment, and none touches the revision row.
extension PostgresStore {
    /// Inserts `record`, or replaces the record with its id.
    public func saveParkedCall(_ record: ParkedCallRecord) async throws {
        try await command("saving parked call \(record.id)", StoreParkSQL.postgres.saveParkedCall, StoreSchema.parkedCallRow(record))
    }

    /// Deletes the record with this id, if there is one.
    public func removeParkedCall(id: String) async throws {
        try await command("removing parked call \(id)", StoreParkSQL.postgres.removeParkedCall, [.text(id)])
    }

    /// The records of `pool` (of every pool for `nil`), by time parked then orbit.
    public func parkedCalls(pool: String?) async throws -> [ParkedCallRecord] {
        let sql = StoreParkSQL.postgres.parkedCalls(byPool: pool != nil)
        let rows = try await select("reading the parked calls", sql, pool.map { [.text($0)] } ?? [], StoreSchema.parkedCalls)
        return StoreSchema.sorted(try rows.map(StoreSchema.parkedCall(from:)))
    }

    /// Appends `event` to the log.
    public func recordParkEvent(_ event: ParkEvent) async throws {
        try await command("recording a \(event.kind.rawValue) event", StoreParkSQL.postgres.insertParkEvent, StoreSchema.parkEventRow(event))
    }

    /// The newest `limit` events at or after `since` of `pool`, oldest first.
    public func parkEvents(since: Double?, pool: String?, limit: Int) async throws -> [ParkEvent] {
        guard limit > 0 else { return [] }
        var parameters: [StoreValue] = []
        if let since { parameters.append(.real(since)) }
        if let pool { parameters.append(.text(pool)) }
        parameters.append(StoreValue(limit))
        let sql = StoreParkSQL.postgres.parkEvents(since: since != nil, byPool: pool != nil)
        let rows = try await select("reading the park events", sql, parameters, StoreSchema.parkEvents)
        return try rows.reversed().map(StoreSchema.parkEvent(from:))
    }

    /// Deletes the events before `olderThan` and returns how many there were.
    @discardableResult
    public func pruneParkEvents(olderThan: Double) async throws -> Int {
        try await mapErrors("pruning the park events") {
            // One statement that deletes and counts: the command tag's row count is not exposed by the async API.
            let sql = "WITH pruned AS (\(StoreParkSQL.postgres.pruneParkEvents) RETURNING 1) SELECT count(*) FROM pruned"
            var count: Int64 = 0
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings([.real(olderThan)])), logger: logger)
            for try await value in rows.decode(Int64.self) { count = value }
            return Int(count)
        }
    }

    /// Runs one statement that returns no rows, with `parameters` bound.
    private func command(_ context: String, _ sql: String, _ parameters: [StoreValue]) async throws {
        try await mapErrors(context) {
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(parameters)), logger: logger)
            // Read the sequence to its end: that is what hands the connection back to the pool.
            for try await _ in rows {}
        }
    }

    /// Runs one query with `parameters` bound and returns its rows as values in `table`'s column order.
    private func select(_ context: String, _ sql: String, _ parameters: [StoreValue], _ table: StoreTable) async throws -> [[StoreValue]] {
        try await mapErrors(context) {
            var result: [[StoreValue]] = []
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(parameters)), logger: logger)
            for try await row in rows {
                result.append(try Self.values(row, table))
            }
            return result
        }
    }

    /// `values` as bound parameters (a NULL takes its type from where the statement uses it).
    static func bindings(_ values: [StoreValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let int): binds.append(int)
            case .real(let double): binds.append(double)
            case .bool(let bool): binds.append(bool)
            case .null: binds.appendNull()
            }
        }
        return binds
    }

    /// The cells of `row` decoded as `table`'s column types.
    static func values(_ row: PostgresRow, _ table: StoreTable) throws -> [StoreValue] {
        let cells = row.makeRandomAccess()
        guard cells.count == table.columns.count else {
            throw StoreError.database("reading \(table.name)", "a row has \(cells.count) columns, expected \(table.columns.count)")
        }
        return try zip(cells, table.columns).map { cell, column in
            switch column.type {
            case .text: StoreValue(try cell.decode(String?.self))
            case .integer: try cell.decode(Int64?.self).map { .integer($0) } ?? .null
            case .real: try cell.decode(Double?.self).map { .real($0) } ?? .null
            case .bool: try cell.decode(Bool?.self).map { .bool($0) } ?? .null
            }
        }
    }
}
