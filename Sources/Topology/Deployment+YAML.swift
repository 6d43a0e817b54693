import Yams

extension Deployment {
    /// Reads a deployment from its YAML configuration file and validates it.
    ///
    /// ```yaml
    /// domain: callpark.test
    /// service: { minExpires: 60 }          # optional; missing fields take their defaults
    /// pools:
    ///   - name: pool-a
    ///     sip: 127.0.0.1:5060
    ///     admin: 127.0.0.1:8080
    ///     partner: pool-b                  # on one or both pools of a pair; both sides must agree
    ///     callPark: { pickupTimeout: 90 }  # optional
    /// users:
    ///   - { name: alice, pool: pool-a, password: secret }   # or ha1-md5 and ha1-sha256; callPark: false to disable
    /// orbitRanges:
    ///   - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }   # orbits quoted: * and # mean things in YAML
    /// ```
    ///
    /// Passwords are hashed at import with the domain as realm; ``yaml()`` writes the hashes only. Every error names
    /// the line and field, e.g. `line 14: users[2].pool: no pool named pool-c`; a broken deployment rule comes with its
    /// ``ConfigurationError/topologyError``.
    public init(yaml: String) throws(ConfigurationError) {
        let root = try ConfigurationNode.parse(yaml)
        let top = try root.mapping(allowed: ["domain", "service", "pools", "users", "orbitRanges"])
        let domainNode = try top.required("domain")
        let domain = try domainNode.string()
        do {
            try Deployment(domain: domain).validateDomain()
        } catch {
            throw domainNode.error(error)
        }
        var service = ServiceSettings()
        if let node = top["service"] { service = try Self.readService(node) }
        let (pools, pairs, settings) = try Self.readPools(top["pools"])
        let users = try Self.readUsers(top["users"], domain: domain, pools: pools)
        let ranges = try Self.readOrbitRanges(top["orbitRanges"], pools: pools)
        let deployment = Deployment(
            domain: domain, pools: pools, pairs: pairs, users: users, orbitRanges: ranges, callParkSettings: settings, service: service)
        do {
            try deployment.validate()
        } catch {
            throw ConfigurationError(line: nil, path: "", message: error.description, topologyError: error)
        }
        self = deployment
    }

    // MARK: Service settings

    private static func readService(_ node: ConfigurationNode) throws(ConfigurationError) -> ServiceSettings {
        let fields = try node.mapping(allowed: ServiceSettings.fieldNames)
        var service = ServiceSettings()
        if let field = fields["minExpires"] { service.minExpires = try field.int() }
        if let field = fields["maxExpires"] { service.maxExpires = try field.int() }
        if let field = fields["defaultExpires"] { service.defaultExpires = try field.int() }
        if let field = fields["resiliencyExpires"] { service.resiliencyExpires = try field.int() }
        if let field = fields["recordRoute"] { service.recordRoute = try field.bool() }
        if let field = fields["probeInterval"] { service.probeInterval = try field.double() }
        if let field = fields["probeFailureThreshold"] { service.probeFailureThreshold = try field.int() }
        if let field = fields["probeRecoveryThreshold"] { service.probeRecoveryThreshold = try field.int() }
        if let field = fields["automaticFailoverAfter"] { service.automaticFailoverAfter = try field.int() }
        if let field = fields["digestAlgorithms"] {
            var names: [String] = []
            for item in try field.sequence() { names.append(try item.string()) }
            service.digestAlgorithms = names
        }
        do {
            try service.validate()
        } catch {
            throw node.error(error)
        }
        return service
    }

    // MARK: Pools

