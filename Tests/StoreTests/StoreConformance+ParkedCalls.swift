import CallPark
import Testing
import Topology

@testable import Store

/// The dynamic park table: round trip, replace, remove, filter and order.
extension StoreConformance {
    static func parkedCallRoundTrip(_ database: any TestDatabase) async throws {
        let expected = Fixtures.parkedCalls
        #expect(Set(expected.map(\.phase)) == Set(Fixtures.phases) && Set(expected.map(\.method)) == Set(Fixtures.methods))
        #expect(Set(expected.map { $0.orbit.prefix }) == ["*", "#", nil])
        #expect(expected.contains { $0.parkeeIdentity == nil } && expected.contains { $0.parkeeIdentity != nil })
        try await database.withStore { (store) async throws in
            #expect(try await store.parkedCalls(pool: nil) == [])
            // Saved in reverse: the order comes from the store.
            for record in expected.reversed() {
                try await store.saveParkedCall(record)
            }
            let loaded = try await store.parkedCalls(pool: nil)
            #expect(loaded == expected)
            // Field by field too, so a failure says which part did not survive.
            for (got, want) in zip(loaded, expected) {
                #expect(got.id == want.id && got.pool == want.pool)
                #expect(got.orbit == want.orbit, "\(want.id)")
                #expect(got.method == want.method && got.phase == want.phase, "\(want.id)")
                #expect(got.parker == want.parker && got.parkeeContact == want.parkeeContact, "\(want.id)")
                #expect(got.parkeeIdentity == want.parkeeIdentity, "\(want.id)")
                #expect(got.parkeeDialog == want.parkeeDialog, "\(want.id)")
                #expect(got.parkedAt == want.parkedAt, "\(want.id): \(got.parkedAt) != \(want.parkedAt)")
                #expect(got.attempts == want.attempts, "\(want.id)")
            }
        }
    }

    static func parkedCallReplaceAndRemove(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            let first = Fixtures.parkedCall("pc-1", orbit: "*3042", identity: nil, phase: .parking)
            let other = Fixtures.parkedCall("pc-2", orbit: "*3043", parkedAt: Fixtures.epoch + 5)
            try await store.saveParkedCall(first)
            try await store.saveParkedCall(other)

            // Saving the same id again replaces every column.
            var changed = first
            changed.phase = .ringingBack
            changed.attempts = 2
            changed.parkeeIdentity = "sip:alice@callpark.test"
            changed.orbit = Fixtures.orbit("#4000")
            changed.pool = "pool-b"
            changed.method = .directed
            changed.parkeeDialog.remoteTag = "new-tag"
            changed.parkedAt += 0.5
            try await store.saveParkedCall(changed)
            #expect(try await store.parkedCalls(pool: nil) == [changed, other])
            // And back to a nil identity.
            changed.parkeeIdentity = nil
            try await store.saveParkedCall(changed)
            #expect(try await store.parkedCalls(pool: nil) == [changed, other])

            try await store.removeParkedCall(id: "pc-1")
            #expect(try await store.parkedCalls(pool: nil) == [other])
            // Removing what is not there is no error.
            try await store.removeParkedCall(id: "pc-1")
            try await store.removeParkedCall(id: "no-such-call")
            #expect(try await store.parkedCalls(pool: nil) == [other])
            try await store.removeParkedCall(id: "pc-2")
            #expect(try await store.parkedCalls(pool: nil) == [])
        }
    }

    static func parkedCallsByPoolInOrder(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            let later = Fixtures.epoch + 10
            // Expected order: by time parked, then orbit as `Orbit` orders them (no prefix, `#`, `*`; shorter first),
            // which is not the text order (`*10` < `*9`) nor what a collation that skips punctuation gives.
            let poolA = [
                Fixtures.parkedCall("a-early", orbit: "*99", parkedAt: Fixtures.epoch),
                Fixtures.parkedCall("a-plain", orbit: "5000", parkedAt: later),
                Fixtures.parkedCall("a-hash", orbit: "#4000", parkedAt: later),
                Fixtures.parkedCall("a-star-9", orbit: "*9", parkedAt: later),
                Fixtures.parkedCall("a-star-10", orbit: "*10", parkedAt: later),
                Fixtures.parkedCall("a-late", orbit: "*1", parkedAt: later + 0.001),
            ]
            let poolB = [
                Fixtures.parkedCall("b-1", pool: "pool-b", orbit: "*3000", parkedAt: Fixtures.epoch - 1),
                Fixtures.parkedCall("b-2", pool: "pool-b", orbit: "*3001", parkedAt: later),
            ]
            for record in (poolA + poolB).shuffled() {
                try await store.saveParkedCall(record)
            }
            #expect(try await store.parkedCalls(pool: "pool-a").map(\.id) == poolA.map(\.id))
            #expect(try await store.parkedCalls(pool: "pool-b").map(\.id) == poolB.map(\.id))
            #expect(try await store.parkedCalls(pool: "pool-zz") == [])
            // Every pool: b-1 first (earliest), then a-early, then the `later` ones by orbit.
            #expect(
                try await store.parkedCalls(pool: nil).map(\.id) == [
                    "b-1", "a-early", "a-plain", "a-hash", "a-star-9", "a-star-10", "b-2", "a-late",
                ])
        }
    }

    static func parkTablesPersistAcrossReopen(_ database: any TestDatabase) async throws {
        let first = try await database.open()
        for record in Fixtures.parkedCalls {
            try await first.saveParkedCall(record)
        }
        for event in Fixtures.events {
            try await first.recordParkEvent(event)
        }
        try await first.close()
        // A pool that comes back finds its records (SPEC §6).
        try await database.withStore { (second) async throws in
            #expect(try await second.parkedCalls(pool: nil) == Fixtures.parkedCalls)
            #expect(try await second.parkedCalls(pool: "pool-b") == Fixtures.parkedCalls.filter { $0.pool == "pool-b" })
            #expect(try await second.parkEvents(since: nil, pool: nil, limit: 100) == Fixtures.eventsInOrder)
            #expect(try await second.revision() == 0)
        }
    }
}
