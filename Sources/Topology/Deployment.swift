/// A whole deployment (SPEC §2): the domain, pools, pairs, users, orbit ranges and settings. A pure value; the
/// management store keeps it and every change goes through ``applying(_:)``, which validates the result.
public struct Deployment: Hashable, Sendable, Codable {
    /// The SIP domain, e.g. `callpark.test`; also the digest realm.
    public var domain: String
    /// Pools, by name.
    public var pools: [String: Pool]
    /// Pairs (each pool is in at most one).
    public var pairs: [PoolPair]
    /// Users, by name.
    public var users: [String: User]
    /// Orbit ranges, by name.
    public var orbitRanges: [String: OrbitRange]
    /// Call park settings, by pool name; a pool without an entry uses ``CallParkSettings/defaults``.
    public var callParkSettings: [String: CallParkSettings]
    /// Deployment-wide SIP service settings.
    public var service: ServiceSettings

    /// A deployment.
    public init(
        domain: String, pools: [Pool] = [], pairs: [PoolPair] = [], users: [User] = [], orbitRanges: [OrbitRange] = [],
        callParkSettings: [String: CallParkSettings] = [:], service: ServiceSettings = ServiceSettings()
    ) {
        self.domain = domain
        self.pools = Dictionary(pools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.pairs = pairs
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.orbitRanges = Dictionary(orbitRanges.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.callParkSettings = callParkSettings
        self.service = service
    }

    // MARK: Lookups

    /// The partner (backup) pool of `pool`, if paired.
    public func partner(of pool: String) -> String? {
        pairs.lazy.compactMap { $0.partner(of: pool) }.first
    }

    /// The pool that serves `user` now: its home pool, or the partner while the home pool is failed over.
    public func servingPool(of user: User) -> String {
        if let home = pools[user.homePool], home.failedOver, let partner = partner(of: home.name) { return partner }
        return user.homePool
    }

    /// The call park settings in force on `pool`.
    public func settings(of pool: String) -> CallParkSettings { callParkSettings[pool] ?? .defaults }

    /// The range holding `orbit`, if any.
    public func range(holding orbit: Orbit) -> OrbitRange? {
        orbitRanges.values.first { $0.contains(orbit) }
    }

    /// The ranges owned by `pool`, by name.
    public func ranges(of pool: String) -> [OrbitRange] {
        orbitRanges.values.filter { $0.pool == pool }.sorted { $0.name < $1.name }
    }

    /// Users homed on `pool`, by name.
    public func users(homedOn pool: String) -> [User] {
        users.values.filter { $0.homePool == pool }.sorted { $0.name < $1.name }
    }
}
