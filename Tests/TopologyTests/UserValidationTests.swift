import Testing

@testable import Topology

@Suite("Users: home pool, credentials, display name")
struct UserValidationTests {
    @Test("the home pool must exist")
    func homePool() {
        expectRefused(
            Fixtures.demo { $0.users["zoe"] = Fixtures.user("zoe", on: "pool-c") }, .notFound,
            "user zoe is homed on pool pool-c, but there is no pool named pool-c")
    }

    @Test(
        "HA1 hashes are lowercase hex of the right length",
        arguments: [
            (String(repeating: "a", count: 32), String(repeating: "b", count: 64), nil),
            (String(repeating: "a", count: 31), Fixtures.sha256, "the MD5 HA1 must be 32 lowercase hex digits"),
            (String(repeating: "a", count: 33), Fixtures.sha256, "the MD5 HA1 must be 32"),
            (String(repeating: "A", count: 32), Fixtures.sha256, "the MD5 HA1 must be 32"),
            (String(repeating: "g", count: 32), Fixtures.sha256, "the MD5 HA1 must be 32"),
            ("", Fixtures.sha256, "the MD5 HA1 must be 32 lowercase hex digits, it is empty"),
            (Fixtures.md5, String(repeating: "c", count: 63), "the SHA-256 HA1 must be 64 lowercase hex digits"),
            (Fixtures.md5, String(repeating: "c", count: 65), "the SHA-256 HA1 must be 64"),
            (Fixtures.md5, String(repeating: "C", count: 64), "the SHA-256 HA1 must be 64"),
            (Fixtures.md5, Fixtures.md5, "the SHA-256 HA1 must be 64"),
        ] as [(String, String, String?)])
    func credentials(md5: String, sha256: String, problem: String?) {
        let deployment = Fixtures.demo { $0.users["zoe"] = User(name: "zoe", homePool: "pool-a", ha1MD5: md5, ha1SHA256: sha256) }
        if let problem {
            expectRefused(deployment, .invalidCredentials, "user zoe: \(problem)")
        } else {
            expectValid(deployment)
        }
    }

    @Test("display names may hold anything printable, not control characters")
    func displayName() {
        expectValid(Fixtures.demo { $0.users["alice"]!.displayName = "Alice \"Al\" Zoë — 東京" })
        expectRefused(Fixtures.demo { $0.users["alice"]!.displayName = "Alice\r\nVia: evil" }, .invalidUser, "user alice: the display name")
    }

    @Test("a user named like an orbit of a range is refused; outside every range it is fine")
    func nameLikeOrbit() {
        expectRefused(
            Fixtures.demo { $0.users["*3042"] = Fixtures.user("*3042") }, .invalidUser,
            "user *3042 has the same name as orbit *3042 of orbit range \"pool-a-main\"")
        expectValid(Fixtures.demo { $0.users["*5042"] = Fixtures.user("*5042") })
        expectValid(Fixtures.demo { $0.users["3042"] = Fixtures.user("3042") })
    }

    @Test("when several users are broken, the first by name is reported")
    func deterministicChoice() {
        let deployment = Fixtures.demo {
            for name in ["zz", "mm", "bb", "yy"] { $0.users[name] = Fixtures.user(name, on: "nowhere-\(name)") }
        }
        for _ in 0..<5 { expectRefused(deployment, .notFound, "user bb is homed on pool nowhere-bb") }
    }

    @Test("User.withPassword computes both HA1s with the realm")
    func withPassword() {
        let alice = User.withPassword(name: "alice", password: "secret", realm: "callpark.test", homePool: "pool-a")
        #expect(alice.ha1MD5 == "6b856a50ea3098cc3dcb7888bd908a5d")
        #expect(alice.ha1SHA256 == "fd7646293937ee6943ad87b3cfe834a6bc0ab13fe16cd0c351d3364e6501476f")
        #expect(alice.callParkEnabled)
        #expect(alice.displayName == nil)
        #expect(alice.hasPassword("secret", realm: "callpark.test"))
        #expect(!alice.hasPassword("secret", realm: "other.test"))
        #expect(!alice.hasPassword("Secret", realm: "callpark.test"))
        let bob = User.withPassword(name: "bob", password: "x", realm: "r", homePool: "pool-b", callParkEnabled: false, displayName: "Bob")
        #expect(!bob.callParkEnabled && bob.displayName == "Bob" && bob.homePool == "pool-b")
        expectValid(Fixtures.demo { $0.users["alice"] = alice })
    }

    @Test("100,000 users validate quickly (linear in the users)")
    func manyUsers() {
        var deployment = Fixtures.demo
        for index in 0..<100_000 {
            let name = "user\(index)"
            deployment.users[name] = User(
                name: name, homePool: index.isMultiple(of: 2) ? "pool-a" : "pool-b", ha1MD5: Fixtures.md5, ha1SHA256: Fixtures.sha256)
        }
        expectValid(deployment)
        deployment.users["user99999"]!.homePool = "pool-q"
        expectRefused(deployment, .notFound, "user user99999")
    }
}
