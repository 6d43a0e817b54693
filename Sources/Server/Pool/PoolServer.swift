import CallPark
import Foundation
import Logging
import NIOCore
import NIOPosix
import Registrar
import SIPCore
import SIPDialog
import SIPTransaction
import SIPTransport
import ServiceLifecycle
import Store
import Topology

/// One pool's SIP service (SPEC §2–§3): registrar, location service and proxy on the pool's UDP and TCP address.
///
/// The actor shares its endpoint's event loop as executor, so the endpoint's callbacks run on it without a hop.
/// It reloads the deployment whenever the store's revision moves, so administrator changes apply without a restart.
public actor PoolServer: Service {
    /// Counters for `callpark status` and the metrics endpoint.
    public struct Counters: Sendable, Equatable {
        /// Requests received (new server transactions).
        public var requests = 0
        /// Requests proxied.
        public var forwarded = 0
        /// REGISTERs answered 200.
        public var registrations = 0
        /// Requests refused, by status code.
        public var refused: [Int: Int] = [:]
        /// Authentication challenges sent.
        public var challenges = 0
        /// Deployment reloads after a change in the store.
        public var reloads = 0
    }

    /// The pool's name.
    public nonisolated let poolName: String
    /// The SIP endpoint.
    public nonisolated let endpoint: SIPEndpoint
    let store: any ManagementStore
    var deployment: Deployment
    var revision: Int64 = 0
    var registrar: Registrar
    var authenticator: Authenticator
    var forks: [SIPTransactionKey: ProxyResponseContext] = [:]
    /// TCP connections registrations came on, by the binding source text.
    var connections: [String: SIPDestination] = [:]

    // MARK: Park service state (SPEC §5)

    /// This pool's orbits: which are free, occupied and resting.
    var orbits: OrbitAllocator
    /// Parked calls (and parks in progress), by machine id.
    var parked: [String: ParkedCallEntry] = [:]
    /// The call on each occupied orbit.
    var callOnOrbit: [Orbit: String] = [:]
    /// The service's dialogs, to the call and leg they belong to.
    var parkDialogKeys: [ParkDialogKey: (id: String, leg: ParkLeg)] = [:]
    /// Dialogs named by park requests (flow A), for the double-park check.
    var parkedDialogs: [ParkedDialogKey: String] = [:]
    /// Retrievers' dialogs R still up after their call left the service (RFC 3891 §3: the retriever's phone ends R;
    /// reaped with BYE if it does not).
    var lingering: [ParkDialogKey: Lingering] = [:]
    /// Recent park events (the store keeps them too once it has the table).
    var parkEvents: [ParkEvent] = []
    /// Whether the pool is draining: parks are refused with 503 (SPEC §6).
    var parkDraining = false
    /// When the partner pool was seen going down (nil while it is up).
    var partnerDownSince: Double?
    /// The music-on-hold player.
    var music: (any MusicOnHold)?
    /// The park service's store writes, applied in order by one task.
    let parkWrites: AsyncStream<ParkStoreWrite>.Continuation
    private let parkWriteStream: AsyncStream<ParkStoreWrite>
    var counters = Counters()
    let logger: Logger
    let storePollInterval: Duration
    private let started = ContinuousClock.now

    public nonisolated var unownedExecutor: UnownedSerialExecutor { endpoint.loop.executor.asUnownedSerialExecutor() }

    /// A pool server for pool `pool` of `deployment`, whose changes it follows in `store`.
    public init(
        pool: String, deployment: Deployment, store: any ManagementStore, storePollInterval: Duration = .seconds(1),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) throws {
        guard let p = deployment.pools[pool] else { throw ServiceError.notFound("pool", pool, known: deployment.pools.keys.sorted()) }
        var logger = logger
        logger[metadataKey: "pool.name"] = "\(pool)"
        self.poolName = pool
        self.store = store
        self.deployment = deployment
        self.logger = logger
        self.storePollInterval = storePollInterval
        (parkWriteStream, parkWrites) = AsyncStream.makeStream(of: ParkStoreWrite.self)
        self.registrar = Registrar(pool: pool, deployment: deployment)
        self.orbits = OrbitAllocator(ranges: deployment.ranges(of: pool), reuseDelay: Double(deployment.settings(of: pool).orbitReuseDelay))
        var generator = SystemRandomNumberGenerator()
        self.authenticator = Authenticator(
            secret: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, warningAgent: deployment.warningAgent(of: pool),
            algorithms: Self.algorithms(deployment))
        self.endpoint = SIPEndpoint(
            configuration: .init(listen: [.udp(p.sipHost, port: p.sipPort), .tcp(p.sipHost, port: p.sipPort)]), group: group,
            logger: logger)
    }

    /// This pool as the deployment describes it now.
    var pool: Pool { deployment.pools[poolName]! }

    /// Seconds since the server started: the clock the registrar and authenticator run on.
    var now: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The digest algorithms the deployment offers, in its order (RFC 8760 §2.4).
    static func algorithms(_ deployment: Deployment) -> [SIPDigestAlgorithm] {
        let chosen = deployment.service.digestAlgorithms.compactMap { SIPDigestAlgorithm(token: $0) }
        return chosen.isEmpty ? [.sha256, .md5] : chosen
    }

    /// Wall-clock seconds since 1970, for Date headers and event records.
    var wallClock: Double { Date().timeIntervalSince1970 }

    /// Opens the sockets.
    @discardableResult
    public func start() async throws -> [SIPBoundAddress] {
        revision = (try? await store.revision()) ?? 0
        let bound = try await endpoint.start()
        if music == nil {
            do {
                music = try await PacerMusicOnHold(host: pool.sipHost, on: MultiThreadedEventLoopGroup.singleton, logger: logger)
            } catch {
                logger.error("music on hold unavailable: parked calls get no RTP", metadata: ["error": "\(error)"])
            }
        }
        await endStaleParkedCalls()
        logger.info("pool listening", metadata: ["sip.listen": "\(bound.map { "\($0.transport) \($0.sentBy)" }.joined(separator: ", "))"])
        return bound
    }

    /// Serves until graceful shutdown: SIP requests, registration expiry and store changes.
    public func run() async throws {
        if await endpoint.boundAddresses.isEmpty { try await start() }
        let endpoint = self.endpoint
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await endpoint.run() }
                group.addTask { await self.serveRequests() }
                group.addTask { await self.followStore() }
                group.addTask { await self.applyParkWrites(self.parkWriteStream) }
                group.addTask { await self.probePartner() }
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await self.stop() }
        }
    }

    /// Closes the SIP sockets and the media socket.
    public func stop() async {
        await endpoint.shutdown()
        await music?.shutdown()
        music = nil
        parkWrites.finish()
    }

    /// Ends registrations whose expiry has passed.
    func expireRegistrations() {
        let gone = registrar.expire(now: now)
        if !gone.isEmpty { logger.debug("registrations expired", metadata: ["registrar.users": "\(gone.count)"]) }
    }

    /// Whether this pool sees its partner as down now (SPEC §3).
    public var partnerIsDown: Bool { registrar.partnerDown }

    /// A snapshot of the counters.
    public var snapshot: Counters { counters }

    private func serveRequests() async {
        for await incoming in endpoint.requests {
            handle(incoming)
        }
    }

    /// Polls the store's revision and reloads the deployment when it moved.
    private func followStore() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: storePollInterval)
            } catch { return }
            await reloadIfChanged()
            expireRegistrations()
        }
    }

    /// Reloads the deployment if the store changed; returns whether it did.
    @discardableResult
    public func reloadIfChanged() async -> Bool {
        do {
            let current = try await store.revision()
            guard current != revision, let next = try await store.deployment() else { return false }
            revision = current
            guard next.pools[poolName] != nil else {
                logger.warning("pool removed from the deployment; keeping the last configuration")
                return false
            }
            deployment = next
            registrar.deployment = next
            authenticator.algorithms = Self.algorithms(next)
            orbits.update(ranges: next.ranges(of: poolName))
            orbits.reuseDelay = Double(next.settings(of: poolName).orbitReuseDelay)
            authenticator.warningAgent = next.warningAgent(of: poolName)
            counters.reloads += 1
            logger.info("deployment reloaded", metadata: ["store.revision": "\(current)"])
            return true
        } catch {
            logger.warning("store unreachable; keeping the last configuration", metadata: ["error": "\(error)"])
            return false
        }
    }

    func refused(_ response: SIPResponse, to incoming: SIPServerRequest, reason: String) {
        counters.refused[response.status.code, default: 0] += 1
        logger.info(
            "request refused",
            metadata: [
                "sip.method": "\(incoming.request.method)", "sip.status": "\(response.status.code)", "sip.reason": "\(reason)",
                "sip.call_id": "\((try? incoming.request.headerFields.callID) ?? "")",
            ])
        endpoint.assumeIsolated { $0.respond(response, to: incoming) }
    }
}
