import CallPark
import Testing
import Topology

@testable import Store

/// Upgrading a database written by an older callpark.
extension StoreConformance {
    /// A version 2 database (before the park tables) with a deployment in it upgrades to version 3, keeping the
    /// deployment and the revision, and then holds parked calls and events.
    static func upgradeFromVersion2(_ database: any TestDatabase) async throws {
        let old = try await database.open(migratedTo: 2)
        do {
            try await old.apply(.replaceAll(Fixtures.full()))
            try await old.apply(.setFailedOver(pool: "pool-b", false))
            // Version 2 has no park tables.
            await #expect(throws: StoreError.self) { try await old.parkedCalls(pool: nil) }
            try await old.close()
        } catch {
            try? await old.close()
            await database.destroy()
            throw error
        }
        try await database.withStore { (store) async throws in
            var expected = Fixtures.full()
            expected.pools["pool-b"]?.failedOver = false
            #expect(try await store.deployment() == expected)
            #expect(try await store.revision() == 2)
            #expect(try await store.parkedCalls(pool: nil) == [])
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 10) == [])

            let record = Fixtures.parkedCalls[2]
            try await store.saveParkedCall(record)
            try await store.recordParkEvent(Fixtures.events[0])
            #expect(try await store.parkedCalls(pool: nil) == [record])
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 10) == [Fixtures.events[0]])
            #expect(try await store.revision() == 2)
            #expect(try await store.deployment() == expected)
        }
    }
}
