import Topology

/// Rows of each table, in ``StoreTable`` column order, from the topology values.
extension StoreSchema {
    /// The deployment row: the domain and the service settings.
    static func deploymentRow(_ deployment: Deployment) -> [StoreValue] {
        let service = deployment.service
        return [
            .integer(1), .text(deployment.domain), StoreValue(service.minExpires), StoreValue(service.maxExpires),
            StoreValue(service.defaultExpires), StoreValue(service.resiliencyExpires), .bool(service.recordRoute),
            .real(service.probeInterval), StoreValue(service.probeFailureThreshold), StoreValue(service.probeRecoveryThreshold),
            StoreValue(service.automaticFailoverAfter), .text(service.digestAlgorithms.joined(separator: ",")),
        ]
    }

    /// A pool row.
    static func poolRow(_ pool: Pool) -> [StoreValue] {
        [
            .text(pool.name), .text(pool.sipHost), StoreValue(pool.sipPort), .text(pool.adminHost), StoreValue(pool.adminPort),
            .bool(pool.failedOver),
        ]
    }

    /// A pair row, at `position` in the deployment's list of pairs.
    static func pairRow(_ position: Int, _ pair: PoolPair) -> [StoreValue] {
        [StoreValue(position), .text(pair.first), .text(pair.second)]
    }

    /// A user row.
    static func userRow(_ user: User) -> [StoreValue] {
        [
            .text(user.name), StoreValue(user.displayName), .text(user.homePool), .bool(user.callParkEnabled),
            .text(user.ha1MD5), .text(user.ha1SHA256),
        ]
    }

    /// An orbit range row.
    static func orbitRangeRow(_ range: OrbitRange) -> [StoreValue] {
        [.text(range.name), .text(range.start.description), .text(range.end.description), .text(range.pool)]
    }

    /// A call park settings row of `pool`.
    static func callParkSettingsRow(_ pool: String, _ settings: CallParkSettings) -> [StoreValue] {
        [
            .text(pool), StoreValue(settings.pickupTimeout), StoreValue(settings.maxPickupAttempts),
            StoreValue(settings.onTimeoutURI), .bool(settings.enableMusicOnHold), StoreValue(settings.musicOnHoldFile),
            StoreValue(settings.ringbackDuration), StoreValue(settings.orbitReuseDelay),
        ]
    }
}
