import Foundation

/// Where the management store is: `sqlite:PATH`, a plain file path, `sqlite::memory:`, or
/// `postgres://user[:password]@host[:port]/database[?schema=NAME]` (`postgresql://` too).
///
/// ```swift
/// let url = try StoreURL(parsing: "postgres://callpark@db1:5432/callpark")
/// let store = try await url.open(logger: logger)
/// ```
public enum StoreURL: Hashable, Sendable, CustomStringConvertible {
    /// A SQLite file, or `:memory:` for a private in-memory database.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresStore.Configuration)

    /// Parses `text`; anything that is not one of the accepted forms throws ``StoreError/badURL(_:reason:)``.
    public init(parsing text: String) throws(StoreError) {
        if text.isEmpty { throw .badURL(text, reason: "it is empty") }
        let lower = text.lowercased()
        if lower.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            if path.isEmpty { throw .badURL(text, reason: "the SQLite path is empty") }
            self = .sqlite(path: path)
        } else if lower.hasPrefix("postgres:") || lower.hasPrefix("postgresql:") {
            self = .postgres(try Self.parsePostgres(text))
        } else if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound] }) {
            throw .badURL(text, reason: "unknown scheme \"\(scheme)\"")
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The URL with any password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let configuration): configuration.description
        }
    }

    private static func parsePostgres(_ text: String) throws(StoreError) -> PostgresStore.Configuration {
        guard let components = URLComponents(string: text), text.contains("://") else {
            throw .badURL(text, reason: "it is not a URL")
        }
        guard let host = components.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            throw .badURL(text, reason: "the host is missing")
        }
        guard let user = components.user, !user.isEmpty else { throw .badURL(text, reason: "the user is missing") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .badURL(text, reason: "port \(port) is out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty else { throw .badURL(text, reason: "the database name is missing") }
        guard !path.contains("/") else { throw .badURL(text, reason: "the database name \"\(path)\" contains a slash") }
        var schema: String?
        for item in components.queryItems ?? [] {
            guard item.name == "schema", let value = item.value, !value.isEmpty else {
                throw .badURL(text, reason: "unknown parameter \"\(item.name)\" (only schema=NAME is known)")
            }
            schema = value
        }
        return PostgresStore.Configuration(
            host: host, port: port, username: user, password: components.password, database: path, schema: schema)
    }
}
