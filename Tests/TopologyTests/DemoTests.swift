import Testing

@testable import Topology

@Suite("The demo deployment (SPEC §7)")
struct DemoTests {
    @Test("it validates")
    func validates() throws {
        try Fixtures.demo.validate()
        try Deployment.demo(passwords: [:]).validate()
    }

    @Test("it has the pools, pair, users and ranges of SPEC §7")
    func shape() throws {
        let demo = Fixtures.demo
        #expect(demo.domain == "callpark.test")
        #expect(demo.pools["pool-a"] == Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: 5060, adminHost: "127.0.0.1", adminPort: 8080))
        #expect(demo.pools["pool-b"] == Pool(name: "pool-b", sipHost: "127.0.0.1", sipPort: 5070, adminHost: "127.0.0.1", adminPort: 8081))
        #expect(demo.pairs == [PoolPair("pool-a", "pool-b")])
        #expect(Deployment.demoUserNames == ["alice", "bob", "carol", "dave", "erin", "frank"])
        #expect(demo.users(homedOn: "pool-a").map(\.name) == ["alice", "bob", "carol"])
        #expect(demo.users(homedOn: "pool-b").map(\.name) == ["dave", "erin", "frank"])
        #expect(demo.users.values.allSatisfy { $0.callParkEnabled })
        #expect(demo.ranges(of: "pool-a") == [Fixtures.range("pool-a-main", "*3000", "*3099")])
        #expect(demo.ranges(of: "pool-b") == [Fixtures.range("pool-b-main", "*4000", "*4099", pool: "pool-b")])
        #expect(demo.callParkSettings.isEmpty)
        #expect(demo.service == ServiceSettings())
    }

    @Test("each user's hashes come from its password with the domain as realm")
    func passwords() throws {
        for name in Deployment.demoUserNames {
            let user = try #require(Fixtures.demo.users[name])
            #expect(user.hasPassword("pw-\(name)", realm: "callpark.test"))
            #expect(!user.hasPassword("pw-other", realm: "callpark.test"))
        }
    }

    @Test("the same passwords give the same deployment")
    func stable() {
        #expect(Deployment.demo(passwords: Fixtures.passwords) == Fixtures.demo)
    }

    @Test("a user without a password gets one nobody knows")
    func missingPassword() throws {
        let demo = Deployment.demo(passwords: ["alice": "a"])
        #expect(try #require(demo.users["alice"]).hasPassword("a", realm: "callpark.test"))
        let bob = try #require(demo.users["bob"])
        #expect(!bob.hasPassword("", realm: "callpark.test"))
        #expect(bob != Deployment.demo(passwords: ["alice": "a"]).users["bob"])
    }

    @Test("generated passwords: one per demo user, 16 characters, different")
    func generated() {
        let passwords = Deployment.generateDemoPasswords()
        #expect(passwords.keys.sorted() == Deployment.demoUserNames.sorted())
        #expect(passwords.values.allSatisfy { $0.count == 16 })
        #expect(Set(passwords.values).count == 6)
        #expect(passwords != Deployment.generateDemoPasswords())
    }
}
