import ArgumentParser
import Server
import Topology

/// `callpark cps …`: the call park settings of a pool (the reference product's CsCpsConfiguration).
struct CPSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cps", abstract: "Show and change a pool's call park settings.", subcommands: [Show.self, Set.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a pool's call park settings.")
        @Option(help: "The pool.") var pool: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let s = try await store.withService { try await $0.callParkSettings(pool: pool) }
            if output.json { return try printJSON(s) }
            printSettings(s, pool: pool)
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a pool's call park settings (what is not given stays).")
        @Option(help: "The pool.") var pool: String
        @Option(name: .customLong("pickup-timeout"), help: "Seconds from park to ring-back (10–600).") var pickupTimeout: Int?
        @Option(name: .customLong("max-pickup-attempts"), help: "Ring-backs before the fallback (1–10).") var maxPickupAttempts: Int?
        @Option(name: .customLong("on-timeout-uri"), help: "Fallback sip: URI; empty for none.") var onTimeoutURI: String?
        @Option(name: .customLong("music"), help: "Music on hold: on or off.") var music: Switch?
        @Option(name: .customLong("music-file"), help: "WAV file for music on hold; empty for the default tune.") var musicFile: String?
        @Option(name: .customLong("ringback-duration"), help: "Seconds each ring-back rings.") var ringbackDuration: Int?
        @Option(name: .customLong("orbit-reuse-delay"), help: "Seconds a freed orbit rests while others are free.") var orbitReuseDelay: Int?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let s = try await store.withService {
                try await $0.setCallParkSettings(pool: pool) { s in
                    if let pickupTimeout { s.pickupTimeout = pickupTimeout }
                    if let maxPickupAttempts { s.maxPickupAttempts = maxPickupAttempts }
                    if let onTimeoutURI { s.onTimeoutURI = onTimeoutURI.isEmpty ? nil : onTimeoutURI }
                    if let music { s.enableMusicOnHold = music.value }
                    if let musicFile { s.musicOnHoldFile = musicFile.isEmpty ? nil : musicFile }
                    if let ringbackDuration { s.ringbackDuration = ringbackDuration }
                    if let orbitReuseDelay { s.orbitReuseDelay = orbitReuseDelay }
                }
            }
            if output.json { return try printJSON(s) }
            printSettings(s, pool: pool)
        }
    }
}

func printSettings(_ s: CallParkSettings, pool: String) {
    print("call park settings of \(pool)")
    print("  pickupTimeout      \(s.pickupTimeout) s")
    print("  maxPickupAttempts  \(s.maxPickupAttempts)")
    print("  ringbackDuration   \(s.ringbackDuration) s")
    print("  onTimeoutURI       \(s.onTimeoutURI ?? "none (the call is ended)")")
    print("  enableMusicOnHold  \(s.enableMusicOnHold)")
    print("  musicOnHoldFile    \(s.musicOnHoldFile ?? "default tune")")
    print("  orbitReuseDelay    \(s.orbitReuseDelay) s")
}
