import Testing

@testable import Topology

@Suite("Topology changes: each applied, each refused")
struct TopologyChangeTests {
    let demo = Fixtures.demo

    private func refused(_ change: TopologyChange, _ rule: TopologyError.Rule, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        expectRefused(rule, fragment, sourceLocation: sourceLocation) { () throws(TopologyError) in _ = try demo.applying(change) }
    }

    // MARK: Whole deployment, domain, service

    @Test("replaceAll replaces everything; an invalid replacement is refused")
    func replaceAll() throws {
        let other = Fixtures.twoPools
        #expect(try demo.applying(.replaceAll(other)) == other)
        refused(.replaceAll(other.with { $0.domain = "bad domain" }), .invalidDomain, "bad domain")
    }

    @Test("setDomain is refused while users exist, and allowed without users")
    func setDomain() throws {
        refused(.setDomain("other.test"), .inUse, "the domain cannot change from callpark.test to other.test while users exist")
        #expect(try demo.applying(.setDomain("callpark.test")) == demo)
        let empty = Fixtures.twoPools
        #expect(try empty.applying(.setDomain("other.test")).domain == "other.test")
        expectRefused(.invalidDomain, "not a valid host name") { () throws(TopologyError) in _ = try empty.applying(.setDomain("other test")) }
    }

    @Test("setServiceSettings applies valid settings and refuses invalid ones")
    func setServiceSettings() throws {
        let service = ServiceSettings(minExpires: 30, resiliencyExpires: 60, automaticFailoverAfter: 120)
        #expect(try demo.applying(.setServiceSettings(service)).service == service)
        refused(.setServiceSettings(ServiceSettings(minExpires: 0)), .invalidSetting, "minExpires 0")
    }

    // MARK: Pools and pairs

    @Test("addPool adds; a duplicate or a conflicting address is refused")
    func addPool() throws {
        let poolC = Fixtures.pool("pool-c", sip: 5080, admin: 8082)
        #expect(try demo.applying(.addPool(poolC)).pools["pool-c"] == poolC)
        refused(.addPool(Fixtures.pool("pool-a", sip: 5090, admin: 8090)), .duplicate, "pool pool-a already exists")
        refused(.addPool(Fixtures.pool("pool-c", sip: 5060, admin: 8082)), .addressConflict, "pool pool-c: SIP address 127.0.0.1:5060")
    }

    @Test("setPool replaces; an unknown pool is refused")
    func setPool() throws {
        let moved = Fixtures.pool("pool-a", sip: 5062, admin: 8080)
        #expect(try demo.applying(.setPool(moved)).pools["pool-a"]?.sipPort == 5062)
        refused(.setPool(Fixtures.pool("pool-z", sip: 5090, admin: 8090)), .notFound, "no pool named pool-z")
    }

    @Test("removePool removes the pool, its pair and its settings")
    func removePool() throws {
        let withC = try demo.applying(.addPool(Fixtures.pool("pool-c", sip: 5080, admin: 8082)))
        let withD = try withC.applying(.addPool(Fixtures.pool("pool-d", sip: 5090, admin: 8083)))
            .applying(.addPair(PoolPair("pool-c", "pool-d"))).applying(.setCallParkSettings(pool: "pool-c", CallParkSettings(pickupTimeout: 30)))
        let after = try withD.applying(.removePool("pool-c"))
        #expect(after.pools["pool-c"] == nil)
        #expect(after.partner(of: "pool-d") == nil)
        #expect(after.callParkSettings["pool-c"] == nil)
        #expect(after.pairs == [PoolPair("pool-a", "pool-b")])
    }

    @Test("removePool is refused for an unknown pool, a home pool, a range owner and the partner of a failed-over pool")
    func removePoolRefused() throws {
        refused(.removePool("pool-z"), .notFound, "no pool named pool-z")
        refused(.removePool("pool-a"), .inUse, "pool pool-a is the home pool of user")
        let noUsers = demo.with { $0.users = [:] }
        expectRefused(.inUse, "pool pool-a owns orbit range pool-a-main") { () throws(TopologyError) in
            _ = try noUsers.applying(.removePool("pool-a"))
        }
        let failedOver = demo.with {
            $0.users = $0.users.filter { $0.value.homePool == "pool-a" }
            $0.orbitRanges["pool-b-main"] = nil
            $0.pools["pool-a"]!.failedOver = true
        }
        expectValid(failedOver)
        expectRefused(.inUse, "pool pool-b serves the users of failed-over pool pool-a") { () throws(TopologyError) in
            _ = try failedOver.applying(.removePool("pool-b"))
        }
    }

    @Test("addPair pairs two free pools; pairing a paired pool is refused")
    func addPair() throws {
        let unpaired = Fixtures.twoPools
        #expect(try unpaired.applying(.addPair(PoolPair("pool-a", "pool-b"))).partner(of: "pool-b") == "pool-a")
        let withC = try demo.applying(.addPool(Fixtures.pool("pool-c", sip: 5080, admin: 8082)))
        expectRefused(.invalidPair, "already paired with pool-b") { () throws(TopologyError) in
            _ = try withC.applying(.addPair(PoolPair("pool-c", "pool-a")))
        }
        refused(.addPair(PoolPair("pool-a", "pool-z")), .notFound, "no pool named pool-z")
    }

