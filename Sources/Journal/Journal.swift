import Foundation
import GRDB

/// The per-worker performance journal: one SQLite file in WAL mode.
///
/// Worker ids are the pseudonymous badge ids; the journal keeps no names.
/// Every write is a transaction with `synchronous=FULL`, so once `record`
/// returns its cycles survive a crash or power loss. The live station
/// commits each cycle as it ends; replays group many into one commit.
/// A worker and a product: what levels and cycle numbers belong to.
public struct JournalKey: Hashable, Sendable {
    public var worker: String
    public var product: String
    public init(worker: String, product: String) {
        self.worker = worker
        self.product = product
    }
}

public final class Journal: @unchecked Sendable {
    // DatabaseQueue serialises all access itself.
    let queue: DatabaseQueue
    public let path: String

    public enum OpenError: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        public var description: String {
            switch self {
            case let .cannotOpen(path, reason): "cannot open journal \(path): \(reason)"
            }
        }
    }

    /// Opens (creating if needed) the journal at `path` and migrates it to
    /// the current schema.
    public init(path: String) throws(OpenError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try JournalSchema.migrator.migrate(queue)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }

    /// The schema version (the last applied migration's name).
    public func schemaVersion() throws -> String? {
        try queue.read { db in try JournalSchema.migrator.appliedMigrations(db).last }
    }

    // MARK: Recording

    /// Writes one ended cycle (finished or abandoned) with its steps, errors
    /// and help requests, in one durable transaction.
    public func record(_ cycle: CycleRecord) throws {
        try queue.write { db in try Self.insert(cycle, db: db) }
    }

    public func recordLogin(worker: String, station: String, at time: Int64) throws {
        try queue.write { db in try Self.insertLogin(worker: worker, station: station, at: time, db: db) }
    }

    public func recordLogout(worker: String, station: String, at time: Int64) throws {
        try queue.write { db in try Self.updateLogout(worker: worker, station: station, at: time, db: db) }
    }

    /// Writes several cycles, logins and logouts in one durable transaction
    /// (group commit): all of them or none survive a crash. Replays use it
    /// so that one fsync covers many cycles.
    public func record(_ writes: [CycleRecorder.Write], station: String) throws {
        guard !writes.isEmpty else { return }
        try queue.write { db in
            for write in writes {
                switch write {
                case let .login(worker, at): try Self.insertLogin(worker: worker, station: station, at: at, db: db)
                case let .logout(worker, at): try Self.updateLogout(worker: worker, station: station, at: at, db: db)
                case let .cycle(record): try Self.insert(record, db: db)
                }
            }
        }
    }

    private static func insert(_ cycle: CycleRecord, db: Database) throws {
        try ensureWorker(cycle.worker, at: cycle.startedAt, db: db)
        try db.cachedStatement(sql: """
            INSERT INTO cycles (worker, product, number, station, status, level, started_us, ended_us,
                                duration_us, errors, help, norm_time_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [cycle.worker, cycle.product, cycle.number, cycle.station, cycle.status.rawValue,
                             cycle.level, cycle.startedAt, cycle.endedAt, cycle.duration, cycle.errors,
                             cycle.help, cycle.normTime])
        let cycleID = db.lastInsertedRowID
        for step in cycle.steps {
            try db.cachedStatement(sql: """
                INSERT INTO cycle_steps (cycle_id, step, idx, started_us, duration_us, errors, help, blocked, slow)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [cycleID, step.step, step.index, step.startedAt, step.duration, step.errors,
                                 step.help, step.blocked, step.slow])
        }
        for error in cycle.errorRecords {
            try db.cachedStatement(sql: """
                INSERT INTO errors (cycle_id, step, idx, at_us, kind, input, cleared_by, cleared_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [cycleID, error.step, error.index, error.at, error.kind, error.input,
                                 error.clearedBy, error.clearedAt])
        }
        for help in cycle.helpRequests {
            try db.cachedStatement(sql: """
                INSERT INTO help_requests (cycle_id, step, idx, at_us, level) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [cycleID, help.step, help.index, help.at, help.level])
        }
    }

    private static func insertLogin(worker: String, station: String, at time: Int64, db: Database) throws {
        try ensureWorker(worker, at: time, db: db)
        try db.cachedStatement(sql: "INSERT INTO sessions (worker, station, login_us) VALUES (?, ?, ?)")
            .execute(arguments: [worker, station, time])
    }

    private static func updateLogout(worker: String, station: String, at time: Int64, db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE sessions SET logout_us = ?
            WHERE id = (SELECT id FROM sessions WHERE worker = ? AND station = ? AND logout_us IS NULL
                        ORDER BY login_us DESC, id DESC LIMIT 1)
            """).execute(arguments: [time, worker, station])
    }

    private static func ensureWorker(_ worker: String, at time: Int64, db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO workers (id, first_seen_us) VALUES (?, ?)")
            .execute(arguments: [worker, time])
    }

    // MARK: Instruction levels

    public struct LevelChange: Sendable, Equatable {
        public var worker: String
        public var product: String
        public var level: Int
        /// µs since the epoch.
        public var at: Int64
        public var by: String
        public var reason: String?
    }

    /// Records a level for a worker and product; the newest one counts.
    public func setLevel(worker: String, product: String, level: Int, by: String, reason: String?, at time: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO levels (worker, product, level, set_us, set_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [worker, product, level, time, by, reason])
        }
    }

    /// The level in force for every worker and product that has one.
    public func currentLevels() throws -> [JournalKey: Int] {
        try queue.read { db in
            var result: [JournalKey: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT worker, product, level FROM levels ORDER BY set_us, id")
            while let row = try rows.next() { result[JournalKey(worker: row[0], product: row[1])] = row[2] }
            return result
        }
    }

    /// The highest cycle number of every worker and product.
    public func lastCycleNumbers() throws -> [JournalKey: Int] {
        try queue.read { db in
            var result: [JournalKey: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT worker, product, MAX(number) FROM cycles GROUP BY worker, product")
            while let row = try rows.next() { result[JournalKey(worker: row[0], product: row[1])] = row[2] }
            return result
        }
    }

    /// The level in force, or nil when none was ever set (level 1 then).
    public func currentLevel(worker: String, product: String) throws -> Int? {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT level FROM levels WHERE worker = ? AND product = ? ORDER BY set_us DESC, id DESC LIMIT 1",
                             arguments: [worker, product])
        }
    }

    /// Every level change, oldest first, optionally for one worker and product.
    public func levelHistory(worker: String? = nil, product: String? = nil) throws -> [LevelChange] {
        try queue.read { db in
            var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
            if let worker { conditions.append("worker = ?"); arguments.append(worker) }
            if let product { conditions.append("product = ?"); arguments.append(product) }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT worker, product, level, set_us, set_by, reason FROM levels \(filter) ORDER BY set_us, id",
                                    arguments: StatementArguments(arguments)).map {
                LevelChange(worker: $0[0], product: $0[1], level: $0[2], at: $0[3], by: $0[4], reason: $0[5])
            }
        }
    }

    // MARK: Names and retention

    /// Stores a display name apart from the performance data.
    public func setName(worker: String, name: String?) throws {
        try queue.write { db in
            if let name {
                try db.execute(sql: "INSERT OR REPLACE INTO worker_names (worker, name) VALUES (?, ?)", arguments: [worker, name])
            } else {
                try db.execute(sql: "DELETE FROM worker_names WHERE worker = ?", arguments: [worker])
            }
        }
    }

    public func names() throws -> [String: String] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT worker, name FROM worker_names").map { ($0[0], $0[1]) })
        }
    }

    public struct PurgeResult: Sendable, Equatable {
        public var cycles = 0
        public var sessions = 0
        public var levelChanges = 0
        public var workers = 0
    }

    /// Deletes personal data from before `cutoff` (µs since the epoch):
    /// cycles with their steps, errors and help requests, sessions, level
    /// changes other than the one in force, and workers (and their names)
    /// with nothing left. Finished cycles are first added to `aggregates`
    /// per product and day, without worker ids. One transaction.
    public func purge(before cutoff: Int64) throws -> PurgeResult {
        try queue.write { db in
            var result = PurgeResult()
            try db.execute(sql: """
                INSERT INTO aggregates (product, day, cycles, duration_us, norm_time_us, errors, help)
                SELECT product, date(started_us / 1000000, 'unixepoch'), COUNT(*), SUM(duration_us), SUM(norm_time_us),
                       SUM(errors), SUM(help)
                FROM cycles WHERE status = 'done' AND started_us < ? GROUP BY product, date(started_us / 1000000, 'unixepoch')
                ON CONFLICT (product, day) DO UPDATE SET cycles = cycles + excluded.cycles,
                    duration_us = duration_us + excluded.duration_us, norm_time_us = norm_time_us + excluded.norm_time_us,
                    errors = errors + excluded.errors, help = help + excluded.help
                """, arguments: [cutoff])
            try db.execute(sql: "DELETE FROM cycles WHERE started_us < ?", arguments: [cutoff])
            result.cycles = db.changesCount
            try db.execute(sql: "DELETE FROM sessions WHERE login_us < ?", arguments: [cutoff])
            result.sessions = db.changesCount
            try db.execute(sql: """
                DELETE FROM levels WHERE set_us < ? AND id NOT IN (
                    SELECT id FROM levels l WHERE l.id = (SELECT id FROM levels m WHERE m.worker = l.worker AND m.product = l.product
                                                          ORDER BY set_us DESC, id DESC LIMIT 1))
                """, arguments: [cutoff])
            result.levelChanges = db.changesCount
            try db.execute(sql: """
                DELETE FROM workers WHERE id NOT IN (SELECT worker FROM cycles) AND id NOT IN (SELECT worker FROM sessions)
                    AND id NOT IN (SELECT worker FROM levels)
                """)
            result.workers = db.changesCount
            try db.execute(sql: "DELETE FROM worker_names WHERE worker NOT IN (SELECT id FROM workers)")
            return result
        }
    }

    // MARK: Audit

    public struct AuditEntry: Sendable, Equatable {
        public var at: Int64
        public var action: String
        public var details: String
        public var by: String
    }

    /// Records who took what out of the journal, before it is handed out.
    public func audit(action: String, details: String, by: String, at time: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO audit (at_us, action, details, by) VALUES (?, ?, ?, ?)",
                           arguments: [time, action, details, by])
        }
    }

    public func auditLog() throws -> [AuditEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT at_us, action, details, by FROM audit ORDER BY at_us, id").map {
                AuditEntry(at: $0[0], action: $0[1], details: $0[2], by: $0[3])
            }
        }
    }

    // MARK: Queries the engine needs

    /// The highest cycle number of a worker and product, finished or
    /// abandoned; 0 when there is none.
    public func lastCycleNumber(worker: String, product: String) throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(number) FROM cycles WHERE worker = ? AND product = ?",
                             arguments: [worker, product]) ?? 0
        }
    }

    /// Number of cycles stored, for summaries and tests.
    public func cycleCount(status: CycleRecord.Status? = nil) throws -> Int {
        try queue.read { db in
            if let status {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cycles WHERE status = ?", arguments: [status.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cycles") ?? 0
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its first line ("ok" when sound).
    public func integrityCheck() throws -> String {
        try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}
