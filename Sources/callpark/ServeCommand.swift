import ArgumentParser
import Foundation
import Logging
import Server
import Store
import Topology

/// `callpark serve`: run the deployment's pools.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the deployment: with no arguments, the two-pool demo on 127.0.0.1 with an embedded SQLite store.",
        discussion: """
            With no arguments, the first run creates the demo deployment in ./callpark-data (pool-a on 127.0.0.1:5060,
            pool-b on 127.0.0.1:5070, users alice, bob, carol, dave, erin, frank, orbits *3000–*3099 and *4000–*4099)
            and prints the generated passwords once. --config FILE imports a deployment from YAML first; --store URL
            runs the deployment held in that store; --pool NAME runs only that pool (one host of a multi-host deployment).
            """
    )

    @Option(help: "A YAML deployment file to import before serving (replaces the store's deployment).") var config: String?
    @Option(help: "Run only these pools (repeat for several).") var pool: [String] = []
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var logger = Logger(label: "callpark")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var storeURL = store.resolved
        var passwords: [String: String] = [:]
        var created = false
        var passwordsFile = store.dataDirectory + "/demo-users.txt"
        if store.url == nil, ProcessInfo.processInfo.environment["CALLPARK_STORE"] == nil, config == nil {
            let prepared = try await DemoDeployment.prepare(in: store.dataDirectory)
            (storeURL, passwords, created, passwordsFile) = (prepared.storeURL, prepared.passwords, prepared.created, prepared.passwordsFile)
        } else if config != nil, store.url == nil, ProcessInfo.processInfo.environment["CALLPARK_STORE"] == nil {
            try FileManager.default.createDirectory(atPath: store.dataDirectory, withIntermediateDirectories: true)
        }
        let opened: any ManagementStore
        do {
            opened = try await openStore(url: storeURL, logger: Logger(label: "callpark.store"))
            try await opened.migrate()
            if let config {
                guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw CLIError("cannot read \(config)") }
                try await DeploymentService(store: opened).importConfiguration(text)
            }
        } catch {
            throw CLIError(error)
        }
        guard let deployment = try await opened.deployment() else { throw CLIError(ServiceError.emptyStore) }
        print(DemoDeployment.guide(deployment, passwords: passwords, passwordsFile: passwordsFile, created: created))
        print("")
        let server = CallparkServer(store: opened, pools: pool.isEmpty ? nil : pool)
        let shownURL = storeURL
        do {
            try await server.run(logger: logger) { pools in
                print("serving \(pools.map(\.poolName).joined(separator: ", ")) — store \(shownURL); Ctrl-C stops")
                fflush(nil)  // every stream: the line tells scripts (and the tests) the pools are up
            }
        } catch {
            throw CLIError(error)
        }
        try? await opened.close()
    }
}
