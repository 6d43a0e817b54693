import Testing
import Topology

@testable import Store

/// Revisions, refused changes and the empty store.
extension StoreConformance {
    static func revisionCounts(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            #expect(try await store.revision() == 0)
            try await store.apply(.replaceAll(Fixtures.full()))
            #expect(try await store.revision() == 1)
            try await store.apply(.setFailedOver(pool: "pool-b", false))
            #expect(try await store.revision() == 2)
            // A change that changes nothing is still a change applied.
            try await store.apply(.setFailedOver(pool: "pool-b", false))
            #expect(try await store.revision() == 3)
            await #expect(throws: StoreError.self) { try await store.apply(.addUser(Fixtures.user("alice", pool: "pool-a"))) }
            #expect(try await store.revision() == 3)
            try await store.apply(.removeUser("carol"))
            #expect(try await store.revision() == 4)
        }
    }

    /// Changes that ``Deployment/applying(_:)`` refuses by itself, with the rule each breaks.
    static let refusals: [(TopologyChange, TopologyError.Rule)] = [
        (.addUser(Fixtures.user("alice", pool: "pool-c")), .duplicate),
        (.setFailedOver(pool: "pool-zz", true), .notFound),
        (.removePool("pool-a"), .inUse),
        (.removeUser("nobody"), .notFound),
        (.addOrbitRange(OrbitRange(name: "a-star", start: Fixtures.orbit("7000"), end: Fixtures.orbit("7001"), pool: "pool-a")), .duplicate),
    ]

    static func refusedChangeWritesNothing(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            try await store.apply(.replaceAll(Fixtures.full()))
            let before = try await store.deployment()
            for (change, rule) in refusals {
                do {
                    try await store.apply(change)
                    Issue.record("\(change.kindName) should have been refused")
                } catch let error as StoreError {
                    #expect(error.code == .refused, "\(change.kindName): \(error)")
                    #expect(error.topologyError?.rule == rule, "\(change.kindName): \(error)")
                    #expect(error.description == error.topologyError?.description)
                }
                #expect(try await store.deployment() == before)
                #expect(try await store.revision() == 1)
            }
        }
    }

    static func emptyStore(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            #expect(try await store.deployment() == nil)
            #expect(try await store.revision() == 0)
            for change in everyKind where change.kindName != "replaceAll" {
                await #expect(throws: StoreError.empty, "\(change.kindName)") { try await store.apply(change) }
            }
            #expect(try await store.deployment() == nil)
            #expect(try await store.revision() == 0)
            // An empty deployment is a deployment: the store is no longer empty.
            let bare = Deployment(domain: "callpark.test")
            #expect(try await store.apply(.replaceAll(bare)) == bare)
            #expect(try await store.deployment() == bare)
            #expect(try await store.revision() == 1)
        }
    }
}
