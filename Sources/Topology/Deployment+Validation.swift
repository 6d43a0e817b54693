extension Deployment {
    /// Checks every rule of SPEC §2; the first broken one is thrown, naming the rule and the offending item.
    ///
    /// Runs on every change, so it stays linear in the users (ranges and pools, which are few, are sorted).
    /// When several items break rules, the one reported is chosen by name, so the answer does not depend on
    /// dictionary order.
    public func validate() throws(TopologyError) {
        try validateDomain()
        try validatePools()
        try validatePairs()
        try validateOrbitRanges()
        try validateUsers()
        try validateSettings()
    }

    // MARK: Domain

    func validateDomain() throws(TopologyError) {
        if !domain.isEmpty, TopologySyntax.hostProblem(domain) == nil, TopologySyntax.hostNameProblem(domain) != nil {
            throw TopologyError(.invalidDomain, "the domain \"\(domain)\" must be a host name such as callpark.test, not an IP address")
        }
        if let problem = TopologySyntax.hostNameProblem(domain) {
            throw TopologyError(.invalidDomain, "the domain \"\(domain)\" is not a valid host name: it \(problem)")
        }
    }

    // MARK: Pools

    private func validatePools() throws(TopologyError) {
        struct Endpoint {
            var host: String
            var label: String
        }
        var byPort: [Int: [Endpoint]] = [:]
        for (key, pool) in pools.sorted(by: { $0.key < $1.key }) {
            guard key == pool.name else {
                throw TopologyError(.invalidName, "the pool stored as \(key) is named \(pool.name)")
            }
            try pool.validate()
            // SIP listens on UDP and TCP, admin on TCP: any two servers on the same host and port collide, and a
            // wildcard host (0.0.0.0, ::) collides with every host on its port.
            let servers = [
                (pool.sipHost, pool.sipPort, "SIP address \(pool.sipHostPort)", "the SIP server of pool \(pool.name)"),
                (pool.adminHost, pool.adminPort, "admin address \(pool.adminHostPort)", "the admin server of pool \(pool.name)"),
            ]
            for (host, port, address, owner) in servers {
                let host = host.lowercased()
                if let taken = byPort[port]?.first(where: { $0.host == host || Self.isWildcard($0.host) || Self.isWildcard(host) }) {
                    throw TopologyError(.addressConflict, "pool \(pool.name): \(address) is already used by \(taken.label)")
                }
                byPort[port, default: []].append(Endpoint(host: host, label: owner))
            }
        }
    }

    private static func isWildcard(_ host: String) -> Bool { host == "0.0.0.0" || host == "::" }

    // MARK: Pairs

    private func validatePairs() throws(TopologyError) {
        var partnerOf: [String: String] = [:]
        for pair in pairs {
            let label = "pair \(pair.first)/\(pair.second)"
            for name in [pair.first, pair.second] where pools[name] == nil {
                throw TopologyError(.notFound, "\(label): no pool named \(name)")
            }
            guard pair.first != pair.second else {
                throw TopologyError(.invalidPair, "pool \(pair.first) cannot be paired with itself")
            }
            if partnerOf[pair.first] == pair.second {
                throw TopologyError(.invalidPair, "\(label) is listed twice")
            }
            for (pool, partner) in [(pair.first, pair.second), (pair.second, pair.first)] {
                if let existing = partnerOf[pool] {
                    throw TopologyError(
                        .invalidPair, "pool \(pool) cannot be paired with \(partner): it is already paired with \(existing) (pairs are 1:1)")
                }
                partnerOf[pool] = partner
            }
        }
        for pool in pools.values.filter(\.failedOver).sorted(by: { $0.name < $1.name }) {
            guard let partner = partnerOf[pool.name] else {
                throw TopologyError(.invalidPair, "pool \(pool.name) is marked failed over but has no partner to serve its users")
            }
            if pools[partner]?.failedOver == true {
                throw TopologyError(
                    .invalidPair,
                    "pools \(min(pool.name, partner)) and \(max(pool.name, partner)) are both failed over; only one pool of a pair can be")
            }
        }
    }

    // MARK: Orbit ranges

    private func validateOrbitRanges() throws(TopologyError) {
        let sorted = orbitRanges.sorted { $0.key < $1.key }
        for (key, range) in sorted {
            guard key == range.name else {
                throw TopologyError(.invalidName, "the orbit range stored as \(key) is named \(range.name)")
            }
            try range.validate()
            guard pools[range.pool] != nil else {
                throw TopologyError(.notFound, "orbit range \(range.summary) belongs to pool \(range.pool), but there is no pool named \(range.pool)")
            }
        }
        try OrbitRange.checkTogether(sorted.map(\.value))
    }

    // MARK: Users

    private func validateUsers() throws(TopologyError) {
        // Linear, and deterministic without sorting: keep the failure of the first user by name.
        var failure: (name: String, error: TopologyError)?
        let ranges = Array(orbitRanges.values)
        for (key, user) in users where failure.map({ key < $0.name }) ?? true {
            do {
                try check(user, storedAs: key, ranges: ranges)
            } catch {
                failure = (key, error)
            }
        }
        if let failure { throw failure.error }
    }

    private func check(_ user: User, storedAs key: String, ranges: [OrbitRange]) throws(TopologyError) {
        guard key == user.name else {
            throw TopologyError(.invalidName, "the user stored as \(key) is named \(user.name)")
        }
        try user.validate()
        guard pools[user.homePool] != nil else {
            throw TopologyError(.notFound, "user \(user.name) is homed on pool \(user.homePool), but there is no pool named \(user.homePool)")
        }
        // A user named like an orbit would make dialling that number ambiguous (user or parked call?).
        if let first = user.name.unicodeScalars.first, first == "*" || first == "#" || TopologySyntax.isDigit(first),
            let orbit = try? Orbit(parsing: user.name), let range = ranges.first(where: { $0.contains(orbit) })
        {
            throw TopologyError(
                .invalidUser, "user \(user.name) has the same name as orbit \(orbit) of orbit range \(range.summary); dialling it would be ambiguous")
        }
    }

    // MARK: Settings

    private func validateSettings() throws(TopologyError) {
        for (pool, settings) in callParkSettings.sorted(by: { $0.key < $1.key }) {
            guard pools[pool] != nil else {
                throw TopologyError(.notFound, "there are call park settings for pool \(pool), but there is no pool named \(pool)")
            }
            do {
                try settings.validate()
            } catch {
                throw error.prefixed("call park settings of pool \(pool)")
            }
        }
        try service.validate()
    }
}
