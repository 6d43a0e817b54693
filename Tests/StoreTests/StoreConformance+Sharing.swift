import Testing
import Topology

@testable import Store

/// Several stores on one database, one after the other or at the same time.
extension StoreConformance {
    static func persistsAcrossReopen(_ database: any TestDatabase) async throws {
        let first = try await database.open()
        try await first.apply(.replaceAll(Fixtures.full()))
        try await first.apply(.setFailedOver(pool: "pool-b", false))
        let written = try await first.deployment()
        try await first.close()
        try await database.withStore { (second) async throws in
            #expect(try await second.deployment() == written)
            #expect(try await second.revision() == 2)
        }
    }

    static func migratingTwice(_ database: any TestDatabase) async throws {
        let first = try await database.open()
        try await first.migrate()
        try await first.apply(.replaceAll(Fixtures.full()))
        try await first.migrate()
        try await first.migrate()
        #expect(try await first.deployment() == Fixtures.full())
        #expect(try await first.revision() == 1)
        try await first.close()
        // `open()` migrates again, on a new connection.
        try await database.withStore { (second) async throws in
            #expect(try await second.deployment() == Fixtures.full())
            #expect(try await second.revision() == 1)
        }
    }

    static func twoStores(_ database: any TestDatabase) async throws {
        let one = try await database.open()
        try await database.withStore { (two) async throws in
            try await one.apply(.replaceAll(Fixtures.full()))
            #expect(try await two.revision() == 1)
            #expect(try await two.deployment() == Fixtures.full())

            let erin = Fixtures.user("erin", pool: "pool-d", displayName: "Erin")
            try await two.apply(.addUser(erin))
            #expect(try await one.revision() == 2)
            #expect(try await one.deployment()?.users["erin"] == erin)

            // Each apply loads what the other committed: no lost update.
            try await one.apply(.setFailedOver(pool: "pool-b", false))
            try await two.apply(.removeUser("alice"))
            let seen = try #require(try await one.deployment())
            #expect(seen.pools["pool-b"]?.failedOver == false && seen.users["alice"] == nil && seen.users["erin"] == erin)
            #expect(try await one.revision() == 4)
            try await one.close()
        }
    }

    static func concurrentApplies(_ database: any TestDatabase) async throws {
        let one = try await database.open()
        try await database.withStore { (two) async throws in
            try await one.apply(.replaceAll(Fixtures.bulk(users: 0)))
            let names = (0..<12).map { "racer\($0)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, name) in names.enumerated() {
                    let store = index.isMultiple(of: 2) ? one : two
                    group.addTask { try await store.apply(.addUser(Fixtures.user(name, pool: "pool-a"))) }
                }
                try await group.waitForAll()
            }
            #expect(try await two.revision() == Int64(1 + names.count))
            #expect(try await one.deployment()?.users.keys.sorted() == names.sorted())
            try await one.close()
        }
    }

    static func bulkImport(_ database: any TestDatabase) async throws {
        let clock = ContinuousClock()
        try await database.withStore { (store) async throws in
            var expected = Fixtures.bulk(users: 20_000)
            let importTime = try await clock.measure { try await store.apply(.replaceAll(expected)) }
            var loaded: Deployment?
            let loadTime = try await clock.measure { loaded = try await store.deployment() }
            #expect(loaded?.users.count == 20_000)
            #expect(loaded == expected)

            let zoe = Fixtures.user("zoe", pool: "pool-b", displayName: "Zoë")
            let addTime = try await clock.measure { try await store.apply(.addUser(zoe)) }
            expected.users["zoe"] = zoe
            let failoverTime = try await clock.measure { try await store.apply(.setFailedOver(pool: "pool-a", true)) }
            expected.pools["pool-a"]?.failedOver = true
            #expect(try await store.deployment() == expected)
            #expect(try await store.revision() == 3)
            print(
                "StoreTests timing (\(database.engine), 20,000 users): import \(importTime), load \(loadTime), "
                    + "addUser \(addTime), setFailedOver \(failoverTime)")
        }
    }
}
