import ArgumentParser
import CallPark
import Foundation
import Server

/// `callpark parked`: the calls parked now.
struct ParkedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parked", abstract: "List the calls parked now (SPEC §5).")
    @Option(help: "Only calls parked on this pool.") var pool: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let calls = try await store.withService { try await $0.parkedCalls(pool: pool) }
        if output.json { return try printJSON(calls) }
        if calls.isEmpty { return print("no parked calls" + (pool.map { " on \($0)" } ?? "")) }
        print(
            table(
                ["ORBIT", "POOL", "PARKED", "FOR", "PARKER", "PARKEE", "STATE", "ATTEMPTS"],
                calls.map {
                    [
                        $0.orbit.description, $0.pool, clock($0.parkedAt), "\(Int(Date().timeIntervalSince1970 - $0.parkedAt)) s", $0.parker,
                        $0.parkeeIdentity ?? $0.parkeeContact, $0.phase.rawValue, "\($0.attempts)",
                    ]
                }))
    }
}

/// `callpark events`: what happened to parked calls.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List park events: parked, retrieved, hang-up, ring-back, fallback, dropped.")
    @Option(help: "Only events since this time: seconds ago (e.g. 600), or an ISO 8601 date.") var since: String?
    @Option(help: "Only events of this pool.") var pool: String?
    @Option(help: "At most this many (the newest).") var limit = 50
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var from: Double?
        if let since {
            if let seconds = Double(since) {
                from = Date().timeIntervalSince1970 - seconds
            } else if let date = ISO8601DateFormatter().date(from: since) {
                from = date.timeIntervalSince1970
            } else {
                throw CLIError("--since \(since): give seconds ago (600) or an ISO 8601 date (2026-11-29T10:00:00Z)")
            }
        }
        let events = try await store.withService { try await $0.parkEvents(since: from, pool: pool, limit: limit) }
        if output.json { return try printJSON(events) }
        if events.isEmpty { return print("no park events") }
        print(
            table(
                ["TIME", "EVENT", "ORBIT", "POOL", "PARKER", "PARKEE", "RETRIEVER", "DETAIL"],
                events.map {
                    [clock($0.time), $0.kind.rawValue, $0.orbit.description, $0.pool, $0.parker, $0.parkee, $0.retriever ?? "", $0.detail]
                }))
    }
}

/// A time as `2026-11-29 10:42:07` UTC.
func clock(_ seconds: Double) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
}
