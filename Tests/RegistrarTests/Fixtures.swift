import SIPCore
import Testing
import Topology

@testable import Registrar

/// A small deployment: pool-a (127.0.0.1:5060) and pool-b (127.0.0.1:5070) paired, pool-c (10.0.0.3:5060) alone.
enum Fixture {
    static let domain = "callpark.test"
    static let poolA = Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: 5060, adminHost: "127.0.0.1", adminPort: 8080)
    static let poolB = Pool(name: "pool-b", sipHost: "127.0.0.1", sipPort: 5070, adminHost: "127.0.0.1", adminPort: 8081)
    static let poolC = Pool(name: "pool-c", sipHost: "10.0.0.3", sipPort: 5060, adminHost: "10.0.0.3", adminPort: 8080)

    /// Everyone's password is `<name>-secret`.
    static func password(_ name: String) -> String { name + "-secret" }

    static func user(_ name: String, home: String) -> User {
        User(
            name: name, homePool: home,
            ha1MD5: SIPDigest.ha1(username: name, realm: domain, password: password(name), algorithm: .md5),
            ha1SHA256: SIPDigest.ha1(username: name, realm: domain, password: password(name), algorithm: .sha256))
    }

    static func orbit(_ text: String) -> Orbit { try! Orbit(parsing: text) }

    static let settings = ServiceSettings(minExpires: 60, maxExpires: 3600, defaultExpires: 1800, resiliencyExpires: 120)

    static var deployment: Deployment {
        Deployment(
            domain: domain, pools: [poolA, poolB, poolC], pairs: [PoolPair("pool-a", "pool-b")],
            users: [
                user("alice", home: "pool-a"), user("bob", home: "pool-a"), user("dave", home: "pool-b"),
                user("grace", home: "pool-c"),
            ],
            orbitRanges: [
                OrbitRange(name: "a-star", start: orbit("*3000"), end: orbit("*3099"), pool: "pool-a"),
                OrbitRange(name: "b-star", start: orbit("*4000"), end: orbit("*4099"), pool: "pool-b"),
                OrbitRange(name: "a-hash", start: orbit("#5000"), end: orbit("#5099"), pool: "pool-a"),
                OrbitRange(name: "b-plain", start: orbit("6000"), end: orbit("6099"), pool: "pool-b"),
            ],
            service: settings)
    }

    /// The deployment with `pool` failed over to its partner.
    static func failedOver(_ pool: String) -> Deployment {
        var d = deployment
        d.pools[pool]!.failedOver = true
        return d
    }

    static func registrar(_ pool: String, partnerDown: Bool = false, deployment: Deployment = deployment) -> Registrar {
        Registrar(pool: pool, deployment: deployment, partnerDown: partnerDown)
    }

    static var alice: User { deployment.users["alice"]! }
    static var bob: User { deployment.users["bob"]! }
    static var dave: User { deployment.users["dave"]! }

    /// A request with the mandatory headers (RFC 3261 §8.1.1).
    static func request(
        _ method: SIPMethod, _ uri: String, from: String, to: String, callID: String = "call-1@192.0.2.1", cSeq: UInt32 = 1,
        maxForwards: Int? = 70, extra: [(SIPHeaderName, String)] = []
    ) -> SIPRequest {
        var fields = SIPHeaderFields()
        fields.append(.via, "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-\(cSeq)-\(callID.count)")
        if let maxForwards { fields.append(.maxForwards, "\(maxForwards)") }
        fields.append(.from, "<\(from)>;tag=from-1")
        fields.append(.to, "<\(to)>")
        fields.append(.callID, callID)
        fields.append(.cSeq, "\(cSeq) \(method)")
        for (name, value) in extra { fields.append(name, value) }
        return SIPRequest(method: method, uri: try! SIPURI(uri), headerFields: fields)
    }

    /// A REGISTER for `user` listing `contacts` (Contact values as written).
    static func register(
        _ user: String, contacts: [String], expires: UInt32? = nil, callID: String = "reg-1@192.0.2.1", cSeq: UInt32 = 1,
        requestURI: String = "sip:callpark.test", to: String? = nil, extra: [(SIPHeaderName, String)] = []
    ) -> SIPRequest {
        var more = contacts.map { (SIPHeaderName.contact, $0) }
        if let expires { more.append((.expires, "\(expires)")) }
        let aor = "sip:\(user)@\(domain)"
        return request(.register, requestURI, from: aor, to: to ?? aor, callID: callID, cSeq: cSeq, extra: more + extra)
    }

    /// An INVITE from alice to `target`.
    static func invite(_ target: String, maxForwards: Int? = 70) -> SIPRequest {
        request(.invite, target, from: "sip:alice@\(domain)", to: target, maxForwards: maxForwards)
    }
}

extension SIPResponse {
    /// The Contact addresses.
    var contactAddresses: [SIPNameAddress] {
        guard case .addresses(let list)? = try? headerFields.contacts else { return [] }
        return list
    }

    /// The Contact URIs as text, with each one's expires parameter.
    var contactExpiries: [String: UInt32] {
        Dictionary(uniqueKeysWithValues: contactAddresses.map { ($0.uri.description, $0.expires ?? 0) })
    }

    /// The Warning values.
    var warningList: [SIPWarning] { (try? headerFields.warnings) ?? [] }
}
