import Testing

@testable import Topology

@Suite("YAML configuration: reading, writing, round trips")
struct YAMLRoundTripTests {
    /// A deployment using every feature of the file format.
    static func big(users count: Int) -> Deployment {
        var deployment = Deployment(
            domain: "corp.example.com",
            pools: [
                Fixtures.pool("east-1", sip: 5060, admin: 8080, host: "10.0.0.1"), Fixtures.pool("west-1", sip: 5060, admin: 8080, host: "10.0.1.1"),
                Fixtures.pool("east-2", sip: 5060, admin: 8080, host: "sip-east2.corp.example.com"),
                Fixtures.pool("west-2", sip: 5062, admin: 9443, host: "fd00::2"),
                Fixtures.pool("lab", sip: 15060, admin: 18080, host: "127.0.0.1"),
            ],
            pairs: [PoolPair("east-1", "west-1"), PoolPair("east-2", "west-2")],
            orbitRanges: [
                Fixtures.range("east-1-star", "*3000", "*3999", pool: "east-1"), Fixtures.range("east-1-hash", "#3000", "#3099", pool: "east-1"),
                Fixtures.range("west-1-bare", "70000", "79999", pool: "west-1"), Fixtures.range("east-2", "*101", "*999", pool: "east-2"),
                Fixtures.range("west-2", "123456700", "123456799", pool: "west-2"),
            ],
            callParkSettings: [
                "east-1": CallParkSettings(
                    pickupTimeout: 600, maxPickupAttempts: 10, onTimeoutURI: "sip:operator@corp.example.com;transport=tcp?subject=parked%20call",
                    enableMusicOnHold: false, musicOnHoldFile: "/srv/music/hold \"tune\" #1.wav", ringbackDuration: 10, orbitReuseDelay: 0),
                "west-2": .defaults,
            ],
            service: ServiceSettings(
                minExpires: 30, maxExpires: 7200, defaultExpires: 1800, resiliencyExpires: 45, recordRoute: true, probeInterval: 0.25,
                probeFailureThreshold: 5, probeRecoveryThreshold: 4, automaticFailoverAfter: 300))
        deployment.pools["west-2"]!.failedOver = true
        let pools = ["east-1", "west-1", "east-2", "west-2", "lab"]
        let displayNames: [String?] = [
            nil, "Zoë O'Brien", "yes", "123", "Dr. \"Who\"", "a: b # c", "  padded  ", "東京", "-dash", "null", "Alice Smith", "trailing ", "On",
        ]
        for index in 0..<count {
            let name = index.isMultiple(of: 7) ? "\(200_000 + index)" : "user.\(index)"
            let md5 = String(String(index, radix: 16).reversed()).padding(toLength: 32, withPad: "0", startingAt: 0)
            let sha256 = String(repeating: "e", count: 63) + String(index % 10)
            deployment.users[name] = User(
                name: name, displayName: displayNames[index % displayNames.count], homePool: pools[index % pools.count],
                callParkEnabled: !index.isMultiple(of: 3), ha1MD5: md5, ha1SHA256: sha256)
        }
        return deployment
    }

    @Test("text is written plain when YAML reads it back as the same text, quoted otherwise")
    func scalarStyle() {
        #expect(YAMLWriter.scalar("pool-a") == "pool-a")
        #expect(YAMLWriter.scalar("Alice Smith") == "Alice Smith")
        #expect(YAMLWriter.scalar("yes") == "\"yes\"")
        #expect(YAMLWriter.scalar("3042") == "\"3042\"")
        #expect(YAMLWriter.scalar("*3042") == "\"*3042\"")
        #expect(YAMLWriter.scalar("a: b") == "\"a: b\"")
        #expect(YAMLWriter.scalar("trailing ") == "\"trailing \"")
        #expect(YAMLWriter.quoted("say \"hi\"\\\n\u{1}") == #""say \"hi\"\\\n\x01""#)
    }

    @Test("the demo round-trips")
    func demoRoundTrip() throws {
        let text = Fixtures.demo.yaml()
        #expect(try Deployment(yaml: text) == Fixtures.demo)
    }

    @Test("a big deployment round-trips and validates")
    func bigRoundTrip() throws {
        let big = Self.big(users: 20_000)
        try big.validate()
        let text = big.yaml()
        #expect(try Deployment(yaml: text) == big)
    }

    @Test("an empty deployment round-trips")
    func emptyRoundTrip() throws {
        let empty = Deployment(domain: "callpark.test")
        #expect(empty.yaml().contains("pools: []"))
        #expect(try Deployment(yaml: empty.yaml()) == empty)
    }

