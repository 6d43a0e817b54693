import Foundation
import Testing
import Topology

@testable import Store

/// The shared suite on SQLite (in memory, or a temporary file where a case needs several stores), and what only
/// SQLite has: WAL journal, foreign keys, its migrations table.
@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("shared store behaviour", arguments: StoreConformance.allCases)
    func conformance(_ behaviour: StoreConformance) async throws {
        try await behaviour.run(on: SQLiteTestDatabase(persistent: behaviour.needsSharedDatabase))
    }

    @Test("a file is in WAL journal mode with foreign keys on")
    func walAndForeignKeys() async throws {
        let database = SQLiteTestDatabase(persistent: true)
        try await database.withStore { (store) async throws in
            let sqlite = try #require(store as? SQLiteStore)
            #expect(try await sqlite.journalMode() == "wal")
            try await store.apply(.replaceAll(Fixtures.full()))
            // A user homed on a pool that does not exist breaks a foreign key (checked at commit).
            await #expect(throws: (any Error).self) {
                try await sqlite.execute(
                    sql: "INSERT INTO users VALUES ('ghost', NULL, 'no-such-pool', 1, '\(Fixtures.hex("m", count: 32))', '')")
            }
            #expect(try await store.deployment() == Fixtures.full())
        }
    }

    @Test("a database migrated by a newer callpark is refused")
    func schemaTooNew() async throws {
        let database = SQLiteTestDatabase(persistent: true)
        try await database.withStore { (store) async throws in
            let sqlite = try #require(store as? SQLiteStore)
            try await sqlite.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v7')")
            await #expect(throws: StoreError.schemaTooNew(found: 7, supported: StoreSchema.version)) { try await store.migrate() }
        }
    }

    @Test("a file that cannot be created is unreachable")
    func unreachable() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/callpark.sqlite"
        #expect {
            _ = try SQLiteStore(path: path, logger: TestLog.quiet)
        } throws: { error in
            (error as? StoreError)?.code == .unreachable && "\(error)".contains(path)
        }
    }

    @Test("openStore opens SQLite from a path, a sqlite: URL and sqlite::memory:")
    func openStoreSQLite() async throws {
        let database = SQLiteTestDatabase(persistent: true)
        try await database.withStore { (_) async throws in
            for url in [database.path, "sqlite:" + database.path, "sqlite::memory:"] {
                let store = try await openStore(url: url, logger: TestLog.quiet)
                #expect(store is SQLiteStore)
                try await store.migrate()
                #expect(try await store.revision() == 0)
                try await store.close()
            }
        }
    }
}
