import ArgumentParser
import Server
import Topology

/// `callpark orbit-range …`.
struct OrbitRangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orbit-range", abstract: "Add, list, change and remove orbit ranges.",
        subcommands: [Add.self, List.self, Set.self, Remove.self])

    struct View: Codable {
        var name: String
        var start: String
        var end: String
        var pool: String
        var orbits: Int
        init(_ r: OrbitRange) {
            name = r.name
            start = r.start.description
            end = r.end.description
            pool = r.pool
            orbits = r.count
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an orbit range owned by a pool (quote orbits: '*3000').")
        @Argument(help: "The range's name.") var name: String
        @Option(help: "First orbit, e.g. '*3000'.") var start: String
        @Option(help: "Last orbit, e.g. '*3099'.") var end: String
        @Option(help: "The owning pool.") var pool: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let range = try await store.withService { try await $0.addOrbitRange(name: name, start: start, end: end, pool: pool) }
            if output.json { return try printJSON(View(range)) }
            print("added orbit range \(range.name): \(range.start)–\(range.end) (\(range.count) orbits) on \(range.pool)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orbit ranges.")
        @Option(help: "Only ranges owned by this pool.") var pool: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let ranges = try await store.withService { try await $0.orbitRanges(pool: pool) }
            if output.json { return try printJSON(ranges.map(View.init)) }
            print(
                table(
                    ["RANGE", "START", "END", "ORBITS", "POOL"],
                    ranges.map { [$0.name, $0.start.description, $0.end.description, "\($0.count)", $0.pool] }))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an orbit range (what is not given stays as it is).")
        @Argument(help: "The range's name.") var name: String
        @Option(help: "A new first orbit.") var start: String?
        @Option(help: "A new last orbit.") var end: String?
        @Option(help: "A new owning pool.") var pool: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let range = try await store.withService { try await $0.setOrbitRange(name: name, start: start, end: end, pool: pool) }
            if output.json { return try printJSON(View(range)) }
            print("orbit range \(range.name): \(range.start)–\(range.end) (\(range.count) orbits) on \(range.pool)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an orbit range.")
        @Argument(help: "The range's name.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withService { try await $0.removeOrbitRange(name) }
            print("removed orbit range \(name)")
        }
    }
}
