import Foundation
import Testing
import Topology

@testable import Store

/// The shared suite on PostgreSQL, each case in a schema of its own. These tests need a server: they run when
/// `CALLPARK_TEST_POSTGRES_URL` is set (`eval "$(scripts/start-test-postgres.sh)"` starts one) and are skipped,
/// saying so, when it is not.
@Suite(
    "PostgreSQL store",
    .enabled(if: PostgresTestDatabase.url != nil, "CALLPARK_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped"))
struct PostgresStoreTests {
    @Test("shared store behaviour", arguments: StoreConformance.allCases)
    func conformance(_ behaviour: StoreConformance) async throws {
        try await behaviour.run(on: PostgresTestDatabase())
    }

    @Test("a database migrated by a newer callpark is refused")
    func schemaTooNew() async throws {
        try await PostgresTestDatabase().withStore { (store) async throws in
            let postgres = try #require(store as? PostgresStore)
            try await postgres.execute(sql: "INSERT INTO callpark_migrations (version, name) VALUES (9, 'v9')")
            await #expect(throws: StoreError.schemaTooNew(found: 9, supported: StoreSchema.version)) { try await store.migrate() }
        }
    }

    @Test("openStore opens PostgreSQL from its URL")
    func openStorePostgres() async throws {
        let database = try PostgresTestDatabase()
        let url = try #require(PostgresTestDatabase.url) + "?schema=\(try #require(database.configuration.schema))"
        let store = try await openStore(url: url, logger: TestLog.quiet)
        #expect(store is PostgresStore)
        try await store.migrate()
        #expect(try await store.deployment() == nil)
        try await store.close()
        await database.destroy()
    }
}

/// Says whether the PostgreSQL store tests run, in the test output, and checks what needs no server.
@Suite("PostgreSQL store, without a server")
struct PostgresStoreOfflineTests {
    @Test("whether the PostgreSQL tests run")
    func availability() {
        if let url = PostgresTestDatabase.url {
            print("StoreTests: PostgreSQL store tests run against \(url)")
        } else {
            print("StoreTests: PostgreSQL store tests SKIPPED: CALLPARK_TEST_POSTGRES_URL is not set (see scripts/start-test-postgres.sh)")
        }
    }

    @Test("a server that does not answer is unreachable, with the URL and the reason")
    func unreachable() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let configuration = PostgresStore.Configuration(
            host: "127.0.0.1", port: 1, username: "callpark", password: "secret", database: "callpark", connectTimeout: .seconds(5))
        await #expect {
            _ = try await PostgresStore(configuration: configuration, logger: TestLog.quiet)
        } throws: { error in
            let error = error as? StoreError
            return error?.code == .unreachable && error?.description.contains("postgres://callpark:***@127.0.0.1:1/callpark") == true
                && error?.description.contains("secret") == false
        }
    }
}
