import Logging
import NIOPosix
import ServiceLifecycle
import Store
import Topology

/// The composition root: the pools of a deployment served by one process, as one `ServiceGroup` that stops on
/// SIGTERM or SIGINT. `callpark serve`, the drill and the end-to-end tests all start pools through it.
public struct CallparkServer: Sendable {
    /// The store the deployment lives in.
    public var store: any ManagementStore
    /// Which pools to run (`nil`: every pool of the deployment).
    public var pools: [String]?
    /// How often running pools look for changes in the store.
    public var storePollInterval: Duration

    /// A server.
    public init(store: any ManagementStore, pools: [String]? = nil, storePollInterval: Duration = .seconds(1)) {
        self.store = store
        self.pools = pools
        self.storePollInterval = storePollInterval
    }

    /// Builds the pool servers (nothing listens yet).
    public func makePools(logger: Logger) async throws -> [PoolServer] {
        guard let deployment = try await store.deployment() else { throw ServiceError.emptyStore }
        let names = pools ?? deployment.pools.keys.sorted()
        return try names.map { name in
            guard deployment.pools[name] != nil else {
                throw ServiceError.notFound("pool", name, known: deployment.pools.keys.sorted())
            }
            return try PoolServer(
                pool: name, deployment: deployment, store: store, storePollInterval: storePollInterval, logger: logger)
        }
    }

    /// Starts the pools and serves until SIGTERM or SIGINT.
    public func run(logger: Logger, started: @Sendable ([PoolServer]) -> Void = { _ in }) async throws {
        let servers = try await makePools(logger: logger)
        for server in servers { try await server.start() }
        started(servers)
        let group = ServiceGroup(
            configuration: .init(
                services: servers.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
