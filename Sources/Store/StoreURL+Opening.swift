import Logging

extension StoreURL {
    /// Opens the store this URL names (not yet migrated: call ``ManagementStore/migrate()``).
    public func open(logger: Logger) async throws(StoreError) -> any ManagementStore {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path, logger: logger)
        case .postgres(let configuration): try await PostgresStore(configuration: configuration, logger: logger)
        }
    }
}

/// Opens the store at `url` (see ``StoreURL`` for the accepted forms): a bad URL throws ``StoreError/badURL(_:reason:)``,
/// a database that cannot be opened or reached ``StoreError/unreachable(url:underlying:)``.
public func openStore(url: String, logger: Logger) async throws(StoreError) -> any ManagementStore {
    try await StoreURL(parsing: url).open(logger: logger)
}
