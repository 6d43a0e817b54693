import Foundation
import Logging
import Topology

@testable import Store

/// One database of one engine for one test: stores opened on it share its contents.
protocol TestDatabase: Sendable {
    /// The engine's name, for messages.
    var engine: String { get }
    /// Opens a new store on this database (new connections each time) and migrates it.
    func open() async throws -> any ManagementStore
    /// Opens a new store on this database migrated only up to schema `version`, as an older callpark left it.
    func open(migratedTo version: Int) async throws -> any ManagementStore
    /// Removes the database.
    func destroy() async
}

extension TestDatabase {
    /// Runs `body` with one migrated store, then closes it and removes the database (also when `body` throws).
    func withStore(_ body: (any ManagementStore) async throws -> Void) async throws {
        let store = try await open()
        do {
            try await body(store)
            try await store.close()
            await destroy()
        } catch {
            try? await store.close()
            await destroy()
            throw error
        }
    }
}

/// Loggers that print nothing unless a test asks.
enum TestLog {
    /// A logger that drops everything.
    static let quiet = Logger(label: "callpark.store.tests") { _ in SwiftLogNoOpLogHandler() }
}
