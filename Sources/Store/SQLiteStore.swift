import GRDB
import Logging
import Topology

/// The embedded management store (SPEC §2): one SQLite file through GRDB, in WAL journal mode with foreign keys on,
/// or a private in-memory database for tests.
///
/// ```swift
/// let store = try SQLiteStore(path: "/var/lib/callpark/callpark.sqlite", logger: logger)
/// try await store.migrate()
/// try await store.apply(.setFailedOver(pool: "pool-a", true))
/// ```
public final class SQLiteStore: ManagementStore {
    /// The path given to the ``init(path:logger:)``: a file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter
    let logger: Logger

    /// Opens the database at `path` (created when missing), or a new in-memory one for `:memory:`.
    public init(path: String, logger: Logger) throws(StoreError) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (a command-line invocation next to `callpark serve`) may hold the write lock: wait for it.
        configuration.busyMode = .timeout(30)
        configuration.label = "callpark.store"
        self.path = path
        self.logger = logger
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                // A pool of connections puts the file in WAL mode: readers never wait for the writer.
                writer = try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw .unreachable(url: "sqlite:\(path)", underlying: Self.describe(error))
        }
    }

    /// Creates or upgrades the schema; refuses a database migrated by a newer callpark.
    public func migrate() async throws {
        try await mapErrors("migrating the schema") {
            let applied = try await writer.read { db in try Self.migrator.appliedIdentifiers(db) }
            let found = Self.schemaVersion(of: applied)
            guard found <= StoreSchema.version else { throw StoreError.schemaTooNew(found: found, supported: StoreSchema.version) }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                Self.migrator.asyncMigrate(writer) { result in continuation.resume(with: result.map { _ in () }) }
            }
            if found < StoreSchema.version {
                logger.info(
                    "store schema migrated",
                    metadata: ["store.engine": "sqlite", "store.schema_from": "\(found)", "store.schema_to": "\(StoreSchema.version)"])
            }
        }
    }

    /// The deployment, or nil when the store holds none yet.
    public func deployment() async throws -> Deployment? {
        try await mapErrors("reading the deployment") {
            try await writer.read { db in try Self.loadDeployment(db) }
        }
    }

    /// Applies `change` in one write transaction, writing only the rows that changed, and bumps the revision.
    @discardableResult
    public func apply(_ change: TopologyChange) async throws -> Deployment {
        try await mapErrors("applying \(change.kindName)") {
            let (deployment, rows) = try await writer.write { db in
                let old = try Self.loadDeployment(db)
                let new = try change.applied(to: old)
                let plan = StoreWritePlan(from: old, to: new)
                try Self.execute(plan, db)
                try db.execute(sql: StoreSchema.bumpRevisionSQL)
                return (new, plan.rowCount)
            }
            logger.debug("store change applied", metadata: ["store.change": "\(change.kindName)", "store.rows": "\(rows)"])
            return deployment
        }
    }

    /// The revision: 0 for an empty store, one more for every applied change.
    public func revision() async throws -> Int64 {
        try await mapErrors("reading the revision") {
            try await writer.read { db in try Int64.fetchOne(db, sql: StoreSchema.selectRevisionSQL) ?? 0 }
        }
    }

    /// Closes the database connections.
    public func close() async throws {
        try await mapErrors("closing the database") { try writer.close() }
    }

    /// Runs raw SQL in a write transaction (tests and maintenance; bypasses the revision).
    func execute(sql: String) async throws {
        try await writer.write { db in try db.execute(sql: sql) }
    }

    /// The journal mode in force (`wal` for a file).
    func journalMode() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Runs `body`, turning errors other than ``StoreError`` into ``StoreError/database(_:_:)`` about `context`.
    func mapErrors<T>(_ context: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(context, Self.describe(error))
        }
    }

    /// A readable message for a GRDB error (SQL arguments are not shown).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.description }
        return String(describing: error)
    }
}
