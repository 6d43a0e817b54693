import Foundation

@testable import Store

/// A PostgreSQL schema of its own in the database `CALLPARK_TEST_POSTGRES_URL` names, dropped at the end.
struct PostgresTestDatabase: TestDatabase {
    let engine = "PostgreSQL"
    /// Where the store connects, with a schema unique to this test.
    let configuration: PostgresStore.Configuration

    /// The server for the PostgreSQL tests, from `CALLPARK_TEST_POSTGRES_URL`; nil skips them.
    static let url: String? = ProcessInfo.processInfo.environment["CALLPARK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// A fresh schema on the configured server.
    init() throws {
        guard let url = Self.url, case .postgres(var configuration) = try StoreURL(parsing: url) else {
            throw StoreError.badURL(Self.url ?? "", reason: "CALLPARK_TEST_POSTGRES_URL must be a postgres:// URL")
        }
        configuration.schema = "callpark_test_" + UUID().uuidString.lowercased().replacing("-", with: "")
        self.configuration = configuration
    }

    func open() async throws -> any ManagementStore {
        let store = try await PostgresStore(configuration: configuration, logger: TestLog.quiet)
        try await store.migrate()
        return store
    }

    func open(migratedTo version: Int) async throws -> any ManagementStore {
        let store = try await PostgresStore(configuration: configuration, logger: TestLog.quiet)
        try await store.migrate(upTo: version)
        return store
    }

    func destroy() async {
        guard let schema = configuration.quotedSchema,
            let store = try? await PostgresStore(configuration: configuration, logger: TestLog.quiet)
        else { return }
        try? await store.execute(sql: "DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try? await store.close()
    }
}
