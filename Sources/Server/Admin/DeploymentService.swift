import CallPark
import Logging
import SIPCore
import Store
import Topology

/// The administrator's operations on a deployment, in one place: the command line, the admin API and the drill all
/// go through it, so a rule is enforced the same way whoever asks. Every change is one ``TopologyChange`` applied by
/// the store in a transaction, so running pools see it on their next poll of the store's revision.
public struct DeploymentService: Sendable {
    /// The store.
    public let store: any ManagementStore

    /// A service over `store`.
    public init(store: any ManagementStore) {
        self.store = store
    }

    /// The deployment; a clear error when the store holds none.
    public func deployment() async throws -> Deployment {
        guard let deployment = try await store.deployment() else { throw ServiceError.emptyStore }
        return deployment
    }

    // MARK: Pools

    /// Every pool with its partner and what it holds.
    public func pools() async throws -> [PoolSummary] {
        let d = try await deployment()
        return d.pools.values.sorted { $0.name < $1.name }.map { PoolSummary($0, in: d) }
    }

    /// One pool.
    public func pool(_ name: String) async throws -> PoolSummary {
        let d = try await deployment()
        guard let pool = d.pools[name] else { throw ServiceError.notFound("pool", name, known: d.pools.keys.sorted()) }
        return PoolSummary(pool, in: d)
    }

    // MARK: Users

    /// Users, optionally only those homed on `pool`, by name.
    public func users(pool: String? = nil) async throws -> [User] {
        let d = try await deployment()
        if let pool, d.pools[pool] == nil { throw ServiceError.notFound("pool", pool, known: d.pools.keys.sorted()) }
        return d.users.values.filter { pool == nil || $0.homePool == pool }.sorted { $0.name < $1.name }
    }

    /// Adds a user; without a password one is generated. Returns the user and the password (shown once).
    public func addUser(
        name: String, pool: String, password: String? = nil, callParkEnabled: Bool = true, displayName: String? = nil
    ) async throws -> (User, password: String) {
        let d = try await deployment()
        let password = password ?? Self.generatePassword()
        guard !password.isEmpty else { throw ServiceError.invalid("the password must not be empty") }
        let user = User.withPassword(
            name: name, password: password, realm: d.domain, homePool: pool, callParkEnabled: callParkEnabled,
            displayName: displayName)
        try await apply(.addUser(user))
        return (user, password)
    }

    /// Changes a user: what is `nil` stays as it was.
    @discardableResult
    public func setUser(
        name: String, pool: String? = nil, password: String? = nil, callParkEnabled: Bool? = nil, displayName: String? = nil
    ) async throws -> User {
        let d = try await deployment()
        guard var user = d.users[name] else { throw ServiceError.notFound("user", name, known: []) }
        if let pool { user.homePool = pool }
        if let callParkEnabled { user.callParkEnabled = callParkEnabled }
        if let displayName { user.displayName = displayName.isEmpty ? nil : displayName }
        if let password {
            guard !password.isEmpty else { throw ServiceError.invalid("the password must not be empty") }
            let hashed = User.withPassword(name: name, password: password, realm: d.domain, homePool: user.homePool)
            user.ha1MD5 = hashed.ha1MD5
            user.ha1SHA256 = hashed.ha1SHA256
        }
        try await apply(.setUser(user))
        return user
    }

    /// Removes a user.
    public func removeUser(_ name: String) async throws {
        try await apply(.removeUser(name))
    }

    // MARK: Orbit ranges

    /// Orbit ranges, optionally only `pool`'s, by name.
    public func orbitRanges(pool: String? = nil) async throws -> [OrbitRange] {
        let d = try await deployment()
        if let pool, d.pools[pool] == nil { throw ServiceError.notFound("pool", pool, known: d.pools.keys.sorted()) }
        return d.orbitRanges.values.filter { pool == nil || $0.pool == pool }.sorted { $0.name < $1.name }
    }

    /// Adds an orbit range.
    @discardableResult
    public func addOrbitRange(name: String, start: String, end: String, pool: String) async throws -> OrbitRange {
        let range = OrbitRange(name: name, start: try Orbit(parsing: start), end: try Orbit(parsing: end), pool: pool)
        try await apply(.addOrbitRange(range))
        return range
    }

