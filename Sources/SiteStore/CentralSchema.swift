import Logging
import PostgresNIO

/// The central database's tables, created and upgraded by ordered
/// migrations like the journal's: migration N is schema version N, kept in
/// `oss_schema`. A database with a newer schema is refused before anything
/// is written; an up-to-date one is only read, so a station's role needs no
/// CREATE right. Migrations run in one transaction under an advisory lock,
/// so that eight stations starting at once migrate once.
///
/// Keys: a journal is known by its site id (`journals.uuid`) and a short
/// `key`; a cycle, level change or audit row from a station by (journal,
/// local id), which stays the same across syncs: what makes `oss sync`
/// idempotent. Steps, errors and help requests are stored once, with their
/// cycle, in the transaction that stored it, so they need no unique key;
/// their local `id` keeps their order. The bulk tables have no foreign keys:
/// the sync writes them together, and checks on millions of rows would halve
/// the ingest rate (docs/site.md).
public enum CentralSchema {
    /// The newest central schema this build knows.
    public static var version: Int { migrations.count }

    static let lockKey: Int64 = 0x6F73_735F_7369_7465  // "oss_site"

    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE journals (                      -- one per station journal: its site id
                key serial PRIMARY KEY,
                uuid uuid NOT NULL UNIQUE,
                first_sync_us bigint NOT NULL,
                last_sync_us bigint NOT NULL
            )
            """,
            """
            CREATE TABLE stations (                      -- the stations registered in each journal, with their live state
                journal integer NOT NULL REFERENCES journals (key),
                station text NOT NULL,                   -- the station: id of its station.yaml
                name text NOT NULL,
                products text[] NOT NULL,
                worker text,
                product text,
                step text,
                state text NOT NULL CHECK (state IN ('idle', 'working', 'blocked')),
                error_kind text,
                error_input text,
                updated_us bigint NOT NULL,
                PRIMARY KEY (journal, station)
            )
            """,
            """
            CREATE TABLE cycles (
                journal integer NOT NULL,
                id bigint NOT NULL,                      -- the cycle's id in its journal
                worker text NOT NULL,
                product text NOT NULL,
                number bigint NOT NULL,
                station text NOT NULL,
                status text NOT NULL CHECK (status IN ('done', 'abandoned')),
                level smallint NOT NULL,
                started_us bigint NOT NULL,
                ended_us bigint NOT NULL,
                duration_us bigint,
                errors integer NOT NULL,
                help integer NOT NULL,
                norm_time_us bigint NOT NULL,
                PRIMARY KEY (journal, id)
            )
            """,
            "CREATE INDEX cycles_by_worker ON cycles (worker, product, started_us)",
            "CREATE INDEX cycles_by_start ON cycles (started_us)",
            """
            CREATE TABLE cycle_steps (
                journal integer NOT NULL,
                cycle_id bigint NOT NULL,
                id bigint NOT NULL,                      -- its id in the journal: the order within the cycle
                step text NOT NULL,
                idx integer NOT NULL,
                started_us bigint NOT NULL,
                duration_us bigint,
                errors integer NOT NULL,
                help integer NOT NULL,
                blocked integer NOT NULL,
                slow integer NOT NULL
            )
            """,
            "CREATE INDEX cycle_steps_by_cycle ON cycle_steps (journal, cycle_id)",
            """
            CREATE TABLE errors (
                journal integer NOT NULL,
                cycle_id bigint NOT NULL,
                id bigint NOT NULL,
                step text NOT NULL,
                idx integer NOT NULL,
                at_us bigint NOT NULL,
                kind text NOT NULL,
                input text NOT NULL,
                cleared_by text,
                cleared_us bigint
            )
            """,
            "CREATE INDEX errors_by_cycle ON errors (journal, cycle_id)",
            """
            CREATE TABLE help_requests (
                journal integer NOT NULL,
                cycle_id bigint NOT NULL,
                id bigint NOT NULL,
                step text NOT NULL,
                idx integer NOT NULL,
                at_us bigint NOT NULL,
                level integer NOT NULL
            )
            """,
            "CREATE INDEX help_by_cycle ON help_requests (journal, cycle_id)",
            """
            CREATE TABLE levels (                        -- every level change of the site, from stations and set centrally
                id bigserial PRIMARY KEY,                -- inserts hold the table lock, so ids commit in order (stations pull by id)
                journal integer,                         -- the station journal it came from; NULL: set centrally
                local_id bigint,                         -- its id in that journal
                worker text NOT NULL,
                product text NOT NULL,
                level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
                set_us bigint NOT NULL,
                set_by text NOT NULL,
                reason text,
                future boolean NOT NULL DEFAULT false,   -- dated > 5 min after the server's clock when it arrived: kept, never in force
                received_us bigint NOT NULL,
                UNIQUE (journal, local_id)
            )
            """,
            "CREATE INDEX levels_by_worker ON levels (worker, product, set_us)",
            """
            CREATE TABLE audit (
                id bigserial PRIMARY KEY,
                journal integer,                         -- NULL: the site console or oss ... --postgres
                local_id bigint,
                at_us bigint NOT NULL,
                action text NOT NULL,
                details text NOT NULL,
                by text NOT NULL,
                UNIQUE (journal, local_id)
            )
            """,
            "CREATE INDEX audit_by_time ON audit (at_us)",
            """
            CREATE TABLE accounts (                      -- the site console's accounts (oss user --postgres)
                name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9._-]{1,31}$'),
                role text NOT NULL CHECK (role IN ('supervisor', 'assessor', 'admin')),
                password_hash text NOT NULL,
                created_us bigint NOT NULL,
                updated_us bigint NOT NULL
            )
            """,
        ],
    ]

    /// Brings the database to `version`, or refuses a newer one. Only reads
    /// when it is up to date.
    public static func bringUpToDate(_ database: SiteDatabase) async throws(SiteError) {
        let found = try await currentVersion(database)
        if found > version { throw .schemaNewer(found: found, known: version) }
        guard found < version else { return }
        try await database.transaction("prepare the site database") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: database.logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS oss_schema (version integer NOT NULL)", logger: database.logger)
            let rows = try await connection.query("SELECT max(version) FROM oss_schema", logger: database.logger)
            var current = 0
            for try await version in rows.decode(Int?.self) { current = version ?? 0 }
            if current > version { throw SiteError.schemaNewer(found: current, known: version) }
            for (index, statements) in migrations.enumerated() where index + 1 > current {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                }
            }
            try await connection.query("DELETE FROM oss_schema", logger: database.logger)
            try await connection.query("INSERT INTO oss_schema (version) VALUES (\(version))", logger: database.logger)
        }
    }

    /// The schema version the database has; 0 when it has none yet.
    public static func currentVersion(_ database: SiteDatabase) async throws(SiteError) -> Int {
        try await database.run("read the site schema version") { connection in
            let exists = try await connection.query("SELECT to_regclass('oss_schema') IS NOT NULL", logger: database.logger)
            var hasTable = false
            for try await value in exists.decode(Bool.self) { hasTable = value }
            guard hasTable else { return 0 }
            let rows = try await connection.query("SELECT max(version) FROM oss_schema", logger: database.logger)
            var found = 0
            for try await value in rows.decode(Int?.self) { found = value ?? 0 }
            return found
        }
    }
}

extension CentralSchema {
    /// For readers (exports, the console): the schema must be this build's.
    public static func requireUpToDate(_ database: SiteDatabase) async throws(SiteError) {
        let found = try await currentVersion(database)
        if found > version { throw .schemaNewer(found: found, known: version) }
        if found < version {
            throw .refused("the site database has no oss tables yet (schema v\(found)); run oss sync from a station first")
        }
    }
}
