import CallPark
import Topology

/// The management store (SPEC §2): where the deployment lives. SQLite is the embedded default (one file); a
/// deployment whose pools run on several hosts points every pool at one PostgreSQL database.
///
/// Every change goes through ``apply(_:)``, in one transaction: load, ``Deployment/applying(_:)`` (which validates),
/// write what changed, bump the revision. Running pools poll ``revision()`` and reload when it moves, so changes made
/// by the command line reach them without a restart.
///
/// The store also keeps what the pools' park services write as calls come and go (SPEC §5–§6): the dynamic park
/// table (``saveParkedCall(_:)``) and the events log (``recordParkEvent(_:)``). Each of those writes is one small
/// statement on its own table; none loads the deployment or moves the revision, so park traffic never makes the
/// pools reload.
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

    /// Inserts `record`, or replaces the record with its id. Leaves the revision as it is.
    func saveParkedCall(_ record: ParkedCallRecord) async throws
    /// Deletes the record with this id (nothing happens when there is none). Leaves the revision as it is.
    func removeParkedCall(id: String) async throws
    /// The parked-call records of `pool`, or of every pool for `nil`, by time parked then orbit (``Orbit``'s order).
    func parkedCalls(pool: String?) async throws -> [ParkedCallRecord]

    /// Appends `event` to the events log. Leaves the revision as it is.
    func recordParkEvent(_ event: ParkEvent) async throws
    /// The newest `limit` events at or after `since` (seconds since 1970; `nil` for all) of `pool` (`nil` for every
    /// pool), oldest first: the tail of the log. Events of the same time come in the order they were recorded; a
    /// `limit` of 0 or less returns none.
    func parkEvents(since: Double?, pool: String?, limit: Int) async throws -> [ParkEvent]
    /// Deletes the events before `olderThan` (seconds since 1970) and returns how many there were.
    @discardableResult
    func pruneParkEvents(olderThan: Double) async throws -> Int

    /// Closes connections. The store is unusable afterwards.
    func close() async throws
}