    @Test("export is stable, sorted by name and never holds a password")
    func exportOrder() throws {
        let text = Fixtures.demo.yaml()
        #expect(text == Deployment.demo(passwords: Fixtures.passwords).yaml())
        let positions = Deployment.demoUserNames.map { text.range(of: "- name: \($0)\n")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.range(of: "- name: pool-a\n")!.lowerBound < text.range(of: "- name: pool-b\n")!.lowerBound)
        #expect(!text.contains("password"))
        #expect(!text.contains("pw-alice"))
        #expect(text.contains(#"start: "*3000""#))
        #expect(text.contains("sip: 127.0.0.1:5060"))
        #expect(text.contains("partner: pool-b"))
    }

    @Test("the demo file reads as an administrator would write it")
    func demoText() {
        let expected = """
            # callpark deployment (SPEC §2). Orbits are quoted: in YAML an unquoted * is an alias and # a comment.
            domain: callpark.test
            service:
              minExpires: 60
              maxExpires: 3600
              defaultExpires: 3600
              resiliencyExpires: 120
              recordRoute: false
              probeInterval: 0.5
              probeFailureThreshold: 3
              probeRecoveryThreshold: 2
              digestAlgorithms: ["SHA-256", "MD5"]
            pools:
              - name: pool-a
                sip: 127.0.0.1:5060
                admin: 127.0.0.1:8080
                partner: pool-b
              - name: pool-b
                sip: 127.0.0.1:5070
                admin: 127.0.0.1:8081
                partner: pool-a
            users:
            """
        #expect(Fixtures.demo.yaml().hasPrefix(expected))
        #expect(
            Fixtures.demo.yaml().hasSuffix(
                """
                orbitRanges:
                  - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }
                  - { name: pool-b-main, start: "*4000", end: "*4099", pool: pool-b }

                """))
    }

    @Test("a hand-written file: passwords hashed with the domain, defaults filled in, partner on one side")
    func handWritten() throws {
        let text = """
            domain: callpark.test
            service: { minExpires: 30, resiliencyExpires: 60 }
            pools:
              - name: pool-a
                sip: 127.0.0.1:5060
                admin: 127.0.0.1:8080
                partner: pool-b
                callPark: { pickupTimeout: 120, maxPickupAttempts: 2, onTimeoutURI: "sip:operator@callpark.test" }
              - { name: pool-b, sip: "127.0.0.1:5070", admin: 127.0.0.1:8081 }
              - name: lab
                sip: "[::1]:5060"
                admin: localhost:9000
            users:
              - name: alice
                pool: pool-a
                password: secret
              - name: bob
                displayName: Bob
                pool: pool-b
                password: "s3cr3t: with # signs"
                callPark: false
              - name: carol
                pool: pool-a
                ha1-md5: 0123456789abcdef0123456789abcdef
                ha1-sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            orbitRanges:
              - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }
              - name: pool-b-main
                start: '#4000'
                end: '#4099'
                pool: pool-b
              - { name: lab, start: 100, end: 199, pool: lab }
            """
        let deployment = try Deployment(yaml: text)
        #expect(deployment.service == ServiceSettings(minExpires: 30, resiliencyExpires: 60))
        #expect(deployment.pairs == [PoolPair("pool-a", "pool-b")])
        #expect(
            deployment.settings(of: "pool-a")
                == CallParkSettings(pickupTimeout: 120, maxPickupAttempts: 2, onTimeoutURI: "sip:operator@callpark.test"))
        #expect(deployment.callParkSettings["pool-b"] == nil)
        #expect(deployment.pools["lab"] == Pool(name: "lab", sipHost: "::1", sipPort: 5060, adminHost: "localhost", adminPort: 9000))
        let alice = try #require(deployment.users["alice"])
        #expect(alice == User.withPassword(name: "alice", password: "secret", realm: "callpark.test", homePool: "pool-a"))
        let bob = try #require(deployment.users["bob"])
        #expect(bob.hasPassword("s3cr3t: with # signs", realm: "callpark.test"))
        #expect(!bob.callParkEnabled && bob.displayName == "Bob")
        #expect(deployment.users["carol"]?.ha1MD5 == "0123456789abcdef0123456789abcdef")
        #expect(deployment.orbitRanges["pool-b-main"] == Fixtures.range("pool-b-main", "#4000", "#4099", pool: "pool-b"))
        #expect(deployment.orbitRanges["lab"] == Fixtures.range("lab", "100", "199", pool: "lab"))
        #expect(try Deployment(yaml: deployment.yaml()) == deployment)
    }

    @Test("a pair may be written on both pools when they agree")
    func partnerBothSides() throws {
        let text = """
            domain: callpark.test
            pools:
              - { name: pool-b, sip: 127.0.0.1:5070, admin: 127.0.0.1:8081, partner: pool-a }
              - { name: pool-a, sip: 127.0.0.1:5060, admin: 127.0.0.1:8080, partner: pool-b }
            """
        #expect(try Deployment(yaml: text).pairs == [PoolPair("pool-a", "pool-b")])
    }
}
