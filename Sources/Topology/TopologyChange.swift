/// One change to a deployment, as the command line, the admin API, the drill and failover make them. The store
/// applies a change inside one transaction: it loads the deployment, calls ``Deployment/applying(_:)`` (which
/// validates the result) and writes only what changed.
public enum TopologyChange: Hashable, Sendable {
    /// Replace everything (configuration import).
    case replaceAll(Deployment)
    /// Set the domain (refused while users exist: their HA1 hashes use the domain as realm).
    case setDomain(String)
    /// Set the deployment-wide service settings.
    case setServiceSettings(ServiceSettings)
    /// Add a pool.
    case addPool(Pool)
    /// Replace the pool of the same name.
    case setPool(Pool)
    /// Remove a pool (refused while users are homed on it, ranges owned by it, or its partner is failed over).
    case removePool(String)
    /// Pair two pools.
    case addPair(PoolPair)
    /// Unpair a pool (refused while either pool of the pair is failed over).
    case removePair(pool: String)
    /// Mark a pool failed over to its partner, or not (SPEC §4).
    case setFailedOver(pool: String, Bool)
    /// Add a user.
    case addUser(User)
    /// Replace the user of the same name.
    case setUser(User)
    /// Remove a user.
    case removeUser(String)
    /// Add an orbit range.
    case addOrbitRange(OrbitRange)
    /// Replace the range of the same name.
    case setOrbitRange(OrbitRange)
    /// Remove a range.
    case removeOrbitRange(String)
    /// Set a pool's call park settings.
    case setCallParkSettings(pool: String, CallParkSettings)
}

extension Deployment {
    /// The deployment after `change`, validated; the error names the rule broken and nothing is changed.
    public func applying(_ change: TopologyChange) throws(TopologyError) -> Deployment {
        var next = self
        switch change {
        case .replaceAll(let deployment): next = deployment
        case .setDomain(let domain):
            // HA1 = H(user:realm:password) and the realm is the domain: a new domain would lock every user out.
            guard domain == self.domain || users.isEmpty else {
                throw .inUse(
                    "the domain cannot change from \(self.domain) to \(domain) while users exist: their password hashes are tied to "
                        + "the domain; remove the users first, or import a configuration that gives their passwords")
            }
            next.domain = domain
        case .setServiceSettings(let service): next.service = service
        case .addPool(let pool):
            guard pools[pool.name] == nil else { throw .duplicate("pool", pool.name) }
            next.pools[pool.name] = pool
        case .setPool(let pool):
            guard pools[pool.name] != nil else { throw .notFound("pool", pool.name) }
            next.pools[pool.name] = pool
        case .removePool(let name):
            guard pools[name] != nil else { throw .notFound("pool", name) }
            if let user = users.values.first(where: { $0.homePool == name }) {
                throw .inUse("pool \(name) is the home pool of user \(user.name)")
            }
            if let range = orbitRanges.values.first(where: { $0.pool == name }) {
                throw .inUse("pool \(name) owns orbit range \(range.name)")
            }
            if let partner = partner(of: name), pools[partner]?.failedOver == true {
                throw .inUse("pool \(name) serves the users of failed-over pool \(partner); fail \(partner) back first")
            }
            next.pools[name] = nil
            next.pairs.removeAll { $0.partner(of: name) != nil }
            next.callParkSettings[name] = nil
        case .addPair(let pair): next.pairs.append(pair)
        case .removePair(let pool):
            guard let partner = partner(of: pool) else { throw .notFound("pair of pool", pool) }
            if let failed = [pool, partner].first(where: { pools[$0]?.failedOver == true }) {
                throw .inUse("pool \(failed) is failed over to its partner; fail it back before unpairing")
            }
            next.pairs.removeAll { $0.partner(of: pool) != nil }
        case .setFailedOver(let pool, let value):
            guard next.pools[pool] != nil else { throw .notFound("pool", pool) }
            next.pools[pool]!.failedOver = value
        case .addUser(let user):
            guard users[user.name] == nil else { throw .duplicate("user", user.name) }
            next.users[user.name] = user
        case .setUser(let user):
            guard users[user.name] != nil else { throw .notFound("user", user.name) }
            next.users[user.name] = user
        case .removeUser(let name):
            guard users[name] != nil else { throw .notFound("user", name) }
            next.users[name] = nil
        case .addOrbitRange(let range):
            guard orbitRanges[range.name] == nil else { throw .duplicate("orbit range", range.name) }
            next.orbitRanges[range.name] = range
        case .setOrbitRange(let range):
            guard orbitRanges[range.name] != nil else { throw .notFound("orbit range", range.name) }
            next.orbitRanges[range.name] = range
        case .removeOrbitRange(let name):
            guard orbitRanges[name] != nil else { throw .notFound("orbit range", name) }
            next.orbitRanges[name] = nil
        case .setCallParkSettings(let pool, let settings):
            guard pools[pool] != nil else { throw .notFound("pool", pool) }
            next.callParkSettings[pool] = settings
        }
        try next.validate()
        return next
    }
}
