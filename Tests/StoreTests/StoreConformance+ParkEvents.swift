import CallPark
import Testing
import Topology

@testable import Store

/// The park events log, and what park writes leave alone: the revision and the deployment.
extension StoreConformance {
    static func parkEventsSincePoolLimit(_ database: any TestDatabase) async throws {
        let all = Fixtures.eventsInOrder
        #expect(Set(all.map(\.kind)) == Set(ParkEventKind.allCases))
        #expect(all.contains { $0.retriever == nil } && all.contains { $0.retriever != nil })
        try await database.withStore { (store) async throws in
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 10) == [])
            for event in Fixtures.events {
                try await store.recordParkEvent(event)
            }
            let loaded = try await store.parkEvents(since: nil, pool: nil, limit: 1000)
            #expect(loaded == all)
            for (got, want) in zip(loaded, all) {
                #expect(got.time == want.time && got.kind == want.kind && got.orbit == want.orbit, "\(want)")
                #expect(got.retriever == want.retriever && got.detail == want.detail, "\(want)")
            }

            // The limit keeps the newest, oldest first; equal times keep the order they were recorded in.
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 3) == Array(all.suffix(3)))
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 2).map(\.kind) == [.fallback, .dropped])
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 3).map(\.kind) == [.bridged, .fallback, .dropped])
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: all.count) == all)
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 0) == [])
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: -1) == [])

            // `since` is inclusive.
            let since = Fixtures.epoch + 30
            #expect(try await store.parkEvents(since: since, pool: nil, limit: 100) == all.filter { $0.time >= since })
            #expect(try await store.parkEvents(since: since, pool: nil, limit: 100).first?.kind == .ringBack)
            #expect(try await store.parkEvents(since: Fixtures.epoch + 1000, pool: nil, limit: 100) == [])

            let poolB = all.filter { $0.pool == "pool-b" }
            #expect(poolB.count == 5)
            #expect(try await store.parkEvents(since: nil, pool: "pool-b", limit: 100) == poolB)
            #expect(try await store.parkEvents(since: nil, pool: "pool-zz", limit: 100) == [])
            #expect(try await store.parkEvents(since: nil, pool: "pool-b", limit: 2) == Array(poolB.suffix(2)))
            let combined = poolB.filter { $0.time >= Fixtures.epoch + 20 }
            #expect(combined.count == 4)
            #expect(try await store.parkEvents(since: Fixtures.epoch + 20, pool: "pool-b", limit: 100) == combined)
            #expect(try await store.parkEvents(since: Fixtures.epoch + 20, pool: "pool-b", limit: 3) == Array(combined.suffix(3)))
        }
    }

    static func parkEventsPrune(_ database: any TestDatabase) async throws {
        let all = Fixtures.eventsInOrder
        try await database.withStore { (store) async throws in
            #expect(try await store.pruneParkEvents(olderThan: Fixtures.epoch + 1000) == 0)
            for event in Fixtures.events {
                try await store.recordParkEvent(event)
            }
            // Strictly older: the events at exactly the cut survive.
            let cut = Fixtures.epoch + 30
            let older = all.filter { $0.time < cut }.count
            #expect(older == 3)
            #expect(try await store.pruneParkEvents(olderThan: cut) == older)
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 100) == all.filter { $0.time >= cut })
            #expect(try await store.pruneParkEvents(olderThan: cut) == 0)
            #expect(try await store.pruneParkEvents(olderThan: Fixtures.epoch + 1000) == all.count - older)
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 100) == [])
            // The log goes on after a prune.
            let next = Fixtures.event(.parked, at: 2000)
            try await store.recordParkEvent(next)
            #expect(try await store.parkEvents(since: nil, pool: nil, limit: 100) == [next])
        }
    }

    static func parkWritesLeaveRevision(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            // With no deployment at all: park tables do not need one.
            try await parkTraffic(store)
            #expect(try await store.revision() == 0)
            #expect(try await store.deployment() == nil)

            try await store.apply(.replaceAll(Fixtures.full()))
            #expect(try await store.revision() == 1)
            try await parkTraffic(store)
            #expect(try await store.revision() == 1)
            #expect(try await store.deployment() == Fixtures.full())
            // And the deployment still changes as before, moving the revision.
            try await store.apply(.setFailedOver(pool: "pool-b", false))
            #expect(try await store.revision() == 2)
            #expect(try await store.parkedCalls(pool: nil).count == Fixtures.parkedCalls.count - 1)
        }
    }

    /// Every kind of park write: saves, a replace, a remove, events and a prune.
    private static func parkTraffic(_ store: any ManagementStore) async throws {
        for record in Fixtures.parkedCalls {
            try await store.saveParkedCall(record)
        }
        var replaced = Fixtures.parkedCalls[1]
        replaced.attempts += 1
        try await store.saveParkedCall(replaced)
        try await store.removeParkedCall(id: Fixtures.parkedCalls[0].id)
        for event in Fixtures.events {
            try await store.recordParkEvent(event)
        }
        try await store.pruneParkEvents(olderThan: Fixtures.epoch + 30)
    }
}
