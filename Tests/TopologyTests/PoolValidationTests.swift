import Testing

@testable import Topology

@Suite("Pools: hosts, ports and address conflicts")
struct PoolValidationTests {
    private func deployment(sipHost: String = "127.0.0.1", sipPort: Int = 5060, adminHost: String = "127.0.0.1", adminPort: Int = 8080)
        -> Deployment
    {
        Deployment(
            domain: "callpark.test",
            pools: [Pool(name: "pool-a", sipHost: sipHost, sipPort: sipPort, adminHost: adminHost, adminPort: adminPort)])
    }

    @Test(
        "valid hosts",
        arguments: ["127.0.0.1", "10.0.0.255", "::1", "fe80::1", "2001:db8::5:1", "localhost", "pool-a.example.com", "::ffff:10.0.0.1"])
    func validHost(host: String) {
        expectValid(deployment(sipHost: host, adminHost: host))
    }

    @Test(
        "invalid SIP hosts",
        arguments: [
            ("", "is empty"), ("bad host", "a space"), ("-x.example", "starting or ending"), ("256.1.1.1", "not an IPv4 address"),
            ("1.2.3", "not an IPv4 address"), ("[::1]", "without brackets"), ("::g", "not an IPv6 address"), ("1:2:3", "not an IPv6 address"),
            ("x.example:5060", "not an IPv6 address"),
        ])
    func invalidSIPHost(host: String, why: String) {
        expectRefused(deployment(sipHost: host), .invalidAddress, "pool pool-a: SIP host \"\(host)\"")
        expectRefused(deployment(sipHost: host), .invalidAddress, why)
    }

    @Test("an invalid admin host is refused")
    func invalidAdminHost() {
        expectRefused(deployment(adminHost: "no such host"), .invalidAddress, "pool pool-a: admin host \"no such host\"")
    }

    @Test("ports 1…65535", arguments: [(0, false), (1, true), (65535, true), (65536, false), (-1, false)])
    func ports(port: Int, valid: Bool) {
        for (server, candidate) in [("SIP", deployment(sipPort: port)), ("admin", deployment(adminPort: port))] {
            if valid {
                expectValid(candidate)
            } else {
                expectRefused(candidate, .invalidAddress, "pool pool-a: \(server) port \(port) is outside 1…65535")
            }
        }
    }

    @Test("two pools on the same SIP address are refused")
    func sameSIPAddress() {
        let deployment = Fixtures.demo { $0.pools["pool-b"]!.sipPort = 5060 }
        expectRefused(deployment, .addressConflict, "pool pool-b: SIP address 127.0.0.1:5060 is already used by the SIP server of pool pool-a")
    }

    @Test("two pools on the same admin address are refused")
    func sameAdminAddress() {
        let deployment = Fixtures.demo { $0.pools["pool-b"]!.adminPort = 8080 }
        expectRefused(deployment, .addressConflict, "pool pool-b: admin address 127.0.0.1:8080 is already used by the admin server of pool pool-a")
    }

    @Test("a SIP address equal to an admin address is refused (both use TCP)")
    func sipOnAdminAddress() {
        expectRefused(Fixtures.demo { $0.pools["pool-b"]!.sipPort = 8080 }, .addressConflict, "already used by the admin server of pool pool-a")
        expectRefused(deployment(sipPort: 8080, adminPort: 8080), .addressConflict, "already used by the SIP server of pool pool-a")
    }

    @Test("host names compare case-insensitively; a wildcard host collides with every host on its port")
    func hostComparison() {
        var twoNames = Fixtures.twoPools
        twoNames.pools["pool-a"]!.sipHost = "SIP.example.com"
        twoNames.pools["pool-b"]!.sipHost = "sip.example.com"
        twoNames.pools["pool-b"]!.sipPort = 5060
        expectRefused(twoNames, .addressConflict, "SIP address sip.example.com:5060")
        var wildcard = Fixtures.twoPools
        wildcard.pools["pool-b"]!.sipHost = "0.0.0.0"
        wildcard.pools["pool-b"]!.sipPort = 5060
        expectRefused(wildcard, .addressConflict, "SIP address 0.0.0.0:5060")
    }

    @Test("the same port on different hosts is fine")
    func samePortOtherHost() {
        var deployment = Fixtures.demo
        deployment.pools["pool-b"]!.sipHost = "127.0.0.2"
        deployment.pools["pool-b"]!.sipPort = 5060
        deployment.pools["pool-b"]!.adminHost = "127.0.0.2"
        deployment.pools["pool-b"]!.adminPort = 8080
        expectValid(deployment)
    }

    @Test("an IPv6 pool prints its address in brackets")
    func ipv6Address() {
        expectRefused(
            Deployment(
                domain: "callpark.test",
                pools: [Fixtures.pool("pool-a", sip: 5060, admin: 8080, host: "::1"), Fixtures.pool("pool-b", sip: 5060, admin: 8081, host: "::1")]),
            .addressConflict, "pool pool-b: SIP address [::1]:5060")
    }
}
