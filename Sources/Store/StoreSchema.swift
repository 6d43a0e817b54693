/// The management store's tables as of the latest schema version, shared by both engines (SPEC §2). Each engine
/// creates them with its own migrations, numbered the same.
enum StoreSchema {
    /// The newest schema version this build knows and migrates to.
    static let version = 3

    /// The single deployment row (id 1): the domain and the service settings.
    static let deployment = StoreTable(
        "deployment",
        [
            ("id", .integer), ("domain", .text), ("min_expires", .integer), ("max_expires", .integer),
            ("default_expires", .integer), ("resiliency_expires", .integer), ("record_route", .bool),
            ("probe_interval", .real), ("probe_failure_threshold", .integer), ("probe_recovery_threshold", .integer),
            ("automatic_failover_after", .integer), ("digest_algorithms", .text),
        ])

    /// Pools, by name.
    static let pools = StoreTable(
        "pools",
        [
            ("name", .text), ("sip_host", .text), ("sip_port", .integer), ("admin_host", .text), ("admin_port", .integer),
            ("failed_over", .bool),
        ])

    /// Pairs, in the deployment's order.
    static let pairs = StoreTable(
        "pool_pairs", [("position", .integer), ("first_pool", .text), ("second_pool", .text)], orderedBy: "position")

    /// Users, by name.
    static let users = StoreTable(
        "users",
        [
            ("name", .text), ("display_name", .text), ("home_pool", .text), ("call_park_enabled", .bool),
            ("ha1_md5", .text), ("ha1_sha256", .text),
        ])

    /// Orbit ranges, by name; orbits are kept as dialled (`*3042`).
    static let orbitRanges = StoreTable(
        "orbit_ranges", [("name", .text), ("start_orbit", .text), ("end_orbit", .text), ("pool", .text)])

    /// Call park settings, by pool.
    static let callParkSettings = StoreTable(
        "call_park_settings",
        [
            ("pool", .text), ("pickup_timeout", .integer), ("max_pickup_attempts", .integer), ("on_timeout_uri", .text),
            ("enable_music_on_hold", .bool), ("music_on_hold_file", .text), ("ringback_duration", .integer),
            ("orbit_reuse_delay", .integer),
        ])

    /// Every table holding the deployment (not the park tables of ``StoreSchema/parkedCalls`` and
    /// ``StoreSchema/parkEvents``, which change with park traffic and are read on their own).
    static let tables = [deployment, pools, pairs, users, orbitRanges, callParkSettings]

    /// The revision counter: one row (id 1), created by the first migration with revision 0.
    static let selectRevisionSQL = "SELECT revision FROM store_revision WHERE id = 1"
    /// Adds one to the revision.
    static let bumpRevisionSQL = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
}
