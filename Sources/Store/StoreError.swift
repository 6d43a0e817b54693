import Topology

/// Why the management store could not do what was asked. ``description`` is a sentence for the administrator;
/// ``code`` tells the cases apart for tests and scripts.
///
/// ```swift
/// do { try await store.apply(.addUser(alice)) } catch let error as StoreError where error.code == .refused {
///     print(error)  // "user alice already exists"
/// }
/// ```
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case refused, empty, unreachable, badURL, schemaTooNew, database
        }
        private let value: Value

        /// The change broke a rule of the topology; nothing was written.
        public static let refused = Code(value: .refused)
        /// The store holds no deployment yet.
        public static let empty = Code(value: .empty)
        /// The database could not be opened or reached.
        public static let unreachable = Code(value: .unreachable)
        /// The store URL could not be understood.
        public static let badURL = Code(value: .badURL)
        /// The database was migrated by a newer callpark.
        public static let schemaTooNew = Code(value: .schemaTooNew)
        /// The database reported an error.
        public static let database = Code(value: .database)

        /// The code's name.
        public var description: String { value.rawValue }
    }

    private enum Kind: Hashable, Sendable {
        case refused(TopologyError)
        case empty
        case unreachable(url: String, underlying: String)
        case badURL(String, reason: String)
        case schemaTooNew(found: Int, supported: Int)
        case database(context: String, underlying: String)
    }

    private let kind: Kind

    /// The change broke a rule (`error` says which); nothing was written.
    public static func refused(_ error: TopologyError) -> StoreError { StoreError(kind: .refused(error)) }

    /// The store holds no deployment yet.
    public static let empty = StoreError(kind: .empty)

    /// The database at `url` (password hidden) could not be opened or reached, because of `underlying`.
    public static func unreachable(url: String, underlying: String) -> StoreError {
        StoreError(kind: .unreachable(url: url, underlying: underlying))
    }

    /// `url` is not a store URL, because of `reason`.
    public static func badURL(_ url: String, reason: String) -> StoreError { StoreError(kind: .badURL(url, reason: reason)) }

    /// The database's schema is version `found`, newer than the `supported` one of this build.
    public static func schemaTooNew(found: Int, supported: Int) -> StoreError {
        StoreError(kind: .schemaTooNew(found: found, supported: supported))
    }

    /// The database failed while doing `context` (e.g. "applying addUser"), with its own message `underlying`.
    public static func database(_ context: String, _ underlying: String) -> StoreError {
        StoreError(kind: .database(context: context, underlying: underlying))
    }

    /// What kind of failure this is.
    public var code: Code {
        switch kind {
        case .refused: .refused
        case .empty: .empty
        case .unreachable: .unreachable
        case .badURL: .badURL
        case .schemaTooNew: .schemaTooNew
        case .database: .database
        }
    }

    /// The rule broken, for a refused change.
    public var topologyError: TopologyError? {
        if case .refused(let error) = kind { return error }
        return nil
    }

    /// The sentence for the administrator.
    public var description: String {
        switch kind {
        case .refused(let error):
            error.description
        case .empty:
            "the store holds no deployment: run `callpark serve` once or `callpark config import FILE`"
        case .unreachable(let url, let underlying):
            "cannot reach the store at \(url): \(underlying)"
        case .badURL(let url, let reason):
            "bad store URL \"\(url)\": \(reason) (expected sqlite:PATH, a file path, sqlite::memory: or "
                + "postgres://user[:password]@host[:port]/database)"
        case .schemaTooNew(let found, let supported):
            "the store's schema is version \(found) but this callpark knows versions up to \(supported): upgrade callpark"
        case .database(let context, let underlying):
            "store failure while \(context): \(underlying)"
        }
    }
}
