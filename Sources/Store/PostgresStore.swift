import Logging
import PostgresNIO
import Topology

/// The multi-host management store (SPEC §2): one PostgreSQL database that every pool of a deployment points at,
/// through postgres-nio. Changes serialise on the revision row (`SELECT … FOR UPDATE`), so two command-line
/// invocations on two hosts cannot interleave.
///
/// ```swift
/// let store = try await PostgresStore(
///     configuration: .init(host: "db1", username: "callpark", database: "callpark"), logger: logger)
/// try await store.migrate()
/// let revision = try await store.revision()
/// try await store.close()
/// ```
public final class PostgresStore: ManagementStore {
    /// Where the database is.
    public let configuration: Configuration
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>

    /// Connects once to check that the server answers (else ``StoreError/unreachable(url:underlying:)``), then starts
    /// a connection pool that the store runs until ``close()``.
    public init(configuration: Configuration, logger: Logger) async throws(StoreError) {
        do {
            let probe = try await PostgresConnection.connect(
                configuration: configuration.connectionConfiguration, id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw .unreachable(url: configuration.description, underlying: Self.describe(error))
        }
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.runTask = Task { await client.run() }
    }

    deinit {
        runTask.cancel()
    }

    /// The deployment, or nil when the store holds none yet (read in one repeatable-read transaction).
    public func deployment() async throws -> Deployment? {
        try await transaction("reading the deployment", readOnly: true) { connection in
            try await Self.loadDeployment(connection, logger: self.logger)
        }
    }

    /// Applies `change` in one transaction that holds the revision row, writing only the rows that changed.
    @discardableResult
    public func apply(_ change: TopologyChange) async throws -> Deployment {
        try await transaction("applying \(change.kindName)", readOnly: false) { connection in
            // Every writer locks the revision row first: applies on any host run one after the other, and each
            // loads what the previous one committed.
            try await connection.query(PostgresQuery(unsafeSQL: StoreSchema.selectRevisionSQL + " FOR UPDATE"), logger: self.logger)
            let old = try await Self.loadDeployment(connection, logger: self.logger)
            let new = try change.applied(to: old)
            let plan = StoreWritePlan(from: old, to: new)
            try await Self.execute(plan, connection, logger: self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: StoreSchema.bumpRevisionSQL), logger: self.logger)
            self.logger.debug(
                "store change applied", metadata: ["store.change": "\(change.kindName)", "store.rows": "\(plan.rowCount)"])
            return new
        }
    }

    /// The revision: 0 for an empty store, one more for every applied change.
    public func revision() async throws -> Int64 {
        try await mapErrors("reading the revision") {
            // Read the sequence to its end: that is what hands the connection back to the pool.
            var revision: Int64 = 0
            let rows = try await client.query(PostgresQuery(unsafeSQL: StoreSchema.selectRevisionSQL), logger: logger)
            for try await value in rows.decode(Int64.self) { revision = value }
            return revision
        }
    }

    /// Stops the connection pool; the store is unusable afterwards.
    public func close() async throws {
        runTask.cancel()
        await runTask.value
    }

    /// Runs raw SQL (tests and maintenance; bypasses the revision).
    func execute(sql: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// Runs `body` on one connection inside `BEGIN` … `COMMIT` (`ROLLBACK` when it throws, which rethrows the
    /// original error); a read-only transaction is repeatable-read, so it sees one snapshot.
    func transaction<T: Sendable>(
        _ context: String, readOnly: Bool, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await mapErrors(context) {
            try await client.withConnection { connection in
                let begin = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
                try await connection.query(PostgresQuery(unsafeSQL: begin), logger: self.logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: self.logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: self.logger)
                    throw error
                }
            }
        }
    }

    /// Runs `body`, turning errors other than ``StoreError`` into unreachable (lost connections) or database errors.
    func mapErrors<T>(_ context: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError where Self.isConnectionFailure(error) {
            throw StoreError.unreachable(url: configuration.description, underlying: Self.describe(error))
        } catch {
            throw StoreError.database(context, Self.describe(error))
        }
    }

    private static func isConnectionFailure(_ error: PSQLError) -> Bool {
        [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown].contains(error.code)
    }

    /// A readable message: the server's own message and SQLSTATE when it sent one (postgres-nio's description hides
    /// them on purpose; they name no secret).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            let detail = info[.detail].map { " — \($0)" } ?? ""
            return "\(message)\(detail) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
