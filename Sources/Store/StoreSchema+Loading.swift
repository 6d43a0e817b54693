import Topology

/// The deployment back from the rows each engine read.
extension StoreSchema {
    /// Builds the deployment from the rows of every table (by table name), or nil when there is no deployment row.
    static func deployment(from rows: [String: [[StoreValue]]]) throws(StoreError) -> Deployment? {
        guard let meta = rows[deployment.name]?.first else { return nil }
        let m = StoreRowReader(table: deployment, values: meta)
        let service = ServiceSettings(
            minExpires: try m.integer(2), maxExpires: try m.integer(3), defaultExpires: try m.integer(4),
            resiliencyExpires: try m.integer(5), recordRoute: try m.bool(6), probeInterval: try m.real(7),
            probeFailureThreshold: try m.integer(8), probeRecoveryThreshold: try m.integer(9),
            automaticFailoverAfter: try m.optionalInteger(10),
            digestAlgorithms: try m.text(11).split(separator: ",").map(String.init))
        var result = Deployment(domain: try m.text(1), service: service)
        for row in rows[pools.name] ?? [] {
            let r = StoreRowReader(table: pools, values: row)
            let pool = Pool(
                name: try r.text(0), sipHost: try r.text(1), sipPort: try r.integer(2), adminHost: try r.text(3),
                adminPort: try r.integer(4), failedOver: try r.bool(5))
            result.pools[pool.name] = pool
        }
        for row in rows[pairs.name] ?? [] {
            let r = StoreRowReader(table: pairs, values: row)
            result.pairs.append(PoolPair(try r.text(1), try r.text(2)))
        }
        var users: [String: User] = [:]
        users.reserveCapacity(rows[Self.users.name]?.count ?? 0)
        for row in rows[Self.users.name] ?? [] {
            let r = StoreRowReader(table: Self.users, values: row)
            let user = User(
                name: try r.text(0), displayName: try r.optionalText(1), homePool: try r.text(2),
                callParkEnabled: try r.bool(3), ha1MD5: try r.text(4), ha1SHA256: try r.text(5))
            users[user.name] = user
        }
        result.users = users
        for row in rows[orbitRanges.name] ?? [] {
            let r = StoreRowReader(table: orbitRanges, values: row)
            let range = OrbitRange(
                name: try r.text(0), start: orbit(try r.text(1)), end: orbit(try r.text(2)), pool: try r.text(3))
            result.orbitRanges[range.name] = range
        }
        for row in rows[callParkSettings.name] ?? [] {
            let r = StoreRowReader(table: callParkSettings, values: row)
            result.callParkSettings[try r.text(0)] = CallParkSettings(
                pickupTimeout: try r.integer(1), maxPickupAttempts: try r.integer(2), onTimeoutURI: try r.optionalText(3),
                enableMusicOnHold: try r.bool(4), musicOnHoldFile: try r.optionalText(5), ringbackDuration: try r.integer(6),
                orbitReuseDelay: try r.integer(7))
        }
        return result
    }

    /// An orbit exactly as stored: the prefix split off, nothing checked (the deployment was validated on write).
    static func orbit(_ text: String) -> Orbit {
        if let first = text.first, first == "*" || first == "#" {
            return Orbit(prefix: first, digits: String(text.dropFirst()))
        }
        return Orbit(prefix: nil, digits: text)
    }
}
