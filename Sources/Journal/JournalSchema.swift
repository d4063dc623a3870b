import Foundation
import GRDB

/// The journal's tables, created and upgraded by ordered migrations. A
/// migration is never edited once released; changes come as a new one.
///
/// Times are integer microseconds since the Unix epoch (UTC), durations
/// integer microseconds: exact, and cheap to compare.
///
/// Migration number N (1-based) is schema version N: each sets
/// `PRAGMA user_version` to its number, so that a journal says which schema
/// it has even to a program that does not know the names.
enum JournalSchema {
    typealias Migration = (identifier: String, body: @Sendable (Database) throws -> Void)

    /// The id a new row of `table` (cycles, levels or audit) gets: one
    /// above every id it ever gave, so that ids never repeat after a purge
    /// and the site's send cursor never skips a row (migration `v8-site`).
    static func nextID(_ table: String) -> String {
        "(SELECT last_id + 1 FROM site_outbox WHERE kind = '\(table)')"
    }

    /// The newest schema version this build knows.
    static var version: Int { migrations.count }

    /// GRDB's migrator over `migrations` (tests build old journals with it);
    /// `Journal` itself runs them under one write lock, see `JournalOpening`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (number, migration) in migrations.enumerated() {
            migrator.registerMigration(migration.identifier) { db in
                try migration.body(db)
                try db.execute(sql: "PRAGMA user_version = \(number + 1)")
            }
        }
        return migrator
    }

    static let migrations: [Migration] = [
        ("v1", { db in
            try db.execute(sql: """
                CREATE TABLE workers (
                    id TEXT PRIMARY KEY NOT NULL,          -- pseudonymous badge id, never a name
                    first_seen_us INTEGER NOT NULL
                );
                CREATE TABLE sessions (
                    id INTEGER PRIMARY KEY,
                    worker TEXT NOT NULL REFERENCES workers(id),
                    station TEXT NOT NULL,
                    login_us INTEGER NOT NULL,
                    logout_us INTEGER
                );
                CREATE TABLE cycles (
                    id INTEGER PRIMARY KEY,
                    worker TEXT NOT NULL REFERENCES workers(id),
                    product TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    station TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('done', 'abandoned')),
                    level INTEGER NOT NULL,
                    started_us INTEGER NOT NULL,
                    ended_us INTEGER NOT NULL,
                    duration_us INTEGER,                   -- NULL for abandoned cycles
                    errors INTEGER NOT NULL,
                    help INTEGER NOT NULL,
                    norm_time_us INTEGER NOT NULL,
                    UNIQUE (worker, product, number)
                );
                CREATE INDEX cycles_by_start ON cycles (started_us);
                CREATE TABLE cycle_steps (
                    id INTEGER PRIMARY KEY,
                    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    idx INTEGER NOT NULL,                  -- 1-based position in the product
                    started_us INTEGER NOT NULL,
                    duration_us INTEGER,                   -- NULL when the cycle ended first
                    errors INTEGER NOT NULL,
                    help INTEGER NOT NULL,
                    blocked INTEGER NOT NULL,
                    slow INTEGER NOT NULL
                );
                CREATE INDEX cycle_steps_by_cycle ON cycle_steps (cycle_id);
                CREATE TABLE errors (
                    id INTEGER PRIMARY KEY,
                    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    idx INTEGER NOT NULL,
                    at_us INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    input TEXT NOT NULL,
                    cleared_by TEXT,                       -- acknowledge, auto, supervisor; NULL if never cleared
                    cleared_us INTEGER
                );
                CREATE INDEX errors_by_cycle ON errors (cycle_id);
                CREATE TABLE help_requests (
                    id INTEGER PRIMARY KEY,
                    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    idx INTEGER NOT NULL,
                    at_us INTEGER NOT NULL,
                    level INTEGER NOT NULL                 -- the level shown after the request
                );
                CREATE INDEX help_by_cycle ON help_requests (cycle_id);
                """)
        }),
        ("v2-levels", { db in
            try db.execute(sql: """
                CREATE TABLE levels (
                    id INTEGER PRIMARY KEY,
                    worker TEXT NOT NULL,
                    product TEXT NOT NULL,
                    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
                    set_us INTEGER NOT NULL,
                    set_by TEXT NOT NULL,                  -- a supervisor's name or id, or 'auto'
                    reason TEXT
                );
                CREATE INDEX levels_by_worker ON levels (worker, product, set_us);
                """)
        }),
        ("v3-audit", { db in
            try db.execute(sql: """
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at_us INTEGER NOT NULL,
                    action TEXT NOT NULL,                  -- export, report, purge, level
                    details TEXT NOT NULL,                 -- what and the filters used
                    by TEXT NOT NULL                       -- the user who ran it
                );
                """)
        }),
        ("v4-privacy", { db in
            try db.execute(sql: """
                CREATE TABLE worker_names (                -- kept apart; exported only with --with-names
                    worker TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL
                );
                CREATE TABLE aggregates (                  -- what purge keeps: no worker ids
                    product TEXT NOT NULL,
                    day TEXT NOT NULL,                     -- YYYY-MM-DD (UTC) of the cycles' start
                    cycles INTEGER NOT NULL,               -- finished cycles
                    duration_us INTEGER NOT NULL,          -- their total time
                    norm_time_us INTEGER NOT NULL,         -- their total norm time
                    errors INTEGER NOT NULL,
                    help INTEGER NOT NULL,
                    PRIMARY KEY (product, day)
                );
                """)
        }),
        ("v5-accounts", { db in
            // The console's accounts (`oss user`). The name rule
            // ^[a-z][a-z0-9._-]{1,31}$ is checked again here with GLOB (SQLite
            // has no REGEXP); only a bcrypt string is ever stored, never a password.
            try db.execute(sql: """
                CREATE TABLE accounts (
                    name TEXT PRIMARY KEY NOT NULL CHECK (
                        length(name) BETWEEN 2 AND 32
                        AND name GLOB '[a-z]*'
                        AND NOT name GLOB '*[^a-z0-9._-]*'),
                    role TEXT NOT NULL CHECK (role IN ('supervisor', 'assessor', 'admin')),
                    password_hash TEXT NOT NULL,
                    created_us INTEGER NOT NULL,
                    updated_us INTEGER NOT NULL
                );
                """)
        }),
        ("v6-stations", { db in
            try db.execute(sql: """
                CREATE TABLE stations (                    -- registered by oss run and oss simulate at start
                    id TEXT PRIMARY KEY NOT NULL,          -- the station: id of station.yaml
                    name TEXT NOT NULL,
                    registered_us INTEGER NOT NULL         -- its latest registration
                );
                CREATE TABLE station_products (
                    station TEXT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
                    product TEXT NOT NULL,
                    idx INTEGER NOT NULL,                  -- 1-based position in the station's products
                    PRIMARY KEY (station, product)
                );
                CREATE TABLE station_live (                -- what each station does now; one row per station
                    station TEXT PRIMARY KEY NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
                    worker TEXT,
                    product TEXT,
                    step TEXT,                             -- the running step's id
                    state TEXT NOT NULL CHECK (state IN ('idle', 'working', 'blocked')),
                    error_kind TEXT,                       -- what blocks it: an error kind, or device
                    error_input TEXT,                      -- the error's input, or the offline devices
                    updated_us INTEGER NOT NULL
                );
                """)
        }),
        ("v7-advice", { db in
            // The latest level advice per worker and product (docs/levels.md),
            // and per-pair cycle totals kept by triggers, so that the workers
            // overview (console, `oss workers`) reads one row per pair instead
            // of counting every cycle. Cycles are only ever inserted and
            // purged; the update trigger keeps the totals right should that change.
            try db.execute(sql: """
                CREATE TABLE level_advice (                -- the newest level_advice event; personal data, purged with the worker
                    worker TEXT NOT NULL,
                    product TEXT NOT NULL,
                    from_level INTEGER NOT NULL,           -- the level the advice was worked out at
                    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),  -- the level advised
                    reason TEXT NOT NULL,
                    advised_us INTEGER NOT NULL,
                    PRIMARY KEY (worker, product)
                ) WITHOUT ROWID;
                CREATE TABLE cycle_totals (                -- one row per worker and product with any cycle
                    worker TEXT NOT NULL,
                    product TEXT NOT NULL,
                    cycles INTEGER NOT NULL,               -- finished cycles (not abandoned)
                    last_done_us INTEGER,                  -- end of the newest finished cycle; NULL when none
                    PRIMARY KEY (worker, product)
                ) WITHOUT ROWID;
                INSERT INTO cycle_totals (worker, product, cycles, last_done_us)
                SELECT worker, product, SUM(status = 'done'), MAX(CASE WHEN status = 'done' THEN ended_us END)
                FROM cycles GROUP BY worker, product;
                CREATE TRIGGER cycle_totals_insert AFTER INSERT ON cycles BEGIN \(CycleTotals.add("new")) END;
                CREATE TRIGGER cycle_totals_delete AFTER DELETE ON cycles BEGIN \(CycleTotals.remove("old")) END;
                CREATE TRIGGER cycle_totals_update AFTER UPDATE OF worker, product, status, ended_us ON cycles BEGIN
                    \(CycleTotals.remove("old")) \(CycleTotals.add("new"))
                END;
                """)
        }),
        ("v8-site", { db in
            // The site (docs/site.md). The journal's own id, made once and
            // never changed; the send cursors of the outbox (the highest id
            // of each kind the centre confirmed, moved only forward and only
            // after the central COMMIT answered); and the highest id ever
            // given per kind, so that ids never repeat after a purge: a new
            // row always gets an id above every id the centre has seen.
            // Level changes taken down from the centre carry their central id.
            try db.execute(sql: """
                CREATE TABLE site_identity (
                    only INTEGER PRIMARY KEY CHECK (only = 1),
                    uuid TEXT NOT NULL CHECK (length(uuid) = 36)
                );
                INSERT INTO site_identity (only, uuid) VALUES (1, '\(UUID().uuidString.lowercased())');
                CREATE TRIGGER site_identity_fixed BEFORE UPDATE ON site_identity
                    BEGIN SELECT RAISE(ABORT, 'the site id of a journal never changes'); END;
                CREATE TRIGGER site_identity_kept BEFORE DELETE ON site_identity
                    BEGIN SELECT RAISE(ABORT, 'the site id of a journal never changes'); END;
                CREATE TABLE site_outbox (
                    kind TEXT PRIMARY KEY NOT NULL CHECK (kind IN ('cycles', 'levels', 'audit', 'central_levels')),
                    sent_through INTEGER NOT NULL,         -- cycles, levels, audit: the highest local id the centre confirmed;
                                                           -- central_levels: the highest central id taken down
                    last_id INTEGER NOT NULL,              -- the highest local id ever given (ids never repeat)
                    synced_us INTEGER                      -- when the centre last confirmed; NULL: never synced
                ) WITHOUT ROWID;
                INSERT INTO site_outbox SELECT 'cycles', 0, coalesce(max(id), 0), NULL FROM cycles;
                INSERT INTO site_outbox SELECT 'levels', 0, coalesce(max(id), 0), NULL FROM levels;
                INSERT INTO site_outbox SELECT 'audit', 0, coalesce(max(id), 0), NULL FROM audit;
                INSERT INTO site_outbox VALUES ('central_levels', 0, 0, NULL);
                CREATE TRIGGER site_outbox_forward BEFORE UPDATE OF sent_through ON site_outbox
                    WHEN NEW.sent_through < OLD.sent_through
                    BEGIN SELECT RAISE(ABORT, 'the site send cursor only moves forward'); END;
                CREATE TRIGGER cycles_last_id AFTER INSERT ON cycles BEGIN
                    UPDATE site_outbox SET last_id = NEW.id WHERE kind = 'cycles' AND last_id < NEW.id; END;
                CREATE TRIGGER levels_last_id AFTER INSERT ON levels BEGIN
                    UPDATE site_outbox SET last_id = NEW.id WHERE kind = 'levels' AND last_id < NEW.id; END;
                CREATE TRIGGER audit_last_id AFTER INSERT ON audit BEGIN
                    UPDATE site_outbox SET last_id = NEW.id WHERE kind = 'audit' AND last_id < NEW.id; END;
                ALTER TABLE levels ADD COLUMN central_id INTEGER;  -- set on changes taken down from the centre
                CREATE UNIQUE INDEX levels_by_central_id ON levels (central_id) WHERE central_id IS NOT NULL;
                """)
        }),
    ]
}

