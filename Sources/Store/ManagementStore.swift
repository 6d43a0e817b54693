import Topology

/// The management store (SPEC §2): where the deployment lives. SQLite is the embedded default (one file); a
/// deployment whose pools run on several hosts points every pool at one PostgreSQL database.
///
/// Every change goes through ``apply(_:)``, in one transaction: load, ``Deployment/applying(_:)`` (which validates),
/// write what changed, bump the revision. Running pools poll ``revision()`` and reload when it moves, so changes made
/// by the command line reach them without a restart.
public protocol ManagementStore: Sendable {
    /// Creates or upgrades the schema (versioned migrations). Safe to call on every start.
    func migrate() async throws
    /// The deployment, or `nil` when the store holds none yet.
    func deployment() async throws -> Deployment?
    /// Applies one change atomically and returns the deployment after it. A refused change throws
    /// ``StoreError`` wrapping the ``TopologyError`` and leaves the store as it was.
    @discardableResult
    func apply(_ change: TopologyChange) async throws -> Deployment
    /// A number that grows with every applied change (0 for an empty store).
    func revision() async throws -> Int64
    /// Closes connections. The store is unusable afterwards.
    func close() async throws
}
