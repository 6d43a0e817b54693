import Topology

/// How a pool treats a user's registration (SPEC §3).
public enum RegistrationMode: Hashable, Sendable {
    /// This pool serves the user: `200 OK`, park available.
    case normal
    /// This pool is the backup of the user's serving pool and has seen it down: `200 OK` with a Warning and a
    /// short expiry; no call park.
    case resiliency
    /// Another pool serves the user: `301 Moved Permanently` to that pool.
    case moved(toPool: Pool)
}
