import PostgresNIO

extension PostgresStore {
    /// Where the PostgreSQL database is and who connects to it. Connections are made without TLS.
    public struct Configuration: Hashable, Sendable, CustomStringConvertible {
        /// The server's host name or address.
        public var host: String
        /// The server's port.
        public var port: Int
        /// The user to connect as.
        public var username: String
        /// The password, if the server asks for one.
        public var password: String?
        /// The database.
        public var database: String
        /// The schema holding callpark's tables (created by ``PostgresStore/migrate()``), or nil for the server's
        /// default search path (`public`).
        public var schema: String?
        /// How long to wait for a connection before the store is unreachable.
        public var connectTimeout: Duration

        /// A configuration; the port defaults to PostgreSQL's 5432.
        public init(
            host: String, port: Int = 5432, username: String, password: String? = nil, database: String, schema: String? = nil,
            connectTimeout: Duration = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.connectTimeout = connectTimeout
        }

        /// The URL with the password hidden, e.g. `postgres://callpark:***@db1:5432/callpark`.
        public var description: String {
            let secret = password == nil ? "" : ":***"
            let hostText = host.contains(":") ? "[\(host)]" : host
            let schemaText = schema.map { "?schema=\($0)" } ?? ""
            return "postgres://\(username)\(secret)@\(hostText):\(port)/\(database)\(schemaText)"
        }

        /// The client configuration for postgres-nio.
        var clientConfiguration: PostgresClient.Configuration {
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            configuration.options.connectTimeout = connectTimeout
            configuration.options.additionalStartupParameters = startupParameters
            // A command-line invocation needs one connection; a pool polls the revision on one.
            configuration.options.maximumConnections = 4
            return configuration
        }

        /// The configuration of a single connection, to check that the server answers.
        var connectionConfiguration: PostgresConnection.Configuration {
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            configuration.options.connectTimeout = TimeAmount(connectTimeout)
            configuration.options.additionalStartupParameters = startupParameters
            return configuration
        }

        /// `search_path` set on every connection when a schema is configured.
        private var startupParameters: [(String, String)] {
            quotedSchema.map { [("search_path", $0)] } ?? []
        }

        /// The schema as a quoted SQL identifier.
        var quotedSchema: String? {
            schema.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }
        }
    }
}