    @Test("removePair unpairs; unknown or failed-over pairs are refused")
    func removePair() throws {
        #expect(try demo.applying(.removePair(pool: "pool-b")).pairs.isEmpty)
        refused(.removePair(pool: "pool-z"), .notFound, "no pair of pool named pool-z")
        let failedOver = try demo.applying(.setFailedOver(pool: "pool-a", true))
        expectRefused(.inUse, "pool pool-a is failed over to its partner") { () throws(TopologyError) in
            _ = try failedOver.applying(.removePair(pool: "pool-b"))
        }
    }

    @Test("setFailedOver moves service to the partner and back; unknown or unpaired pools are refused")
    func setFailedOver() throws {
        let failed = try demo.applying(.setFailedOver(pool: "pool-a", true))
        #expect(failed.pools["pool-a"]?.failedOver == true)
        #expect(failed.servingPool(of: failed.users["alice"]!) == "pool-b")
        let back = try failed.applying(.setFailedOver(pool: "pool-a", false))
        #expect(back == demo)
        refused(.setFailedOver(pool: "pool-z", true), .notFound, "no pool named pool-z")
        expectRefused(.invalidPair, "has no partner") { () throws(TopologyError) in
            _ = try Fixtures.twoPools.applying(.setFailedOver(pool: "pool-a", true))
        }
        expectRefused(.invalidPair, "both failed over") { () throws(TopologyError) in _ = try failed.applying(.setFailedOver(pool: "pool-b", true)) }
    }

    // MARK: Users

    @Test("addUser adds; a duplicate or a user on a missing pool is refused")
    func addUser() throws {
        let zoe = Fixtures.user("zoe")
        #expect(try demo.applying(.addUser(zoe)).users["zoe"] == zoe)
        refused(.addUser(Fixtures.user("alice")), .duplicate, "user alice already exists")
        refused(.addUser(Fixtures.user("zoe", on: "pool-z")), .notFound, "no pool named pool-z")
    }

    @Test("setUser replaces; an unknown user is refused")
    func setUser() throws {
        var alice = try #require(demo.users["alice"])
        alice.callParkEnabled = false
        #expect(try demo.applying(.setUser(alice)).users["alice"]?.callParkEnabled == false)
        refused(.setUser(Fixtures.user("zoe")), .notFound, "no user named zoe")
    }

    @Test("removeUser removes; an unknown user is refused")
    func removeUser() throws {
        #expect(try demo.applying(.removeUser("alice")).users["alice"] == nil)
        refused(.removeUser("zoe"), .notFound, "no user named zoe")
    }

    // MARK: Orbit ranges and settings

    @Test("addOrbitRange adds; a duplicate or an overlapping range is refused")
    func addOrbitRange() throws {
        let extra = Fixtures.range("pool-a-extra", "*3100", "*3199")
        #expect(try demo.applying(.addOrbitRange(extra)).orbitRanges["pool-a-extra"] == extra)
        refused(.addOrbitRange(Fixtures.range("pool-a-main", "*5000", "*5099")), .duplicate, "orbit range pool-a-main already exists")
        refused(.addOrbitRange(Fixtures.range("east", "*3050", "*3150", pool: "pool-b")), .rangeOverlap, "overlaps range \"pool-a-main\"")
    }

    @Test("setOrbitRange replaces; an unknown range is refused")
    func setOrbitRange() throws {
        let wider = Fixtures.range("pool-a-main", "*3000", "*3199")
        #expect(try demo.applying(.setOrbitRange(wider)).orbitRanges["pool-a-main"]?.count == 200)
        refused(.setOrbitRange(Fixtures.range("nope", "*5000", "*5099")), .notFound, "no orbit range named nope")
    }

    @Test("removeOrbitRange removes; an unknown range is refused")
    func removeOrbitRange() throws {
        #expect(try demo.applying(.removeOrbitRange("pool-b-main")).orbitRanges.keys.sorted() == ["pool-a-main"])
        refused(.removeOrbitRange("nope"), .notFound, "no orbit range named nope")
    }

    @Test("setCallParkSettings sets; an unknown pool or bad settings are refused")
    func setCallParkSettings() throws {
        let settings = CallParkSettings(pickupTimeout: 45, maxPickupAttempts: 3, onTimeoutURI: "sip:operator@callpark.test")
        let after = try demo.applying(.setCallParkSettings(pool: "pool-b", settings))
        #expect(after.settings(of: "pool-b") == settings)
        #expect(after.settings(of: "pool-a") == .defaults)
        refused(.setCallParkSettings(pool: "pool-z", settings), .notFound, "no pool named pool-z")
        refused(.setCallParkSettings(pool: "pool-a", CallParkSettings(pickupTimeout: 5)), .invalidSetting, "pickupTimeout 5")
    }
}
