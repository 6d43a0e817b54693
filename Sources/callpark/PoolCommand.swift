import ArgumentParser
import Server
import Topology

/// `callpark pool …`.
struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Show the pools of the deployment.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the pools, their addresses, partners and users.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let pools = try await store.withService { try await $0.pools() }
            if output.json { return try printJSON(pools) }
            print(
                table(
                    ["POOL", "SIP", "ADMIN", "PARTNER", "USERS", "ORBITS", "SERVING"],
                    pools.map {
                        [
                            $0.pool.name, $0.pool.sipHostPort, $0.pool.adminHostPort, $0.partner ?? "-", "\($0.users)", "\($0.orbits)",
                            $0.servingPool + ($0.pool.failedOver ? " (failed over)" : ""),
                        ]
                    }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one pool in detail.")
        @Argument(help: "The pool's name.") var name: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let summary = try await store.withService { try await $0.pool(name) }
            if output.json { return try printJSON(summary) }
            let p = summary.pool
            print("pool \(p.name)")
            print("  SIP address      \(p.sipHostPort) (UDP and TCP)")
            print("  admin address    \(p.adminHostPort)")
            print("  partner          \(summary.partner ?? "none")")
            print("  state            \(p.failedOver ? "failed over to \(summary.servingPool)" : "serving its own users")")
            print("  users homed      \(summary.users)")
            print(
                "  orbit ranges     \(summary.orbitRanges.isEmpty ? "none" : summary.orbitRanges.joined(separator: ", ")) (\(summary.orbits) orbits)")
            print("  call park        " + describe(summary.callPark))
        }
    }
}

/// One line describing call park settings.
func describe(_ s: CallParkSettings) -> String {
    "pickupTimeout \(s.pickupTimeout)s, maxPickupAttempts \(s.maxPickupAttempts), ringbackDuration \(s.ringbackDuration)s, "
        + "onTimeoutURI \(s.onTimeoutURI ?? "none"), music \(s.enableMusicOnHold ? "on" : "off")"
        + " (\(s.musicOnHoldFile ?? "default tune")), orbitReuseDelay \(s.orbitReuseDelay)s"
}
