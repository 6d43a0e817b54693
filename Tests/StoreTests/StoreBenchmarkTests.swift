import Foundation
import Testing
import Topology

@testable import Store

/// Timings of the store with 100,000 users on each engine, printed and never asserted. Run on demand:
/// `CALLPARK_STORE_BENCHMARK=1 swift test --filter StoreBenchmarkTests` (PostgreSQL too when
/// `CALLPARK_TEST_POSTGRES_URL` is set).
@Suite(
    "Store benchmark",
    .enabled(if: ProcessInfo.processInfo.environment["CALLPARK_STORE_BENCHMARK"] != nil, "set CALLPARK_STORE_BENCHMARK=1 to run"),
    .serialized)
struct StoreBenchmarkTests {
    @Test("100,000 users: import, load, addUser, setFailedOver")
    func hundredThousandUsers() async throws {
        var databases: [any TestDatabase] = [SQLiteTestDatabase(persistent: true)]
        if PostgresTestDatabase.url != nil { databases.append(try PostgresTestDatabase()) }
        let clock = ContinuousClock()
        let deployment = Fixtures.bulk(users: 100_000)
        for database in databases {
            try await database.withStore { (store) async throws in
                let importTime = try await clock.measure { try await store.apply(.replaceAll(deployment)) }
                var loaded: Deployment?
                let loadTime = try await clock.measure { loaded = try await store.deployment() }
                #expect(loaded?.users.count == 100_000)
                let addTime = try await clock.measure { try await store.apply(.addUser(Fixtures.user("zoe", pool: "pool-b"))) }
                let failoverTime = try await clock.measure { try await store.apply(.setFailedOver(pool: "pool-a", true)) }
                let reimportTime = try await clock.measure { try await store.apply(.replaceAll(deployment)) }
                print(
                    "StoreBenchmark (\(database.engine), 100,000 users): import \(importTime), load \(loadTime), addUser \(addTime), "
                        + "setFailedOver \(failoverTime), re-import (two rows differ) \(reimportTime)")
            }
        }
    }
}
