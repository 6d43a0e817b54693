import GRDB
import Topology

/// Reading and writing rows of the shared schema with GRDB.
extension SQLiteStore {
    /// The deployment as stored, or nil when there is none.
    static func loadDeployment(_ db: Database) throws -> Deployment? {
        var rows: [String: [[StoreValue]]] = [:]
        for table in StoreSchema.tables {
            var tableRows: [[StoreValue]] = []
            let cursor = try Row.fetchCursor(db, sql: table.selectSQL)
            while let row = try cursor.next() {
                tableRows.append(table.columns.indices.map { value(row[$0] as DatabaseValue) })
            }
            rows[table.name] = tableRows
        }
        return try StoreSchema.deployment(from: rows)
    }

    /// Carries out `plan` with one prepared statement per step, executed once per row.
    static func execute(_ plan: StoreWritePlan, _ db: Database) throws {
        for step in plan.steps {
            switch step {
            case .upsert(let table, let rows):
                let values = "VALUES (" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
                let statement = try db.makeStatement(sql: table.upsertSQL(values))
                for row in rows {
                    try statement.execute(arguments: StatementArguments(row.map(databaseValue)))
                }
            case .delete(let table, let keys):
                let statement = try db.makeStatement(sql: table.deleteSQL("?"))
                for key in keys {
                    try statement.execute(arguments: [databaseValue(key)])
                }
            case .deleteAll(let table):
                try db.execute(sql: table.deleteAllSQL)
            }
        }
    }

    /// A column value as the shared rows carry it.
    static func value(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .integer(int)
        case .double(let double): .real(double)
        case .string(let string): .text(string)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }

    /// A shared value as a GRDB argument.
    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .text(let text): text.databaseValue
        case .integer(let int): int.databaseValue
        case .real(let double): double.databaseValue
        case .bool(let bool): bool.databaseValue
        case .null: .null
        }
    }
}
