import GRDB

/// The SQLite schema, one migration per version (`v1`, `v2`, …; the same numbers as PostgreSQL's).
extension SQLiteStore {
    /// Every migration, in order; never edit one that has shipped, add the next.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version2)
        }
        migrator.registerMigration("v3", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version3)
        }
        return migrator
    }()

    /// The schema version of a database whose applied migrations are `identifiers` (0 when none).
    static func schemaVersion(of identifiers: Set<String>) -> Int {
        identifiers.compactMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }.max() ?? 0
    }

    /// Version 3: the dynamic park table and the park events log (issue 5, SPEC §6). No foreign key to `pools`: a
    /// record outlives a change of topology, and the pool that comes back ends it (SPEC §6).
    private static let version3 = """
        CREATE TABLE parked_calls (
            id TEXT NOT NULL PRIMARY KEY,
            pool TEXT NOT NULL,
            orbit TEXT NOT NULL,
            method TEXT NOT NULL,
            parker TEXT NOT NULL,
            parkee_contact TEXT NOT NULL,
            parkee_identity TEXT,
            parkee_call_id TEXT NOT NULL,
            parkee_local_tag TEXT NOT NULL,
            parkee_remote_tag TEXT NOT NULL,
            parked_at REAL NOT NULL,
            attempts INTEGER NOT NULL,
            phase TEXT NOT NULL
        );
        CREATE INDEX parked_calls_pool ON parked_calls (pool);
        CREATE TABLE park_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time REAL NOT NULL,
            kind TEXT NOT NULL,
            parked_call_id TEXT NOT NULL,
            pool TEXT NOT NULL,
            orbit TEXT NOT NULL,
            parker TEXT NOT NULL,
            parkee TEXT NOT NULL,
            retriever TEXT,
            detail TEXT NOT NULL
        );
        CREATE INDEX park_events_time ON park_events (time);
        CREATE INDEX park_events_pool_time ON park_events (pool, time);
        """

    /// Version 2: the digest algorithms offered in challenges, in order (RFC 8760 §2.4).
    private static let version2 = """
        ALTER TABLE deployment ADD COLUMN digest_algorithms TEXT NOT NULL DEFAULT 'SHA-256,MD5';
        """

    /// Version 1: the deployment, pools, pairs, users, orbit ranges, call park settings and the revision counter.
    private static let version1 = """
        CREATE TABLE store_revision (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL
        );
        INSERT INTO store_revision (id, revision) VALUES (1, 0);
        CREATE TABLE deployment (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            domain TEXT NOT NULL,
            min_expires INTEGER NOT NULL,
            max_expires INTEGER NOT NULL,
            default_expires INTEGER NOT NULL,
            resiliency_expires INTEGER NOT NULL,
            record_route BOOLEAN NOT NULL,
            probe_interval REAL NOT NULL,
            probe_failure_threshold INTEGER NOT NULL,
            probe_recovery_threshold INTEGER NOT NULL,
            automatic_failover_after INTEGER
        );
        CREATE TABLE pools (
            name TEXT NOT NULL PRIMARY KEY,
            sip_host TEXT NOT NULL,
            sip_port INTEGER NOT NULL,
            admin_host TEXT NOT NULL,
            admin_port INTEGER NOT NULL,
            failed_over BOOLEAN NOT NULL
        );
        CREATE TABLE pool_pairs (
            position INTEGER PRIMARY KEY,
            first_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            second_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE users (
            name TEXT NOT NULL PRIMARY KEY,
            display_name TEXT,
            home_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            call_park_enabled BOOLEAN NOT NULL,
            ha1_md5 TEXT NOT NULL,
            ha1_sha256 TEXT NOT NULL
        );
        CREATE INDEX users_home_pool ON users (home_pool);
        CREATE TABLE orbit_ranges (
            name TEXT NOT NULL PRIMARY KEY,
            start_orbit TEXT NOT NULL,
            end_orbit TEXT NOT NULL,
            pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE INDEX orbit_ranges_pool ON orbit_ranges (pool);
        CREATE TABLE call_park_settings (
            pool TEXT NOT NULL PRIMARY KEY REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            pickup_timeout INTEGER NOT NULL,
            max_pickup_attempts INTEGER NOT NULL,
            on_timeout_uri TEXT,
            enable_music_on_hold BOOLEAN NOT NULL,
            music_on_hold_file TEXT,
            ringback_duration INTEGER NOT NULL,
            orbit_reuse_delay INTEGER NOT NULL
        );
        """
}
