import Foundation
import Logging
import NIOCore
import SIPCore
import SIPTesting
import SIPTransport
import Server
import Store
import Topology

/// Two paired pools served in this process on free loopback ports, with a SQLite store in a temporary folder, and
/// helpers to make phones (test agents) registered on them.
final class TestDeployment: Sendable {
    let deployment: Deployment
    let store: any ManagementStore
    let pools: [PoolServer]
    let tasks: [Task<Void, Never>]
    static let password = "pw-1234"

    /// `users` maps each user to its home pool (`pool-a` or `pool-b`).
    init(
        users: [String: String], settings: [String: CallParkSettings] = [:], disabled: Set<String> = [],
        service: ServiceSettings = ServiceSettings(), orbits: [String] = ["*3000", "*3099"],
        prepare: (any ManagementStore) async throws -> Void = { _ in }
    ) async throws {
        let a = SIPp.freePort(), b = SIPp.freePort()
        var d = Deployment(
            domain: "callpark.test",
            pools: [
                Pool(name: "pool-a", sipHost: "127.0.0.1", sipPort: a, adminHost: "127.0.0.1", adminPort: SIPp.freePort()),
                Pool(name: "pool-b", sipHost: "127.0.0.1", sipPort: b, adminHost: "127.0.0.1", adminPort: SIPp.freePort()),
            ],
            pairs: [PoolPair("pool-a", "pool-b")],
            orbitRanges: [
                OrbitRange(name: "a-main", start: try Orbit(parsing: orbits[0]), end: try Orbit(parsing: orbits[1]), pool: "pool-a"),
                OrbitRange(name: "b-main", start: try Orbit(parsing: "*4000"), end: try Orbit(parsing: "*4099"), pool: "pool-b"),
            ],
            callParkSettings: settings, service: service)
        for (name, pool) in users {
            d.users[name] = User.withPassword(
                name: name, password: Self.password, realm: d.domain, homePool: pool, callParkEnabled: !disabled.contains(name))
        }
        deployment = d
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("callpark-park-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        store = try await openStore(url: "sqlite:" + folder.appendingPathComponent("store.sqlite").path, logger: logger)
        try await store.migrate()
        try await store.apply(.replaceAll(d))
        try await prepare(store)
        pools = try await CallparkServer(store: store).makePools(logger: logger)
        var tasks: [Task<Void, Never>] = []
        for pool in pools {
            try await pool.start()
            tasks.append(Task { try? await pool.run() })
        }
        self.tasks = tasks
    }

    /// The SIP address of a pool.
    func address(_ pool: String) throws -> SIPDestination {
        let p = deployment.pools[pool]!
        return SIPDestination(transport: .udp, address: try SocketAddress(ipAddress: p.sipHost, port: p.sipPort))
    }

    /// The pool server of that name.
    func server(_ name: String) -> PoolServer { pools.first { $0.poolName == name }! }

    /// A phone for `user`, registered at its home pool, which is also its outbound proxy.
    func phone(_ user: String) async throws -> SIPTestAgent {
        let agent = try await SIPTestAgent.start(user: user)
        let home = try address(deployment.users[user]!.homePool)
        await agent.setDomain(deployment.domain)
        await agent.setOutboundProxy(home)
        await agent.setCredentials(username: user, password: Self.password)
        let registration = await agent.register(at: home, expires: 600, registrarURI: try SIPURI("sip:callpark.test"))
        guard registration.isSuccess else { throw CLIFailure("\(user) could not register: \(registration)") }
        return agent
    }

    /// The address of record of `user`.
    func aor(_ user: String) throws -> SIPURI { try SIPURI("sip:\(user)@callpark.test") }

    /// Waits until `condition` holds for the store (its writes are applied by a task of the pool), up to `deadline`.
    func eventually(
        within deadline: Duration = .seconds(5), _ what: String, _ condition: (any ManagementStore) async throws -> Bool
    ) async throws {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < deadline {
            if try await condition(store) { return }
            try await Task.sleep(for: .milliseconds(10))  // polling the store: the deadline bounds it
        }
        throw CLIFailure("not within \(deadline): \(what)")
    }

    /// Stops the pools.
    func stop() async {
        for pool in pools { await pool.stop() }
        for task in tasks { task.cancel() }
        try? await store.close()
    }
}
