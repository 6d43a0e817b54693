extension Deployment {
    /// The demo users (SPEC §7): `alice`, `bob` and `carol` on pool-a, `dave`, `erin` and `frank` on pool-b.
    public static let demoUserNames = ["alice", "bob", "carol", "dave", "erin", "frank"]

    /// The demo deployment of SPEC §7, always the same so that guides and scripts can rely on it: domain
    /// `callpark.test`; `pool-a` on 127.0.0.1:5060 (admin 127.0.0.1:8080) and `pool-b` on 127.0.0.1:5070 (admin
    /// 127.0.0.1:8081), paired; the ``demoUserNames`` (the first three on pool-a); orbit ranges `pool-a-main`
    /// `*3000`–`*3099` and `pool-b-main` `*4000`–`*4099`; default settings.
    ///
    /// `passwords` maps user names to passwords (see ``generateDemoPasswords()``). A user missing from it gets a
    /// random password nobody knows: it cannot log in until its password is set.
    public static func demo(passwords: [String: String]) -> Deployment {
        let domain = "callpark.test"
        let users = demoUserNames.enumerated().map { index, name in
            User.withPassword(
                name: name, password: passwords[name] ?? randomPassword(), realm: domain, homePool: index < 3 ? "pool-a" : "pool-b",
                displayName: name.prefix(1).uppercased() + name.dropFirst())
        }
        return Deployment(
            domain: domain,
            pools: [
                Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: 5060, adminHost: "127.0.0.1", adminPort: 8080),
                Pool(name: "pool-b", sipHost: "127.0.0.1", sipPort: 5070, adminHost: "127.0.0.1", adminPort: 8081),
            ],
            pairs: [PoolPair("pool-a", "pool-b")],
            users: users,
            orbitRanges: [
                OrbitRange(name: "pool-a-main", start: Orbit(prefix: "*", digits: "3000"), end: Orbit(prefix: "*", digits: "3099"), pool: "pool-a"),
                OrbitRange(name: "pool-b-main", start: Orbit(prefix: "*", digits: "4000"), end: Orbit(prefix: "*", digits: "4099"), pool: "pool-b"),
            ])
    }

    /// A fresh random password for each of the ``demoUserNames``, for ``demo(passwords:)`` at first run.
    public static func generateDemoPasswords() -> [String: String] {
        Dictionary(uniqueKeysWithValues: demoUserNames.map { ($0, randomPassword()) })
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), about 93 bits.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
