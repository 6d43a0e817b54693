import Foundation
import Logging
import Store
import Topology

/// The demo deployment of SPEC §7 in a data folder: created on first run with generated passwords, which are
/// printed once and kept in `demo-users.txt` (one `user password` per line, readable by the owner only).
public enum DemoDeployment {
    /// What ``prepare(in:)`` found or made.
    public struct Prepared: Sendable {
        /// The store URL (the SQLite file in the data folder).
        public var storeURL: String
        /// Whether the deployment was created now.
        public var created: Bool
        /// The demo passwords, by user (read back from `demo-users.txt` when it exists).
        public var passwords: [String: String]
        /// The passwords file.
        public var passwordsFile: String
    }

    /// The store file inside a data folder.
    public static func storePath(in directory: String) -> String { directory + "/callpark.sqlite" }

    /// Makes sure `directory` holds a store with a deployment; creates the demo deployment if it holds none.
    public static func prepare(in directory: String) async throws -> Prepared {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let storeURL = "sqlite:" + storePath(in: directory)
        let passwordsFile = directory + "/demo-users.txt"
        let store = try await openStore(url: storeURL, logger: Logger(label: "callpark.store"))
        defer { Task { try? await store.close() } }
        try await store.migrate()
        if try await store.deployment() != nil {
            return Prepared(storeURL: storeURL, created: false, passwords: readPasswords(passwordsFile), passwordsFile: passwordsFile)
        }
        var passwords: [String: String] = [:]
        for name in Deployment.demoUserNames { passwords[name] = DeploymentService.generatePassword() }
        try await store.apply(.replaceAll(Deployment.demo(passwords: passwords)))
        let text = Deployment.demoUserNames.map { "\($0) \(passwords[$0]!)" }.joined(separator: "\n") + "\n"
        fm.createFile(atPath: passwordsFile, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return Prepared(storeURL: storeURL, created: true, passwords: passwords, passwordsFile: passwordsFile)
    }

    static func readPasswords(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = String(parts[1]) }
        }
        return out
    }

    /// How to point a softphone at the deployment: addresses, users and passwords.
    public static func guide(_ deployment: Deployment, passwords: [String: String], passwordsFile: String, created: Bool) -> String {
        var lines: [String] = []
        lines.append("callpark — domain \(deployment.domain)")
        for pool in deployment.pools.values.sorted(by: { $0.name < $1.name }) {
            let partner = deployment.partner(of: pool.name).map { ", backup pool \($0)" } ?? ""
            let ranges = deployment.ranges(of: pool.name).map { "\($0.start)–\($0.end)" }.joined(separator: ", ")
            lines.append("  \(pool.name): SIP \(pool.sipHostPort) (UDP and TCP)\(partner); orbits \(ranges.isEmpty ? "none" : ranges)")
        }
        lines.append("")
        lines.append("Point a softphone at it (SIP account):")
        lines.append("  user name / auth name: one of the users below; domain / realm: \(deployment.domain)")
        lines.append("  registrar and outbound proxy: the user's pool address above (backup: the partner pool)")
        for user in deployment.users.values.sorted(by: { $0.name < $1.name }) {
            let pool = deployment.pools[user.homePool]
            let password = passwords[user.name].map { created ? $0 : "(in \(passwordsFile))" } ?? "(set by the administrator)"
            lines.append("  \(user.name)@\(deployment.domain)  pool \(user.homePool) \(pool?.sipHostPort ?? "")  password \(password)")
        }
        if created { lines.append("These passwords are shown once; they are kept in \(passwordsFile) (owner-only).") }
        lines.append("")
        lines.append("Park a call: transfer it (blind) to an orbit, e.g. *3001, or to park@\(deployment.domain); retrieve it by dialling the orbit.")
        if let pool = deployment.pools.values.sorted(by: { $0.name < $1.name }).first {
            lines.append("Admin dashboard (when available): http://\(pool.adminHostPort)/")
        }
        return lines.joined(separator: "\n")
    }
}
