import Testing
import Topology

@testable import Store

/// The behaviour every ``ManagementStore`` must have: one suite, run against each engine by a parameterised test
/// (``SQLiteStoreTests``, ``PostgresStoreTests``).
enum StoreConformance: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case roundTripOfEveryField
    case everyChangeKind
    case revisionCountsAppliedChanges
    case refusedChangeWritesNothing
    case emptyStore
    case persistsAcrossReopen
    case migratingTwiceIsHarmless
    case twoStoresSeeEachOther
    case concurrentAppliesSerialise
    case bulkImportThenAddUser
    case parkedCallRoundTrip
    case parkedCallReplaceAndRemove
    case parkedCallsByPoolInOrder
    case parkEventsSincePoolLimit
    case parkEventsPrune
    case parkWritesLeaveRevision
    case parkTablesPersistAcrossReopen
    case upgradeFromVersion2

    var testDescription: String { rawValue }

    /// Whether the case opens several stores on one database (SQLite then needs a file rather than memory).
    var needsSharedDatabase: Bool {
        switch self {
        case .persistsAcrossReopen, .migratingTwiceIsHarmless, .twoStoresSeeEachOther, .concurrentAppliesSerialise,
            .parkTablesPersistAcrossReopen, .upgradeFromVersion2:
            true
        default: false
        }
    }

    /// Runs the case on `database`.
    func run(on database: any TestDatabase) async throws {
        switch self {
        case .roundTripOfEveryField: try await Self.roundTrip(database)
        case .everyChangeKind: try await Self.everyChangeKind(database)
        case .revisionCountsAppliedChanges: try await Self.revisionCounts(database)
        case .refusedChangeWritesNothing: try await Self.refusedChangeWritesNothing(database)
        case .emptyStore: try await Self.emptyStore(database)
        case .persistsAcrossReopen: try await Self.persistsAcrossReopen(database)
        case .migratingTwiceIsHarmless: try await Self.migratingTwice(database)
        case .twoStoresSeeEachOther: try await Self.twoStores(database)
        case .concurrentAppliesSerialise: try await Self.concurrentApplies(database)
        case .bulkImportThenAddUser: try await Self.bulkImport(database)
        case .parkedCallRoundTrip: try await Self.parkedCallRoundTrip(database)
        case .parkedCallReplaceAndRemove: try await Self.parkedCallReplaceAndRemove(database)
        case .parkedCallsByPoolInOrder: try await Self.parkedCallsByPoolInOrder(database)
        case .parkEventsSincePoolLimit: try await Self.parkEventsSincePoolLimit(database)
        case .parkEventsPrune: try await Self.parkEventsPrune(database)
        case .parkWritesLeaveRevision: try await Self.parkWritesLeaveRevision(database)
        case .parkTablesPersistAcrossReopen: try await Self.parkTablesPersistAcrossReopen(database)
        case .upgradeFromVersion2: try await Self.upgradeFromVersion2(database)
        }
    }

    // MARK: Round trip

    static func roundTrip(_ database: any TestDatabase) async throws {
        try await database.withStore { (store) async throws in
            for expected in [Fixtures.full(), Fixtures.full(automaticFailoverAfter: nil), Fixtures.full()] {
                let returned = try await store.apply(.replaceAll(expected))
                #expect(returned == expected)
                let loaded = try #require(try await store.deployment())
                #expect(loaded == expected)
                // Field by field too, so a failure says which part did not survive.
                #expect(loaded.domain == expected.domain)
                #expect(loaded.pools == expected.pools)
                #expect(loaded.pairs == expected.pairs)
                #expect(loaded.users == expected.users)
                #expect(loaded.orbitRanges == expected.orbitRanges)
                #expect(loaded.callParkSettings == expected.callParkSettings)
                #expect(loaded.service == expected.service)
            }
        }
    }

    // MARK: Every change

    /// A sequence that uses every kind of ``TopologyChange`` and keeps the deployment valid at each step.
    static let everyKind: [TopologyChange] = {
        let poolE = Pool(name: "pool-e", sipHost: "127.0.0.5", sipPort: 5068, adminHost: "127.0.0.5", adminPort: 8088)
        let poolF = Pool(name: "pool-f", sipHost: "127.0.0.6", sipPort: 5070, adminHost: "127.0.0.6", adminPort: 8090)
        var movedE = poolE
        movedE.sipPort = 5072
        movedE.sipHost = "pbx-e.callpark.test"
        let dave = Fixtures.user("dave", pool: "pool-e")
        var daveMoved = dave
        daveMoved.displayName = "Dave"
        daveMoved.callParkEnabled = false
        daveMoved.homePool = "pool-f"
        let rangeE = OrbitRange(name: "e-range", start: Fixtures.orbit("*6000"), end: Fixtures.orbit("*6009"), pool: "pool-e")
        var rangeEWider = rangeE
        rangeEWider.end = Fixtures.orbit("*6019")
        return [
            // The domain is the digest realm: it can only change while there are no users.
            .replaceAll(Deployment(domain: "callpark.test")),
            .setDomain("park.callpark.test"),
            .replaceAll(Fixtures.full()),
            .setServiceSettings(ServiceSettings()),
            .addPool(poolE),
            .setPool(movedE),
            .addPool(poolF),
            .addPair(PoolPair("pool-e", "pool-f")),
            .setFailedOver(pool: "pool-e", true),
            .setFailedOver(pool: "pool-b", false),
            .setFailedOver(pool: "pool-e", false),
            .removePair(pool: "pool-e"),
            .addUser(dave),
            .setUser(daveMoved),
            .removeUser("bob"),
            .addOrbitRange(rangeE),
            .setOrbitRange(rangeEWider),
            .removeOrbitRange("b-hash"),
            .setCallParkSettings(pool: "pool-e", CallParkSettings(pickupTimeout: 30, onTimeoutURI: "sip:desk@callpark.test")),
            .setCallParkSettings(pool: "pool-a", CallParkSettings()),
            .removeUser("dave"),
            .removeOrbitRange("e-range"),
            .removePool("pool-e"),
            .removePool("pool-f"),
        ]
    }()

    static func everyChangeKind(_ database: any TestDatabase) async throws {
        #expect(Set(everyKind.map(\.kindName)).count == 16, "the sequence must use every kind of change")
        try await database.withStore { (store) async throws in
            var expected: Deployment?
            for (index, change) in everyKind.enumerated() {
                let next = try change.applied(to: expected)
                let returned = try await store.apply(change)
                #expect(returned == next, "change \(index): \(change.kindName)")
                #expect(try await store.deployment() == next, "change \(index): \(change.kindName)")
                #expect(try await store.revision() == Int64(index + 1))
                expected = next
            }
            let final = try #require(expected)
            #expect(final.pools["pool-e"] == nil && final.callParkSettings["pool-e"] == nil)
            #expect(final.users["bob"] == nil && final.orbitRanges["b-hash"] == nil)
        }
    }
}
