import Testing

@testable import Topology

@Suite("Pairs and failover flags")
struct PairValidationTests {
    private var threePools: Deployment {
        var deployment = Fixtures.twoPools
        deployment.pools["pool-c"] = Fixtures.pool("pool-c", sip: 5080, admin: 8082)
        return deployment
    }

    @Test("a pair of two existing pools is valid, in either order")
    func validPair() {
        expectValid(Fixtures.demo)
        expectValid(Fixtures.demo { $0.pairs = [PoolPair("pool-b", "pool-a")] })
        #expect(Fixtures.demo.partner(of: "pool-a") == "pool-b")
        #expect(Fixtures.demo.partner(of: "pool-b") == "pool-a")
    }

    @Test("both pools of a pair must exist")
    func pairedPoolMissing() {
        expectRefused(Fixtures.demo { $0.pairs.append(PoolPair("pool-x", "pool-a")) }, .notFound, "pair pool-x/pool-a: no pool named pool-x")
        expectRefused(Fixtures.twoPools.with { $0.pairs = [PoolPair("pool-a", "pool-z")] }, .notFound, "no pool named pool-z")
    }

    @Test("a pool cannot be paired with itself")
    func selfPair() {
        expectRefused(Fixtures.twoPools.with { $0.pairs = [PoolPair("pool-a", "pool-a")] }, .invalidPair, "pool pool-a cannot be paired with itself")
    }

    @Test("a pool is in at most one pair")
    func oneToOne() {
        let deployment = threePools.with { $0.pairs = [PoolPair("pool-a", "pool-b"), PoolPair("pool-c", "pool-a")] }
        expectRefused(deployment, .invalidPair, "pool pool-a cannot be paired with pool-c: it is already paired with pool-b")
    }

    @Test("a pair is listed once, in either orientation")
    func listedTwice() {
        expectRefused(Fixtures.demo { $0.pairs.append(PoolPair("pool-a", "pool-b")) }, .invalidPair, "pair pool-a/pool-b is listed twice")
        expectRefused(Fixtures.demo { $0.pairs.append(PoolPair("pool-b", "pool-a")) }, .invalidPair, "pair pool-b/pool-a is listed twice")
    }

    @Test("failedOver is allowed on a paired pool only")
    func failedOverNeedsPartner() {
        expectValid(Fixtures.demo { $0.pools["pool-a"]!.failedOver = true })
        expectRefused(
            Fixtures.twoPools.with { $0.pools["pool-a"]!.failedOver = true }, .invalidPair,
            "pool pool-a is marked failed over but has no partner")
    }

    @Test("both pools of a pair cannot be failed over")
    func bothFailedOver() {
        let deployment = Fixtures.demo {
            $0.pools["pool-a"]!.failedOver = true
            $0.pools["pool-b"]!.failedOver = true
        }
        expectRefused(deployment, .invalidPair, "pools pool-a and pool-b are both failed over")
    }

    @Test("a failed-over pool's users are served by the partner")
    func servingPool() throws {
        let alice = try #require(Fixtures.demo.users["alice"])
        #expect(Fixtures.demo.servingPool(of: alice) == "pool-a")
        #expect(Fixtures.demo { $0.pools["pool-a"]!.failedOver = true }.servingPool(of: alice) == "pool-b")
    }
}

extension Deployment {
    /// A copy changed by `change` (test convenience).
    func with(_ change: (inout Deployment) -> Void) -> Deployment {
        var copy = self
        change(&copy)
        return copy
    }
}
