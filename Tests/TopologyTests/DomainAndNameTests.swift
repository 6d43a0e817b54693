import Testing

@testable import Topology

@Suite("Domain and names")
struct DomainAndNameTests {
    @Test(
        "valid domains", arguments: ["callpark.test", "localhost", "a-b.example.com", "X1.Example.COM", String(repeating: "a", count: 63) + ".test"])
    func validDomain(domain: String) {
        expectValid(Deployment(domain: domain))
    }

    @Test(
        "invalid domains",
        arguments: [
            ("", "is empty"), ("call park.test", "a space"), ("-x.test", "starting or ending with '-'"), ("x-.test", "starting or ending"),
            ("x..test", "empty label"), (".x.test", "empty label"), ("x.test.", "empty label"), ("127.0.0.1", "not an IP address"),
            ("::1", "not an IP address"), ("x.123", "all-digit label"), ("sip:x.test", "':'"), ("x_y.test", "'_'"),
            (String(repeating: "a", count: 64) + ".test", "longer than 63"),
            (Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: "."), "longer than 253"),
        ])
    func invalidDomain(domain: String, why: String) {
        expectRefused(Deployment(domain: domain), .invalidDomain, why)
    }

    @Test("valid pool names", arguments: ["pool-a", "Pool_1", "p.east", "0", String(repeating: "p", count: 128)])
    func validPoolName(name: String) {
        let deployment = Deployment(domain: "callpark.test", pools: [Fixtures.pool(name, sip: 5060, admin: 8080)])
        expectValid(deployment)
    }

    @Test(
        "invalid pool names",
        arguments: [
            ("", "must not be empty"), ("pool a", "a space"), ("pool/a", "'/'"), ("pöol", "'ö'"), ("pool:a", "':'"),
            (String(repeating: "p", count: 129), "longer than 128"), ("pool\ta", "U+9"),
        ])
    func invalidPoolName(name: String, why: String) {
        let deployment = Deployment(domain: "callpark.test", pools: [Fixtures.pool(name, sip: 5060, admin: 8080)])
        let error = expectRefused(deployment, .invalidName, why)
        #expect(error?.description.hasPrefix("pool name \"\(name)\"") == true)
    }

    @Test("valid user names (SIP user part)", arguments: ["alice", "alice.smith", "+15551234", "o'brien", "a!b~c*d(e)", "x&y=z+1$,;?/", "3042"])
    func validUserName(name: String) {
        expectValid(Fixtures.demo { $0.users[name] = Fixtures.user(name) })
    }

    @Test(
        "invalid user names",
        arguments: [
            ("", "must not be empty"), ("al ice", "a space"), ("al@ice", "'@'"), ("al%69ce", "%-escapes"), ("alice:x", "':'"),
            ("élodie", "'é'"), ("a<b>", "'<'"), ("a\"b", "'\"'"), (String(repeating: "u", count: 129), "longer than 128"),
        ])
    func invalidUserName(name: String, why: String) {
        expectRefused(Fixtures.demo { $0.users[name] = Fixtures.user(name) }, .invalidName, why)
    }

    @Test("valid range names", arguments: ["east", "pool-a.main_2"])
    func validRangeName(name: String) {
        expectValid(
            Fixtures.demo {
                $0.orbitRanges[name] = OrbitRange(name: name, start: Fixtures.orbit("*5000"), end: Fixtures.orbit("*5009"), pool: "pool-a")
            })
    }

    @Test("invalid range names", arguments: [("", "must not be empty"), ("east range", "a space"), ("east#1", "'#'")])
    func invalidRangeName(name: String, why: String) {
        let deployment = Fixtures.demo {
            $0.orbitRanges[name] = OrbitRange(name: name, start: Fixtures.orbit("*5000"), end: Fixtures.orbit("*5009"), pool: "pool-a")
        }
        let error = expectRefused(deployment, .invalidName, why)
        #expect(error?.description.hasPrefix("orbit range name \"\(name)\"") == true)
    }

    @Test("a dictionary key must be the item's name")
    func keysMatchNames() {
        expectRefused(Fixtures.demo { $0.pools["pool-c"] = $0.pools["pool-a"] }, .invalidName, "the pool stored as pool-c is named pool-a")
        expectRefused(Fixtures.demo { $0.users["zed"] = $0.users["alice"] }, .invalidName, "the user stored as zed is named alice")
        expectRefused(
            Fixtures.demo { $0.orbitRanges["x"] = $0.orbitRanges["pool-a-main"] }, .invalidName, "the orbit range stored as x is named pool-a-main")
    }
}
