import ArgumentParser
import Foundation
import Logging
import Server
import Store
import Topology

/// Where the management store is: `--store URL`, else `$CALLPARK_STORE`, else the demo data folder's SQLite file.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: "Store URL: a SQLite file (sqlite:PATH or a path) or postgres://user[:password]@host:port/database.")
    var url: String?

    @Option(name: .customLong("data-dir"), help: "The data folder of the embedded deployment.")
    var dataDirectory = "./callpark-data"

    /// The URL to open.
    var resolved: String {
        url ?? ProcessInfo.processInfo.environment["CALLPARK_STORE"] ?? "sqlite:" + DemoDeployment.storePath(in: dataDirectory)
    }

    /// Opens the store, runs `body` with a service over it, and closes it.
    func withService<T: Sendable>(_ body: (DeploymentService) async throws -> T) async throws -> T {
        let url = resolved
        if url.hasPrefix("sqlite:") || !url.contains("://") {
            let path = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
            if path != ":memory:", !FileManager.default.fileExists(atPath: path) {
                throw CLIError("no store at \(path): run `callpark serve` once to create the demo deployment, or give --store")
            }
        }
        let store = try await openStore(url: url, logger: quietLogger)
        do {
            try await store.migrate()
            let result = try await body(DeploymentService(store: store))
            try? await store.close()
            return result
        } catch {
            try? await store.close()
            throw CLIError(error)
        }
    }
}

/// `--json` for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Print JSON instead of a table.")
    var json = false
}

/// An error the command line prints as one readable line and exits 1 on.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
    init(_ error: any Error) {
        if let e = error as? CLIError { description = e.description } else { description = "\(error)" }
    }
}

/// JSON output, stable key order.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A plain text table with a header row and columns padded to their widest cell.
func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

/// A yes/no argument: `on|off|true|false|yes|no`.
struct Switch: ExpressibleByArgument {
    var value: Bool
    init?(argument: String) {
        switch argument.lowercased() {
        case "on", "true", "yes", "enabled", "1": value = true
        case "off", "false", "no", "disabled", "0": value = false
        default: return nil
        }
    }
}

/// Creates (and migrates) a store that does not exist yet.
func createIfMissing(_ url: String) async throws {
    let store = try await openStore(url: url, logger: quietLogger)
    try await store.migrate()
    try await store.close()
}

/// Admin commands print their own results; the libraries' info lines would only clutter them.
let quietLogger: Logger = {
    var logger = Logger(label: "callpark.store")
    logger.logLevel = .warning
    return logger
}()