    private static func readPools(
        _ node: ConfigurationNode?
    ) throws(ConfigurationError) -> (pools: [Pool], pairs: [PoolPair], settings: [String: CallParkSettings]) {
        var pools: [Pool] = []
        var lines: [String: Int?] = [:]
        var partners: [(node: ConfigurationNode, pool: String, partner: String)] = []
        var settings: [String: CallParkSettings] = [:]
        for item in try node?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["name", "sip", "admin", "partner", "failedOver", "callPark"])
            let name = try fields.required("name").string()
            if let line = lines[name] { throw item.error("pool \(name) is already defined\(line.map { " on line \($0)" } ?? "")") }
            lines[name] = item.line
            let sip = try readHostPort(fields.required("sip"))
            let admin = try readHostPort(fields.required("admin"))
            let pool = Pool(
                name: name, sipHost: sip.host, sipPort: sip.port, adminHost: admin.host, adminPort: admin.port,
                failedOver: try fields["failedOver"]?.bool() ?? false)
            do {
                try pool.validate()
            } catch {
                throw item.error(error)
            }
            pools.append(pool)
            if let partner = fields["partner"] { partners.append((partner, name, try partner.string())) }
            if let callPark = fields["callPark"] { settings[name] = try readCallParkSettings(callPark) }
        }
        return (pools, try pairs(from: partners, pools: Set(lines.keys)), settings)
    }

    /// Pairs from `partner:` fields: one or both sides may say it, and they must agree (pairs are 1:1).
    private static func pairs(
        from partners: [(node: ConfigurationNode, pool: String, partner: String)], pools: Set<String>
    ) throws(ConfigurationError) -> [PoolPair] {
        var partnerOf: [String: String] = [:]
        for (node, pool, partner) in partners {
            guard pools.contains(partner) else { throw node.error("no pool named \(partner)") }
            guard partner != pool else { throw node.error("pool \(pool) cannot be its own partner") }
            if let other = partnerOf[pool], other != partner {
                throw node.error("pool \(pool) names \(partner) as its partner, but \(other) names \(pool) (pairs are 1:1)")
            }
            if let other = partnerOf[partner], other != pool {
                throw node.error("pool \(partner) is already the partner of \(other) (pairs are 1:1)")
            }
            partnerOf[pool] = partner
            partnerOf[partner] = pool
        }
        return partnerOf.filter { $0.key < $0.value }.sorted { $0.key < $1.key }.map { PoolPair($0.key, $0.value) }
    }

    private static func readHostPort(_ node: ConfigurationNode) throws(ConfigurationError) -> (host: String, port: Int) {
        let text = try node.string()
        let host: Substring, port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") {
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        } else {
            throw node.error("expected host:port (e.g. 127.0.0.1:5060, or [::1]:5060 for IPv6), found \"\(text)\"")
        }
        guard let number = Int(port) else { throw node.error("the port in \"\(text)\" must be a number") }
        return (String(host), number)
    }

    private static func readCallParkSettings(_ node: ConfigurationNode) throws(ConfigurationError) -> CallParkSettings {
        let fields = try node.mapping(allowed: CallParkSettings.fieldNames)
        var settings = CallParkSettings()
        if let field = fields["pickupTimeout"] { settings.pickupTimeout = try field.int() }
        if let field = fields["maxPickupAttempts"] { settings.maxPickupAttempts = try field.int() }
        if let field = fields["onTimeoutURI"] { settings.onTimeoutURI = try field.string() }
        if let field = fields["enableMusicOnHold"] { settings.enableMusicOnHold = try field.bool() }
        if let field = fields["musicOnHoldFile"] { settings.musicOnHoldFile = try field.string() }
        if let field = fields["ringbackDuration"] { settings.ringbackDuration = try field.int() }
        if let field = fields["orbitReuseDelay"] { settings.orbitReuseDelay = try field.int() }
        do {
            try settings.validate()
        } catch {
            throw node.error(error)
        }
        return settings
    }

    // MARK: Users

    private static func readUsers(_ node: ConfigurationNode?, domain: String, pools: [Pool]) throws(ConfigurationError) -> [User] {
        let poolNames = Set(pools.map(\.name))
        var lines: [String: Int?] = [:]
        var users: [User] = []
        for item in try node?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["name", "displayName", "pool", "password", "ha1-md5", "ha1-sha256", "callPark"])
            let name = try fields.required("name").string()
            if let line = lines[name] { throw item.error("user \(name) is already defined\(line.map { " on line \($0)" } ?? "")") }
            lines[name] = item.line
            let poolNode = try fields.required("pool")
            let pool = try poolNode.string()
            guard poolNames.contains(pool) else { throw poolNode.error("no pool named \(pool)") }
            let displayName = try fields["displayName"]?.string()
            let callPark = try fields["callPark"]?.bool() ?? true
            let md5 = fields["ha1-md5"], sha256 = fields["ha1-sha256"]
            let user: User
            if let passwordNode = fields["password"] {
                guard md5 == nil, sha256 == nil else {
                    throw item.error("give either password or the two hashes (ha1-md5 and ha1-sha256), not both")
                }
                let password = try passwordNode.string()
                guard !password.isEmpty else { throw passwordNode.error("the password must not be empty") }
                user = .withPassword(
                    name: name, password: password, realm: domain, homePool: pool, callParkEnabled: callPark, displayName: displayName)
            } else if let md5, let sha256 {
                user = User(
                    name: name, displayName: displayName, homePool: pool, callParkEnabled: callPark, ha1MD5: try md5.string(),
                    ha1SHA256: try sha256.string())
            } else {
                throw item.error("user \(name) needs a password, or both hashes ha1-md5 and ha1-sha256")
            }
            do {
                try user.validate()
            } catch {
                throw item.error(error)
            }
            users.append(user)
        }
        return users
    }

    // MARK: Orbit ranges

    private static func readOrbitRanges(_ node: ConfigurationNode?, pools: [Pool]) throws(ConfigurationError) -> [OrbitRange] {
        let poolNames = Set(pools.map(\.name))
        var lines: [String: Int?] = [:]
        var ranges: [OrbitRange] = []
        for item in try node?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["name", "start", "end", "pool"])
            let name = try fields.required("name").string()
            if let line = lines[name] { throw item.error("orbit range \(name) is already defined\(line.map { " on line \($0)" } ?? "")") }
            lines[name] = item.line
            let start = try readOrbit(fields.required("start"))
            let end = try readOrbit(fields.required("end"))
            let poolNode = try fields.required("pool")
            let pool = try poolNode.string()
            guard poolNames.contains(pool) else { throw poolNode.error("no pool named \(pool)") }
            let range = OrbitRange(name: name, start: start, end: end, pool: pool)
            do {
                try range.validate()
            } catch {
                throw item.error(error)
            }
            ranges.append(range)
        }
        return ranges
    }

    private static func readOrbit(_ node: ConfigurationNode) throws(ConfigurationError) -> Orbit {
        let text = try node.string()
        do {
            return try Orbit(parsing: text)
        } catch {
            throw node.error(error)
        }
    }
}

extension ServiceSettings {
    /// The field names of the `service:` section of a configuration file, in file order.
    static let fieldNames = [
        "minExpires", "maxExpires", "defaultExpires", "resiliencyExpires", "recordRoute", "probeInterval", "probeFailureThreshold",
        "probeRecoveryThreshold", "automaticFailoverAfter", "digestAlgorithms",
    ]
}

extension CallParkSettings {
    /// The field names of a pool's `callPark:` section of a configuration file, in file order.
    static let fieldNames = [
        "pickupTimeout", "maxPickupAttempts", "onTimeoutURI", "enableMusicOnHold", "musicOnHoldFile", "ringbackDuration", "orbitReuseDelay",
    ]
}
