import Testing

@testable import Topology

/// Shared deployments and expectations for the Topology tests.
enum Fixtures {
    /// The demo passwords the tests use.
    static let passwords = Dictionary(uniqueKeysWithValues: Deployment.demoUserNames.map { ($0, "pw-\($0)") })

    /// The demo deployment with known passwords (valid).
    static let demo = Deployment.demo(passwords: passwords)

    /// A valid MD5 HA1 (32 lowercase hex digits).
    static let md5 = String(repeating: "0123456789abcdef", count: 2)
    /// A valid SHA-256 HA1 (64 lowercase hex digits).
    static let sha256 = String(repeating: "0123456789abcdef", count: 4)

    /// A user with well-formed hashes.
    static func user(_ name: String, on pool: String = "pool-a") -> User {
        User(name: name, homePool: pool, ha1MD5: md5, ha1SHA256: sha256)
    }

    /// A pool on 127.0.0.1 with the given ports.
    static func pool(_ name: String, sip: Int, admin: Int, host: String = "127.0.0.1") -> Pool {
        Pool(name: name, sipHost: host, sipPort: sip, adminHost: host, adminPort: admin)
    }

    /// An orbit from its text (which must parse).
    static func orbit(_ text: String) -> Orbit {
        do {
            return try Orbit(parsing: text)
        } catch {
            Issue.record("orbit \(text) does not parse: \(error)")
            return Orbit(prefix: nil, digits: "1")
        }
    }

    /// A range from orbit texts.
    static func range(_ name: String, _ start: String, _ end: String, pool: String = "pool-a") -> OrbitRange {
        OrbitRange(name: name, start: orbit(start), end: orbit(end), pool: pool)
    }

    /// Two unpaired pools and nothing else (valid).
    static var twoPools: Deployment {
        Deployment(domain: "callpark.test", pools: [pool("pool-a", sip: 5060, admin: 8080), pool("pool-b", sip: 5070, admin: 8081)])
    }

    /// The demo deployment changed by `change`.
    static func demo(_ change: (inout Deployment) -> Void) -> Deployment {
        var deployment = demo
        change(&deployment)
        return deployment
    }
}

/// Expects `deployment` to validate.
func expectValid(_ deployment: Deployment, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try deployment.validate()
    } catch {
        Issue.record("refused: \(error)", sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw a ``TopologyError`` for `rule` whose sentence contains `fragment`; returns it.
@discardableResult
func expectRefused(
    _ rule: TopologyError.Rule, _ fragment: String = "", sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(TopologyError) -> Void
) -> TopologyError? {
    do {
        try body()
        Issue.record("accepted, expected a refusal for \(rule)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(fragment), "\"\(error)\" does not contain \"\(fragment)\"", sourceLocation: sourceLocation)
        return error
    }
}

/// Expects `deployment` to be refused for `rule` with a sentence containing `fragment`.
@discardableResult
func expectRefused(
    _ deployment: Deployment, _ rule: TopologyError.Rule, _ fragment: String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> TopologyError? {
    expectRefused(rule, fragment, sourceLocation: sourceLocation) { () throws(TopologyError) in try deployment.validate() }
}
