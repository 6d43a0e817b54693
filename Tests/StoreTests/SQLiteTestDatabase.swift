import Foundation

@testable import Store

/// A SQLite database: in memory (one store only), or a file in a fresh temporary folder.
struct SQLiteTestDatabase: TestDatabase {
    let engine = "SQLite"
    /// The folder holding the file, or nil for memory.
    let folder: URL?

    /// A database in memory (`persistent: false`) or in a file.
    init(persistent: Bool) {
        folder =
            persistent
            ? FileManager.default.temporaryDirectory.appendingPathComponent("callpark-store-\(UUID().uuidString)") : nil
    }

    /// The path given to the store.
    var path: String { folder.map { $0.appendingPathComponent("callpark.sqlite").path } ?? ":memory:" }

    func open() async throws -> any ManagementStore {
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let store = try SQLiteStore(path: path, logger: TestLog.quiet)
        try await store.migrate()
        return store
    }

    func open(migratedTo version: Int) async throws -> any ManagementStore {
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let store = try SQLiteStore(path: path, logger: TestLog.quiet)
        try SQLiteStore.migrator.migrate(store.writer, upTo: "v\(version)")
        return store
    }

    func destroy() async {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}
