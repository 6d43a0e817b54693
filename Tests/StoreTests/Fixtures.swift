import Topology

/// Deployments for the store tests, valid under every rule of SPEC §2 so that ``Deployment/applying(_:)`` accepts
/// them whatever its validation checks.
enum Fixtures {
    /// `count` lowercase hex digits derived from `seed`.
    static func hex(_ seed: String, count: Int) -> String {
        var state = seed.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let digits = Array("0123456789abcdef")
        return String(
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return digits[Int(state >> 60)]
            })
    }

    /// A user with hashes derived from its name.
    static func user(_ name: String, pool: String, displayName: String? = nil, callParkEnabled: Bool = true) -> User {
        User(
            name: name, displayName: displayName, homePool: pool, callParkEnabled: callParkEnabled,
            ha1MD5: hex("md5:" + name, count: 32), ha1SHA256: hex("sha:" + name, count: 64))
    }

    /// An orbit from its text (`*3000`, `#4000`, `5000`).
    static func orbit(_ text: String) -> Orbit {
        if let first = text.first, first == "*" || first == "#" { return Orbit(prefix: first, digits: String(text.dropFirst())) }
        return Orbit(prefix: nil, digits: text)
    }

    /// Every field set, every optional both nil and non-nil somewhere: four pools in two pairs (one failed over),
    /// users with and without display names, ranges with `*`, `#` and no prefix, two pools' settings.
    static func full(automaticFailoverAfter: Int? = 45) -> Deployment {
        Deployment(
            domain: "callpark.test",
            pools: [
                Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: 5060, adminHost: "127.0.0.1", adminPort: 8080),
                Pool(name: "pool-b", sipHost: "127.0.0.2", sipPort: 5062, adminHost: "127.0.0.2", adminPort: 8082, failedOver: true),
                Pool(name: "pool-c", sipHost: "127.0.0.3", sipPort: 5064, adminHost: "127.0.0.3", adminPort: 8084),
                Pool(name: "pool-d", sipHost: "pbx-d.callpark.test", sipPort: 5066, adminHost: "127.0.0.4", adminPort: 8086),
            ],
            pairs: [PoolPair("pool-a", "pool-b"), PoolPair("pool-c", "pool-d")],
            users: [
                user("alice", pool: "pool-a", displayName: "Alice Liddell"),
                user("bob", pool: "pool-b", callParkEnabled: false),
                user("carol", pool: "pool-c", displayName: "Carol Ünïcode"),
            ],
            orbitRanges: [
                OrbitRange(name: "a-star", start: orbit("*3000"), end: orbit("*3099"), pool: "pool-a"),
                OrbitRange(name: "b-hash", start: orbit("#4000"), end: orbit("#4049"), pool: "pool-b"),
                OrbitRange(name: "c-plain", start: orbit("5000"), end: orbit("5999"), pool: "pool-c"),
            ],
            callParkSettings: [
                "pool-a": CallParkSettings(
                    pickupTimeout: 120, maxPickupAttempts: 3, onTimeoutURI: "sip:operator@callpark.test", enableMusicOnHold: false,
                    musicOnHoldFile: "/var/lib/callpark/moh/pool-a.wav", ringbackDuration: 20, orbitReuseDelay: 120),
                "pool-b": CallParkSettings(pickupTimeout: 45),
            ],
            service: ServiceSettings(
                minExpires: 30, maxExpires: 7200, defaultExpires: 1800, resiliencyExpires: 90, recordRoute: true, probeInterval: 0.35,
                probeFailureThreshold: 4, probeRecoveryThreshold: 3, automaticFailoverAfter: automaticFailoverAfter,
                digestAlgorithms: ["MD5", "SHA-256"]))
    }

    /// Two paired pools and `count` users spread over them (`user00001`, …).
    static func bulk(users count: Int) -> Deployment {
        var deployment = Deployment(
            domain: "callpark.test",
            pools: [
                Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: 5060, adminHost: "127.0.0.1", adminPort: 8080),
                Pool(name: "pool-b", sipHost: "127.0.0.2", sipPort: 5062, adminHost: "127.0.0.2", adminPort: 8082),
            ],
            pairs: [PoolPair("pool-a", "pool-b")])
        deployment.users.reserveCapacity(count)
        for index in 1...max(count, 1) where count > 0 {
            let name = "user" + String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index)
            deployment.users[name] = user(
                name, pool: index.isMultiple(of: 2) ? "pool-b" : "pool-a", displayName: index.isMultiple(of: 3) ? nil : "User \(index)")
        }
        return deployment
    }
}
