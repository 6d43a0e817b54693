import Testing
import Topology

@testable import Store

/// What each change writes: only the rows that changed, whatever the number of users.
@Suite("Store write plans")
struct StoreWritePlanTests {
    static let large = Fixtures.bulk(users: 20_000)

    @Test("failing a pool over writes one pool row")
    func failover() throws {
        let next = try Self.large.applying(.setFailedOver(pool: "pool-a", true))
        let plan = StoreWritePlan(from: Self.large, to: next)
        #expect(plan.steps == [.upsert(StoreSchema.pools, [StoreSchema.poolRow(next.pools["pool-a"]!)])])
    }

    @Test("adding, changing and removing a user writes one user row")
    func users() throws {
        let added = Fixtures.user("zoe", pool: "pool-b")
        let afterAdd = try Self.large.applying(.addUser(added))
        #expect(StoreWritePlan(from: Self.large, to: afterAdd).steps == [.upsert(StoreSchema.users, [StoreSchema.userRow(added)])])
        var changed = added
        changed.displayName = "Zoë"
        let afterSet = try afterAdd.applying(.setUser(changed))
        #expect(StoreWritePlan(from: afterAdd, to: afterSet).steps == [.upsert(StoreSchema.users, [StoreSchema.userRow(changed)])])
        let afterRemove = try afterSet.applying(.removeUser("zoe"))
        #expect(StoreWritePlan(from: afterSet, to: afterRemove).steps == [.delete(StoreSchema.users, [.text("zoe")])])
    }

    @Test("an unchanged deployment writes nothing; a first import writes every row once")
    func wholeDeployments() {
        #expect(StoreWritePlan(from: Self.large, to: Self.large).steps.isEmpty)
        let full = Fixtures.full()
        let plan = StoreWritePlan(from: nil, to: full)
        // 1 deployment row, 4 pools, 2 pairs, 3 users, 3 ranges, 2 settings; nothing deleted.
        #expect(plan.rowCount == 15)
        #expect(plan.steps.allSatisfy { if case .upsert = $0 { true } else { false } })
    }

    @Test("removing a pool deletes its settings before the pool, and pairs are rewritten")
    func removePool() throws {
        var base = Fixtures.full()
        base.users["carol"] = nil
        base.orbitRanges["c-plain"] = nil
        base.callParkSettings["pool-c"] = CallParkSettings()
        let next = try base.applying(.removePool("pool-c"))
        let plan = StoreWritePlan(from: base, to: next)
        #expect(
            plan.steps == [
                .deleteAll(StoreSchema.pairs),
                .upsert(StoreSchema.pairs, [StoreSchema.pairRow(0, PoolPair("pool-a", "pool-b"))]),
                .delete(StoreSchema.callParkSettings, [.text("pool-c")]),
                .delete(StoreSchema.pools, [.text("pool-c")]),
            ])
    }

    @Test("only the deployment row changes with the service settings")
    func service() throws {
        let base = Fixtures.full()
        let next = try base.applying(.setServiceSettings(ServiceSettings()))
        #expect(StoreWritePlan(from: base, to: next).steps == [.upsert(StoreSchema.deployment, [StoreSchema.deploymentRow(next)])])
    }
}
