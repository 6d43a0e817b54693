import Testing

@testable import Topology

@Suite("YAML configuration: errors name the line, the field and the problem")
struct YAMLErrorTests {
    /// A valid file; tests break one thing in it.
    static let base = """
        domain: callpark.test
        pools:
          - name: pool-a
            sip: 127.0.0.1:5060
            admin: 127.0.0.1:8080
            partner: pool-b
          - name: pool-b
            sip: 127.0.0.1:5070
            admin: 127.0.0.1:8081
        users:
          - { name: alice, pool: pool-a, password: a }
          - { name: bob, pool: pool-a, password: b }
          - { name: dave, pool: pool-b, password: d }
        orbitRanges:
          - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }
        """

    /// Reads `text`, expecting a refusal; returns the error.
    @discardableResult
    private func refused(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigurationError? {
        do {
            _ = try Deployment(yaml: text)
            Issue.record("accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.description.contains(expected), "\"\(error)\" does not contain \"\(expected)\"", sourceLocation: sourceLocation)
            return error
        }
    }

    private func replacing(_ old: String, with new: String) -> String {
        #expect(Self.base.contains(old), "base does not contain \(old)")
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    @Test("the base file is valid")
    func baseIsValid() throws {
        let deployment = try Deployment(yaml: Self.base)
        #expect(deployment.users.count == 3)
        #expect(deployment.partner(of: "pool-a") == "pool-b")
    }

    @Test("a user on a missing pool: line and field")
    func missingPool() {
        let error = refused(
            replacing("{ name: dave, pool: pool-b", with: "{ name: dave, pool: pool-c"), "line 13: users[2].pool: no pool named pool-c")
        #expect(error?.line == 13)
        #expect(error?.path == "users[2].pool")
        #expect(error?.message == "no pool named pool-c")
        #expect(error?.description == "line 13: users[2].pool: no pool named pool-c")
    }

    @Test("a range on a missing pool")
    func rangeMissingPool() {
        refused(replacing("\"*3099\", pool: pool-a", with: "\"*3099\", pool: pool-x"), "line 15: orbitRanges[0].pool: no pool named pool-x")
    }

    @Test("not YAML at all")
    func syntax() {
        let error = refused("domain: callpark.test\npools: [\n  - name", "not valid YAML")
        #expect(error?.line != nil)
        refused("domain: [callpark.test", "not valid YAML")
    }

    @Test("an empty file, a list at the top, a missing domain")
    func shapes() {
        refused("", "the configuration is empty")
        refused("# only a comment\n", "the configuration is empty")
        refused("- a\n- b\n", "expected fields (domain, service, pools, users, orbitRanges), found a list")
        refused("pools: []\n", "line 1: the field domain is missing")
        refused("domain:\npools: []\n", "domain: a value is needed")
        refused("domain: [a, b]\n", "domain: expected a value, found a list")
        refused("domain: callpark.test\npools: { name: x }\n", "line 2: pools: expected a list")
    }

    @Test("unknown fields are refused (typos do not vanish)")
    func unknownFields() {
        refused(
            replacing("domain: callpark.test", with: "domain: callpark.test\npool: x"),
            "line 2: pool: unknown field (expected one of: domain, service")
        refused(replacing("password: a }", with: "passwd: a }"), "line 11: users[0].passwd: unknown field")
        refused(
            replacing("    partner: pool-b", with: "    partner: pool-b\n    callPark: { pickuptimeout: 30 }"),
            "pools[0].callPark.pickuptimeout: unknown field")
    }

    @Test("a field given twice")
    func duplicateKey() {
        refused(replacing("    partner: pool-b", with: "    partner: pool-b\n    partner: pool-b"), "the field partner is given twice")
    }

    @Test("a name defined twice")
    func duplicateNames() {
        refused(replacing("{ name: bob,", with: "{ name: alice,"), "line 12: users[1]: user alice is already defined on line 11")
        refused(replacing("  - name: pool-b", with: "  - name: pool-a"), "line 7: pools[1]: pool pool-a is already defined on line 3")
        refused(
            Self.base + "\n  - { name: pool-a-main, start: \"*4000\", end: \"*4099\", pool: pool-a }",
            "line 16: orbitRanges[1]: orbit range pool-a-main is already defined on line 15")
    }

    @Test("credentials: password or both hashes, not both, not neither, not one")
    func credentials() {
        refused(replacing("password: a }", with: "password: a, ha1-md5: \(Fixtures.md5) }"), "users[0]: give either password or the two hashes")
        refused(replacing("password: a }", with: "callPark: true }"), "users[0]: user alice needs a password, or both hashes")
        refused(replacing("password: a }", with: "ha1-md5: \"\(Fixtures.md5)\" }"), "user alice needs a password, or both hashes")
        refused(replacing("password: a }", with: "password: \"\" }"), "users[0].password: the password must not be empty")
        let bad = refused(
            replacing("password: a }", with: "ha1-md5: \(Fixtures.md5.uppercased()), ha1-sha256: \(Fixtures.sha256) }"),
            "line 11: users[0]: user alice: the MD5 HA1 must be 32 lowercase hex digits")
        #expect(bad?.topologyError?.rule == .invalidCredentials)
    }

    @Test("wrong value types")
    func types() {
        refused(
            replacing("    partner: pool-b", with: "    callPark: { pickupTimeout: ninety }"),
            "pools[0].callPark.pickupTimeout: expected a whole number, found \"ninety\"")
        refused(replacing("password: a }", with: "password: a, callPark: maybe }"), "users[0].callPark: expected true or false, found \"maybe\"")
        refused(
            replacing("domain: callpark.test", with: "domain: callpark.test\nservice: { probeInterval: fast }"),
            "service.probeInterval: expected a number")
        refused(replacing("domain: callpark.test", with: "domain: callpark.test\nservice: 5"), "service: expected fields")
    }

    @Test("addresses are host:port")
    func addresses() {
        refused(replacing("sip: 127.0.0.1:5060", with: "sip: 127.0.0.1"), "line 4: pools[0].sip: expected host:port")
        refused(replacing("sip: 127.0.0.1:5060", with: "sip: 127.0.0.1:sip"), "pools[0].sip: the port in \"127.0.0.1:sip\" must be a number")
        refused(
            replacing("sip: 127.0.0.1:5060", with: "sip: ::1:5060"), "pools[0].sip: expected host:port (e.g. 127.0.0.1:5060, or [::1]:5060 for IPv6)")
        let error = refused(
            replacing("sip: 127.0.0.1:5060", with: "sip: 127.0.0.1:0"), "line 3: pools[0]: pool pool-a: SIP port 0 is outside 1…65535")
        #expect(error?.topologyError?.rule == .invalidAddress)
    }

    @Test("partners must exist, differ and agree")
    func partners() {
        refused(replacing("partner: pool-b", with: "partner: pool-z"), "line 6: pools[0].partner: no pool named pool-z")
        refused(replacing("partner: pool-b", with: "partner: pool-a"), "pools[0].partner: pool pool-a cannot be its own partner")
        let three = Self.base.replacingOccurrences(
            of: "users:", with: "  - { name: pool-c, sip: 127.0.0.1:5080, admin: 127.0.0.1:8082, partner: pool-a }\nusers:")
        refused(three, "line 10: pools[2].partner: pool pool-a is already the partner of pool-b (pairs are 1:1)")
        let disagree = Self.base.replacingOccurrences(of: "    admin: 127.0.0.1:8081", with: "    admin: 127.0.0.1:8081\n    partner: pool-c")
            .replacingOccurrences(of: "users:", with: "  - { name: pool-c, sip: 127.0.0.1:5080, admin: 127.0.0.1:8082 }\nusers:")
        refused(disagree, "pools[1].partner: pool pool-b names pool-c as its partner, but pool-a names pool-b (pairs are 1:1)")
    }

    @Test("settings out of bounds name the section and the rule")
    func settings() {
        let error = refused(
            replacing("    partner: pool-b", with: "    partner: pool-b\n    callPark:\n      pickupTimeout: 601"),
            "line 8: pools[0].callPark: pickupTimeout 601 is outside 10…600 seconds")
        #expect(error?.topologyError?.rule == .invalidSetting)
        refused(
            replacing("domain: callpark.test", with: "domain: callpark.test\nservice:\n  minExpires: 0"),
            "line 3: service: service settings: minExpires 0 must be at least 1")
        refused(
            replacing("    partner: pool-b", with: "    callPark: { onTimeoutURI: \"tel:+15551234\" }"),
            "onTimeoutURI \"tel:+15551234\" must be a sip: or sips: URI")
    }

    @Test("a bad domain is reported at the domain")
    func badDomain() {
        let error = refused(
            replacing("domain: callpark.test", with: "domain: call park"), "line 1: domain: the domain \"call park\" is not a valid host name")
        #expect(error?.topologyError?.rule == .invalidDomain)
    }

    @Test("orbit format errors name the field")
    func orbitFormat() {
        let error = refused(
            replacing("start: \"*3000\"", with: "start: \"*0300\""), "line 15: orbitRanges[0].start: orbit \"*0300\" must not start with 0")
        #expect(error?.topologyError?.rule == .invalidOrbit)
        refused(
            replacing("end: \"*3099\"", with: "end: \"*30990\""),
            "orbitRanges[0]: orbit range \"pool-a-main\" (*3000–*30990): start and end must have the same number of digits")
    }

    @Test("an unquoted *3000 gets a helpful message")
    func unquotedStar() {
        let error = refused(replacing("start: \"*3000\"", with: "start: *3000"), "line 15: orbit *3000 must be quoted: write \"*3000\"")
        #expect(error?.line == 15)
        let block = Self.base + "\n  - name: b\n    start: *4000\n    end: \"*4099\"\n    pool: pool-b"
        refused(block, "line 17: orbit *4000 must be quoted")
    }

    @Test("an unquoted #3000 (a YAML comment) gets a helpful message")
    func unquotedHash() {
        let block = Self.base + "\n  - name: b\n    start: #4000\n    end: \"#4099\"\n    pool: pool-b"
        refused(block, "line 17: orbitRanges[1].start: a value is needed (orbit #4000 must be quoted: write \"#4000\"")
        let flow = replacing("start: \"*3000\", end: \"*3099\"", with: "start: \"#3000\", end: #3099")
        refused(flow, "line 15: orbit #3099 must be quoted: write \"#3099\" (in YAML an unquoted # starts a comment)")
    }

    @Test("the orbit hints look at unquoted values only")
    func hintScanner() {
        #expect(ConfigurationNode.unquotedOrbit(in: "start: #3000", marker: "#") == "#3000")
        #expect(ConfigurationNode.unquotedOrbit(in: "- { start: *3000, end: x }", marker: "*") == "*3000")
        #expect(ConfigurationNode.unquotedOrbit(in: "start: \"#3000\"", marker: "#") == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "password: 'a,#1'", marker: "#") == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "password: \"a\\\",#1\"", marker: "#") == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "#1 first pool", marker: "#") == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "name: x #1", marker: "#") == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "start: #3000", marker: "#", inFlow: true) == nil)
        #expect(ConfigurationNode.unquotedOrbit(in: "- { start: #3000", marker: "#", inFlow: true) == "#3000")
        let quotedHash = replacing("{ name: alice, pool: pool-a, password: a }", with: "{ name: alice, pool: pool-a, password: \"x, #1\" }")
        refused(quotedHash + "\n  - { name: b, start: [", "not valid YAML: did not find expected node content")
    }

    @Test("rules across items (overlaps, address conflicts) come with the rule broken")
    func crossItemRules() {
        let overlap = refused(
            Self.base + "\n  - { name: east, start: \"*3050\", end: \"*3150\", pool: pool-b }",
            "orbit range \"east\" (*3050–*3150) overlaps range \"pool-a-main\" (*3000–*3099) of pool pool-a")
        #expect(overlap?.topologyError?.rule == .rangeOverlap)
        let conflict = refused(
            replacing("sip: 127.0.0.1:5070", with: "sip: 127.0.0.1:5060"), "pool pool-b: SIP address 127.0.0.1:5060 is already used")
        #expect(conflict?.topologyError?.rule == .addressConflict)
        let orbitUser = refused(replacing("name: dave", with: "name: \"*3001\""), "user *3001 has the same name as orbit *3001")
        #expect(orbitUser?.topologyError?.rule == .invalidUser)
    }
}
