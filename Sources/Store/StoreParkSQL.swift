/// The statements on the park tables, the same for both engines but for their placeholders (SQLite's `?`,
/// PostgreSQL's `$1`, `$2`, …). Each is one small statement on one table: park traffic never loads the deployment.
/// Values always go in parameters; only placeholders and column names are written into the SQL.
struct StoreParkSQL: Sendable {
    /// How an engine writes the parameter placeholders.
    enum Placeholders: Sendable {
        /// `?` (SQLite, GRDB).
        case question
        /// `$1`, `$2`, … (PostgreSQL).
        case numbered
    }

    /// The engine's placeholders.
    let placeholders: Placeholders

    /// SQLite's statements.
    static let sqlite = StoreParkSQL(placeholders: .question)
    /// PostgreSQL's statements.
    static let postgres = StoreParkSQL(placeholders: .numbered)

    /// The placeholder of parameter `number` (from 1).
    private func parameter(_ number: Int) -> String {
        switch placeholders {
        case .question: "?"
        case .numbered: "$\(number)"
        }
    }

    /// `count` placeholders from parameter 1, separated by commas.
    private func parameterList(_ count: Int) -> String {
        (1...count).map(parameter).joined(separator: ", ")
    }

    /// Inserts or replaces one parked call; parameters: ``StoreSchema/parkedCallRow(_:)``.
    var saveParkedCall: String {
        StoreSchema.parkedCalls.upsertSQL("VALUES (\(parameterList(StoreSchema.parkedCalls.columns.count)))")
    }

    /// Deletes one parked call; parameter: its id.
    var removeParkedCall: String {
        "DELETE FROM \(StoreSchema.parkedCalls.name) WHERE id = \(parameter(1))"
    }

    /// The parked calls, of one pool when `byPool` (parameter: the pool). Sorting is left to
    /// ``StoreSchema/sorted(_:)``, which orders orbits as ``Orbit`` does.
    func parkedCalls(byPool: Bool) -> String {
        let table = StoreSchema.parkedCalls
        let filter = byPool ? " WHERE pool = \(parameter(1))" : ""
        return "SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)\(filter)"
    }

    /// Appends one event; parameters: ``StoreSchema/parkEventRow(_:)``.
    var insertParkEvent: String {
        let columns = StoreSchema.parkEvents.columns.dropFirst().map(\.name)
        return "INSERT INTO \(StoreSchema.parkEvents.name) (\(columns.joined(separator: ", "))) VALUES (\(parameterList(columns.count)))"
    }

    /// The newest events, newest first: at or after a time when `since` (parameter), of one pool when `byPool`
    /// (parameter), then the limit (last parameter). Ties on time go by id, i.e. in the order they were recorded.
    func parkEvents(since: Bool, byPool: Bool) -> String {
        let table = StoreSchema.parkEvents
        var conditions: [String] = []
        if since { conditions.append("time >= \(parameter(conditions.count + 1))") }
        if byPool { conditions.append("pool = \(parameter(conditions.count + 1))") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return "SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)\(filter)"
            + " ORDER BY time DESC, id DESC LIMIT \(parameter(conditions.count + 1))"
    }

    /// Deletes the events before a time (parameter).
    var pruneParkEvents: String {
        "DELETE FROM \(StoreSchema.parkEvents.name) WHERE time < \(parameter(1))"
    }
}
