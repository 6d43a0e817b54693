import ArgumentParser
import Server
import Topology

/// A user as printed: never the credential hashes.
struct UserView: Codable {
    var name: String
    var displayName: String?
    var homePool: String
    var callParkEnabled: Bool

    init(_ u: User) {
        name = u.name
        displayName = u.displayName
        homePool = u.homePool
        callParkEnabled = u.callParkEnabled
    }
}

/// `callpark user …`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list, change and remove users.", subcommands: [Add.self, List.self, Set.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints the password once when it is generated.")
        @Argument(help: "The user name (the user part of sip:NAME@domain).") var name: String
        @Option(help: "The home pool.") var pool: String
        @Option(help: "The password (generated when omitted).") var password: String?
        @Option(name: .customLong("call-park"), help: "Whether the user may park calls: on or off.") var callPark: Switch?
        @Option(name: .customLong("display-name"), help: "A name to show.") var displayName: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let given = password
            let (user, secret) = try await store.withService {
                try await $0.addUser(
                    name: name, pool: pool, password: given, callParkEnabled: callPark?.value ?? true, displayName: displayName)
            }
            if output.json { return try printJSON(["user": user.name, "pool": user.homePool, "password": secret]) }
            print("added user \(user.name) on \(user.homePool)" + (given == nil ? ", password \(secret)" : ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @Option(help: "Only users homed on this pool.") var pool: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let users = try await store.withService { try await $0.users(pool: pool) }
            if output.json { return try printJSON(users.map(UserView.init)) }
            print(
                table(
                    ["USER", "POOL", "CALL PARK", "DISPLAY NAME"],
                    users.map { [$0.name, $0.homePool, $0.callParkEnabled ? "enabled" : "disabled", $0.displayName ?? ""] }))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a user (what is not given stays as it is).")
        @Argument(help: "The user name.") var name: String
        @Option(help: "A new home pool.") var pool: String?
        @Option(help: "A new password.") var password: String?
        @Option(name: .customLong("call-park"), help: "on or off.") var callPark: Switch?
        @Option(name: .customLong("display-name"), help: "A name to show (empty to clear).") var displayName: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let user = try await store.withService {
                try await $0.setUser(name: name, pool: pool, password: password, callParkEnabled: callPark?.value, displayName: displayName)
            }
            if output.json { return try printJSON(UserView(user)) }
            print("user \(user.name): pool \(user.homePool), call park \(user.callParkEnabled ? "enabled" : "disabled")")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user.")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withService { try await $0.removeUser(name) }
            print("removed user \(name)")
        }
    }
}