    /// Changes an orbit range: what is `nil` stays as it was.
    @discardableResult
    public func setOrbitRange(name: String, start: String? = nil, end: String? = nil, pool: String? = nil) async throws -> OrbitRange {
        let d = try await deployment()
        guard var range = d.orbitRanges[name] else {
            throw ServiceError.notFound("orbit range", name, known: d.orbitRanges.keys.sorted())
        }
        if let start { range.start = try Orbit(parsing: start) }
        if let end { range.end = try Orbit(parsing: end) }
        if let pool { range.pool = pool }
        try await apply(.setOrbitRange(range))
        return range
    }

    /// Removes an orbit range.
    public func removeOrbitRange(_ name: String) async throws {
        try await apply(.removeOrbitRange(name))
    }

    // MARK: Call park settings

    /// The call park settings in force on `pool`.
    public func callParkSettings(pool: String) async throws -> CallParkSettings {
        let d = try await deployment()
        guard d.pools[pool] != nil else { throw ServiceError.notFound("pool", pool, known: d.pools.keys.sorted()) }
        return d.settings(of: pool)
    }

    /// Changes a pool's call park settings with `change`, validated as a whole.
    @discardableResult
    public func setCallParkSettings(pool: String, _ change: (inout CallParkSettings) -> Void) async throws -> CallParkSettings {
        var settings = try await callParkSettings(pool: pool)
        change(&settings)
        try await apply(.setCallParkSettings(pool: pool, settings))
        return settings
    }

    // MARK: Parked calls and events (SPEC §5)

    /// The calls parked now (as the pools recorded them), optionally on one pool.
    public func parkedCalls(pool: String? = nil) async throws -> [ParkedCallRecord] {
        if let pool {
            let d = try await deployment()
            if d.pools[pool] == nil { throw ServiceError.notFound("pool", pool, known: d.pools.keys.sorted()) }
        }
        return try await store.parkedCalls(pool: pool)
    }

    /// The newest `limit` park events since `since` (seconds since 1970), oldest first.
    public func parkEvents(since: Double? = nil, pool: String? = nil, limit: Int = 50) async throws -> [ParkEvent] {
        guard limit > 0 else { throw ServiceError.invalid("--limit must be at least 1") }
        return try await store.parkEvents(since: since, pool: pool, limit: limit)
    }

    // MARK: Configuration

    /// The deployment as a YAML file (credentials as hashes only).
    public func exportConfiguration() async throws -> String {
        try await deployment().yaml()
    }

    /// Replaces the whole deployment with the one `yaml` describes.
    @discardableResult
    public func importConfiguration(_ yaml: String) async throws -> Deployment {
        let deployment = try Deployment(yaml: yaml)
        return try await store.apply(.replaceAll(deployment))
    }

    // MARK: Helpers

    /// Applies one change.
    @discardableResult
    public func apply(_ change: TopologyChange) async throws -> Deployment {
        try await store.apply(change)
    }

    /// A random password of 16 characters from an alphabet without look-alikes.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// A pool as the administrator sees it.
public struct PoolSummary: Sendable, Codable, Equatable {
    /// The pool.
    public var pool: Pool
    /// Its partner, if paired.
    public var partner: String?
    /// Users homed on it.
    public var users: Int
    /// Its orbit ranges' names.
    public var orbitRanges: [String]
    /// Orbits in all its ranges.
    public var orbits: Int
    /// The pool now serving its users (itself, or its partner after failover).
    public var servingPool: String
    /// Its call park settings.
    public var callPark: CallParkSettings

    init(_ pool: Pool, in d: Deployment) {
        self.pool = pool
        self.partner = d.partner(of: pool.name)
        self.users = d.users.values.reduce(0) { $0 + ($1.homePool == pool.name ? 1 : 0) }
        let ranges = d.ranges(of: pool.name)
        self.orbitRanges = ranges.map(\.name)
        self.orbits = ranges.reduce(0) { $0 + $1.count }
        self.servingPool = pool.failedOver ? (partner ?? pool.name) : pool.name
        self.callPark = d.settings(of: pool.name)
    }
}
