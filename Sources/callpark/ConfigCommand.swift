import ArgumentParser
import Foundation
import Server

/// `callpark config import|export`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Import or export the whole deployment as YAML.", subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the deployment with the one a YAML file describes.")
        @Argument(help: "The YAML file ('-' for standard input).") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let t = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("cannot read \(file)") }
                text = t
            }
            var options = store
            if options.url == nil, ProcessInfo.processInfo.environment["CALLPARK_STORE"] == nil {
                // Importing creates the embedded store when it does not exist yet.
                try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
                options.url = "sqlite:" + DemoDeployment.storePath(in: options.dataDirectory)
                try await createIfMissing(options.url!)
            }
            let d = try await options.withService { try await $0.importConfiguration(text) }
            print("imported \(d.pools.count) pools, \(d.users.count) users, \(d.orbitRanges.count) orbit ranges for \(d.domain)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the deployment as YAML (credentials as hashes only).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            print(try await store.withService { try await $0.exportConfiguration() }, terminator: "")
        }
    }
}
