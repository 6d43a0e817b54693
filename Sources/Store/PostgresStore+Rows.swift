import Foundation
import Logging
import PostgresNIO
import Topology

/// Reading and writing rows of the shared schema with postgres-nio.
extension PostgresStore {
    /// The deployment as stored, or nil when there is none. Each table comes back as one JSON array of rows built by
    /// the server: one message instead of one per row, which is much faster to receive and decode.
    static func loadDeployment(_ connection: PostgresConnection, logger: Logger) async throws -> Deployment? {
        var rows: [String: [[StoreValue]]] = [:]
        for table in StoreSchema.tables {
            var json = "[]"
            for try await text in try await connection.query(PostgresQuery(unsafeSQL: jsonSelectSQL(table)), logger: logger).decode(String.self) {
                json = text
            }
            rows[table.name] = try decodeRows(json, of: table)
        }
        return try StoreSchema.deployment(from: rows)
    }

    /// `SELECT` of the whole table as one JSON array of row arrays (in the table's column order).
    static func jsonSelectSQL(_ table: StoreTable) -> String {
        let order = table.orderedBy.map { " ORDER BY \($0)" } ?? ""
        let columns = table.columns.map(\.name).joined(separator: ", ")
        return "SELECT COALESCE(json_agg(json_build_array(\(columns))\(order))::text, '[]') FROM \(table.name)"
    }

    /// The rows of `table` from the JSON that ``jsonSelectSQL(_:)`` returns.
    static func decodeRows(_ json: String, of table: StoreTable) throws -> [[StoreValue]] {
        guard let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]] else {
            throw StoreError.database("reading \(table.name)", "the server did not return an array of rows")
        }
        return try rows.map { row in
            guard row.count == table.columns.count else {
                throw StoreError.database("reading \(table.name)", "a row has \(row.count) columns, expected \(table.columns.count)")
            }
            return try zip(row, table.columns).map { value, column in
                guard let decoded = jsonValue(value, column.type) else {
                    throw StoreError.database("reading \(table.name).\(column.name)", "unexpected value \(value)")
                }
                return decoded
            }
        }
    }

    /// One JSON value as the column's type, or nil when it is not one.
    private static func jsonValue(_ value: Any, _ type: StoreTable.ColumnType) -> StoreValue? {
        if value is NSNull { return .null }
        switch type {
        case .text:
            return (value as? String).map { .text($0) }
        case .integer:
            if let int = value as? Int { return .integer(Int64(int)) }
            return (value as? NSNumber).map { .integer($0.int64Value) }
        case .real:
            if let double = value as? Double { return .real(double) }
            return (value as? NSNumber).map { .real($0.doubleValue) }
        case .bool:
            if let bool = value as? Bool { return .bool(bool) }
            return (value as? NSNumber).map { .bool($0.boolValue) }
        }
    }

    /// Carries out `plan`: each step sends its rows as one JSON array (in batches of ``rowsPerStatement``) that the
    /// server unpacks with `json_array_elements`, one statement for thousands of rows.
    static func execute(_ plan: StoreWritePlan, _ connection: PostgresConnection, logger: Logger) async throws {
        for step in plan.steps {
            switch step {
            case .upsert(let table, let rows):
                for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
                    let batch = rows[start..<min(start + rowsPerStatement, rows.count)]
                    try await run(jsonUpsertSQL(table), json: batch.map { $0.map(jsonObject) }, connection, logger)
                }
            case .delete(let table, let keys):
                for start in stride(from: 0, to: keys.count, by: rowsPerStatement) {
                    let batch = keys[start..<min(start + rowsPerStatement, keys.count)]
                    try await run(jsonDeleteSQL(table), json: batch.map(jsonObject), connection, logger)
                }
            case .deleteAll(let table):
                try await connection.query(PostgresQuery(unsafeSQL: table.deleteAllSQL), logger: logger)
            }
        }
    }

    /// At most this many rows go in one statement.
    static let rowsPerStatement = 10_000

    /// An upsert of the rows of the JSON array parameter `$1`, each an array in the table's column order.
    static func jsonUpsertSQL(_ table: StoreTable) -> String {
        let values = table.columns.indices.map { "(r ->> \($0))::\(table.columns[$0].type.postgresType)" }
        return table.upsertSQL("SELECT \(values.joined(separator: ", ")) FROM json_array_elements($1::json) AS rows (r)")
    }

    /// A `DELETE` of the rows whose key is in the JSON array parameter `$1`.
    static func jsonDeleteSQL(_ table: StoreTable) -> String {
        table.deleteSQL("SELECT k::\(table.key.type.postgresType) FROM json_array_elements_text($1::json) AS keys (k)")
    }

    private static func run(_ sql: String, json: [Any], _ connection: PostgresConnection, _ logger: Logger) async throws {
        let data = try JSONSerialization.data(withJSONObject: json)
        var binds = PostgresBindings(capacity: 1)
        binds.append(String(decoding: data, as: UTF8.self))
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    private static func jsonObject(_ value: StoreValue) -> Any {
        switch value {
        case .text(let text): text
        case .integer(let int): int
        case .real(let double): double
        case .bool(let bool): bool
        case .null: NSNull()
        }
    }
}
