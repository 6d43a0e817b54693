import PostgresNIO

/// The PostgreSQL schema, one migration per version (the same numbers as SQLite's), recorded in
/// `callpark_migrations`.
extension PostgresStore {
    /// One schema version: its number, name and statements.
    struct Migration: Sendable {
        /// The version number.
        let version: Int
        /// A name (`v1`, …).
        let name: String
        /// The statements, run in one transaction.
        let statements: [String]
    }

    /// Every migration, in order; never edit one that has shipped, add the next.
    static let migrations = [
        Migration(version: 1, name: "v1", statements: version1),
        Migration(version: 2, name: "v2", statements: version2),
        Migration(version: 3, name: "v3", statements: version3),
    ]

    /// Version 3: the dynamic park table and the park events log (issue 5, SPEC §6). No foreign key to `pools`: a
    /// record outlives a change of topology, and the pool that comes back ends it (SPEC §6).
    private static let version3 = [
        """
        CREATE TABLE parked_calls (
            id TEXT PRIMARY KEY,
            pool TEXT NOT NULL,
            orbit TEXT NOT NULL,
            method TEXT NOT NULL,
            parker TEXT NOT NULL,
            parkee_contact TEXT NOT NULL,
            parkee_identity TEXT,
            parkee_call_id TEXT NOT NULL,
            parkee_local_tag TEXT NOT NULL,
            parkee_remote_tag TEXT NOT NULL,
            parked_at DOUBLE PRECISION NOT NULL,
            attempts BIGINT NOT NULL,
            phase TEXT NOT NULL
        )
        """,
        "CREATE INDEX parked_calls_pool ON parked_calls (pool)",
        """
        CREATE TABLE park_events (
            id BIGSERIAL PRIMARY KEY,
            time DOUBLE PRECISION NOT NULL,
            kind TEXT NOT NULL,
            parked_call_id TEXT NOT NULL,
            pool TEXT NOT NULL,
            orbit TEXT NOT NULL,
            parker TEXT NOT NULL,
            parkee TEXT NOT NULL,
            retriever TEXT,
            detail TEXT NOT NULL
        )
        """,
        "CREATE INDEX park_events_time ON park_events (time)",
        "CREATE INDEX park_events_pool_time ON park_events (pool, time)",
    ]

    /// Version 2: the digest algorithms offered in challenges, in order (RFC 8760 §2.4).
    private static let version2 = [
        "ALTER TABLE deployment ADD COLUMN digest_algorithms TEXT NOT NULL DEFAULT 'SHA-256,MD5'"
    ]

    /// Key of the advisory lock that makes hosts starting together migrate one after the other.
    private static let migrationLock: Int64 = 0x6361_6C6C_7061_726B  // "callpark"

    /// Creates or upgrades the schema (and the configured schema namespace); refuses a database migrated by a newer
    /// callpark.
    public func migrate() async throws {
        try await migrate(upTo: StoreSchema.version)
    }

    /// Creates or upgrades the schema up to version `target` (tests build older databases with it to check upgrades).
    func migrate(upTo target: Int) async throws {
        let schema = configuration.quotedSchema
        let applied = try await transaction("migrating the schema", readOnly: false) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
            if let schema {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: self.logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS callpark_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: self.logger)
            var found = 0
            for try await version in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM callpark_migrations", logger: self.logger)
                .decode(Int64.self)
            {
                found = Int(version)
            }
            guard found <= StoreSchema.version else { throw StoreError.schemaTooNew(found: found, supported: StoreSchema.version) }
            let pending = Self.migrations.filter { $0.version > found && $0.version <= target }
            for migration in pending {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO callpark_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: self.logger)
            }
            return (from: found, to: pending.last?.version ?? found)
        }
        if applied.from < applied.to {
            logger.info(
                "store schema migrated",
                metadata: ["store.engine": "postgres", "store.schema_from": "\(applied.from)", "store.schema_to": "\(applied.to)"])
        }
    }

    /// Version 1: the deployment, pools, pairs, users, orbit ranges, call park settings and the revision counter.
    private static let version1 = [
        "CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
        "INSERT INTO store_revision (id, revision) VALUES (1, 0)",
        """
        CREATE TABLE deployment (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            domain TEXT NOT NULL,
            min_expires BIGINT NOT NULL,
            max_expires BIGINT NOT NULL,
            default_expires BIGINT NOT NULL,
            resiliency_expires BIGINT NOT NULL,
            record_route BOOLEAN NOT NULL,
            probe_interval DOUBLE PRECISION NOT NULL,
            probe_failure_threshold BIGINT NOT NULL,
            probe_recovery_threshold BIGINT NOT NULL,
            automatic_failover_after BIGINT
        )
        """,
        """
        CREATE TABLE pools (
            name TEXT PRIMARY KEY,
            sip_host TEXT NOT NULL,
            sip_port BIGINT NOT NULL,
            admin_host TEXT NOT NULL,
            admin_port BIGINT NOT NULL,
            failed_over BOOLEAN NOT NULL
        )
        """,
        """
        CREATE TABLE pool_pairs (
            position BIGINT PRIMARY KEY,
            first_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            second_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED
        )
        """,
        """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            display_name TEXT,
            home_pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            call_park_enabled BOOLEAN NOT NULL,
            ha1_md5 TEXT NOT NULL,
            ha1_sha256 TEXT NOT NULL
        )
        """,
        "CREATE INDEX users_home_pool ON users (home_pool)",
        """
        CREATE TABLE orbit_ranges (
            name TEXT PRIMARY KEY,
            start_orbit TEXT NOT NULL,
            end_orbit TEXT NOT NULL,
            pool TEXT NOT NULL REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED
        )
        """,
        "CREATE INDEX orbit_ranges_pool ON orbit_ranges (pool)",
        """
        CREATE TABLE call_park_settings (
            pool TEXT PRIMARY KEY REFERENCES pools (name) DEFERRABLE INITIALLY DEFERRED,
            pickup_timeout BIGINT NOT NULL,
            max_pickup_attempts BIGINT NOT NULL,
            on_timeout_uri TEXT,
            enable_music_on_hold BOOLEAN NOT NULL,
            music_on_hold_file TEXT,
            ringback_duration BIGINT NOT NULL,
            orbit_reuse_delay BIGINT NOT NULL
        )
        """,
    ]
}
