/// One table of the management store as both engines read and write it: a name and columns, the first column
/// being the primary key. The SQL that creates it lives in each engine's migrations; this describes the current
/// columns, in the order of the rows that ``StoreWritePlan`` carries.
struct StoreTable: Hashable, Sendable {
    /// A column's type, mapped to each engine's SQL type.
    enum ColumnType: Hashable, Sendable {
        case text, integer, real, bool

        /// The PostgreSQL type, used to cast parameters so that NULLs and batches are typed.
        var postgresType: String {
            switch self {
            case .text: "text"
            case .integer: "bigint"
            case .real: "double precision"
            case .bool: "boolean"
            }
        }
    }

    /// One column.
    struct Column: Hashable, Sendable {
        /// The column name.
        let name: String
        /// The column type.
        let type: ColumnType
    }

    /// The table name.
    let name: String
    /// The columns; the first is the primary key.
    let columns: [Column]
    /// The column rows are read in order of, if the order matters.
    let orderedBy: String?

    /// A table; `columns` are `(name, type)` pairs, the first being the key.
    init(_ name: String, _ columns: [(String, ColumnType)], orderedBy: String? = nil) {
        self.name = name
        self.columns = columns.map { Column(name: $0.0, type: $0.1) }
        self.orderedBy = orderedBy
    }

    /// The primary key column.
    var key: Column { columns[0] }

    /// `SELECT` of every column, in order.
    var selectSQL: String {
        let order = orderedBy.map { " ORDER BY \($0)" } ?? ""
        return "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(name)\(order)"
    }

    /// `DELETE` of every row.
    var deleteAllSQL: String { "DELETE FROM \(name)" }

    /// Insert the rows that `source` yields (`VALUES (?, …)` or a `SELECT`), in column order; on a key conflict,
    /// update every other column.
    func upsertSQL(_ source: String) -> String {
        let updates = columns.dropFirst().map { "\($0.name) = excluded.\($0.name)" }
        return "INSERT INTO \(name) (\(columns.map(\.name).joined(separator: ", "))) \(source)"
            + " ON CONFLICT (\(key.name)) DO UPDATE SET \(updates.joined(separator: ", "))"
    }

    /// Delete the rows whose key is in `keys` (`?` or a `SELECT`).
    func deleteSQL(_ keys: String) -> String {
        "DELETE FROM \(name) WHERE \(key.name) IN (\(keys))"
    }
}