/// The trigger statements that keep `cycle_totals` in step with `cycles`,
/// for the row `old` or `new`. Removing the newest finished cycle looks the
/// new newest up (SQLite evaluates only the CASE branch taken); a pair left
/// without cycles loses its row. Part of migration `v7-advice`, so never
/// edited: different triggers come with a new migration that replaces them.
enum CycleTotals {
    static func add(_ row: String) -> String {
        """
        INSERT INTO cycle_totals (worker, product, cycles, last_done_us)
        VALUES (\(row).worker, \(row).product, \(row).status = 'done', CASE WHEN \(row).status = 'done' THEN \(row).ended_us END)
        ON CONFLICT (worker, product) DO UPDATE SET cycles = cycles + excluded.cycles,
            last_done_us = coalesce(max(last_done_us, excluded.last_done_us), last_done_us, excluded.last_done_us);
        """
    }

    static func remove(_ row: String) -> String {
        """
        UPDATE cycle_totals SET cycles = cycles - (\(row).status = 'done'),
            last_done_us = CASE WHEN \(row).status = 'done' AND \(row).ended_us >= last_done_us
                THEN (SELECT MAX(ended_us) FROM cycles
                      WHERE worker = \(row).worker AND product = \(row).product AND status = 'done')
                ELSE last_done_us END
        WHERE worker = \(row).worker AND product = \(row).product;
        DELETE FROM cycle_totals WHERE worker = \(row).worker AND product = \(row).product
            AND NOT EXISTS (SELECT 1 FROM cycles WHERE worker = \(row).worker AND product = \(row).product);
        """
    }
}
