import StationEngine
import Foundation
import GRDB

/// The per-worker performance journal: one SQLite file in WAL mode.
///
/// Worker ids are the pseudonymous badge ids. Display names, where a
/// supervisor set them, live in their own table and leave the journal only
/// when an export asks for them (docs/privacy.md). Every write is a
/// transaction with `synchronous=FULL`, so once `record` returns its cycles
/// survive a crash or power loss. The live station commits what one turn of
/// its loop produced; replays group many cycles into one commit.
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

    public typealias OpenError = JournalError

    /// Opens the journal at `path` and migrates it to the current schema;
    /// a missing file is created with mode 0600 when `create` is set.
    ///
    /// Every connection waits up to `JournalError.busySeconds` for another
    /// process's lock, and every write transaction is IMMEDIATE (it takes
    /// the write lock when it starts), so concurrent `simulate`, `level set`
    /// and `export` runs queue up instead of failing. A journal from a newer
    /// oss, or a file that is not an oss journal, is refused before anything
    /// is written to it.
    public init(path: String, create: Bool = true) throws(JournalError) {
        self.path = path
        try Self.prepareFile(path, create: create)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(TimeInterval(JournalError.busySeconds))
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw JournalError(error, path: path)
        }
        try Self.bringUpToDate(queue, path: path, create: create)
    }

    /// A read transaction; SQLite's errors become `JournalError`s.
    func read<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try queue.read(body) } catch { throw JournalError(error, path: path) }
    }

    /// A read transaction whose body may also fail with errors of its own
    /// (an export's output), which pass through unchanged.
    func readPassingThrough<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as DatabaseError { throw JournalError(error, path: path) }
    }

    /// An IMMEDIATE write transaction, committed when `body` returns.
    /// Not `durable`: committed to the WAL without an fsync (`synchronous =
    /// NORMAL` for this one commit), for what a power cut may lose without
    /// harm, the live state; the next durable commit syncs it along.
    func write<T>(durable: Bool = true, _ body: (Database) throws -> T) throws(JournalError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                if !durable { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                defer { if !durable { try? db.execute(sql: "PRAGMA synchronous = FULL") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw JournalError(error, path: path)
        }
    }

    /// The schema version (the last applied migration's name).
    public func schemaVersion() throws(JournalError) -> String? {
        try read { db in try JournalSchema.migrator.appliedMigrations(db).last }
    }

    // MARK: Recording

    /// Writes one ended cycle (finished or abandoned) with its steps, errors
    /// and help requests, in one durable transaction.
    public func record(_ cycle: CycleRecord) throws(JournalError) {
        try write { db in try insert(cycle, db: db) }
    }

    public func recordLogin(worker: String, station: String, at time: Int64) throws(JournalError) {
        try write { db in try insertLogin(worker: worker, station: station, at: time, db: db) }
    }

    public func recordLogout(worker: String, station: String, at time: Int64) throws(JournalError) {
        try write { db in try updateLogout(worker: worker, station: station, at: time, db: db) }
    }

    /// Writes several cycles, logins and logouts in one durable transaction
    /// (group commit): one fsync covers many cycles. Should a row fail, the
    /// batch is written again row by row, each in its own savepoint, so that
    /// only the offending rows are left out; they are then reported in one
    /// `rowsRejected` error and everything else is committed.
    ///
    /// `live`, when given, is the station's live state, stored last in the
    /// same transaction (the live loop's one commit per turn). A batch of
    /// nothing but the live state is committed without an fsync, so that a
    /// step change costs the live loop no wait for the disk.
    public func record(_ writes: [CycleRecorder.Write], station: String,
                       live: (state: StationLiveState, at: Int64)? = nil) throws(JournalError) {
        guard !writes.isEmpty || live != nil else { return }
        let durable = !writes.isEmpty
        do {
            try write(durable: durable) { db in
                for write in writes { try apply(write, station: station, db: db) }
                if let live { try storeLiveState(live.state, station: station, at: live.at, db: db) }
            }
            return
        } catch {
            if error.concernsTheWholeJournal { throw error }
        }
        var failures: [JournalError.RowFailure] = []
        try write(durable: durable) { db in
            for write in writes {
                do {
                    try db.inSavepoint {
                        try apply(write, station: station, db: db)
                        return .commit
                    }
                } catch {
                    let error = JournalError(error, path: path)
                    if error.concernsTheWholeJournal { throw error }
                    failures.append(.init(row: Self.label(write), reason: error.rowReason))
                }
            }
            if let live {
                do {
                    try db.inSavepoint {
                        try storeLiveState(live.state, station: station, at: live.at, db: db)
                        return .commit
                    }
                } catch {
                    let error = JournalError(error, path: path)
                    if error.concernsTheWholeJournal { throw error }
                    failures.append(.init(row: "live state of station \(JournalError.quoted(station))", reason: error.rowReason))
                }
            }
        }
        if !failures.isEmpty { throw .rowsRejected(path: path, failures: failures) }
    }

    private func apply(_ write: CycleRecorder.Write, station: String, db: Database) throws {
        switch write {
        case let .login(worker, at): try insertLogin(worker: worker, station: station, at: at, db: db)
        case let .logout(worker, at): try updateLogout(worker: worker, station: station, at: at, db: db)
        case let .cycle(record): try insert(record, db: db)
        case let .advice(worker, product, from, to, reason, at, applied):
            try storeAdvice(worker: worker, product: product, from: from, to: to, reason: reason, at: at, db: db)
            guard applied else { return }
            try checkLevel(worker: worker, product: product, level: to, by: "auto", reason: reason)
            try insertLevel(worker: worker, product: product, level: to, by: "auto", reason: reason, at: at, db: db)
        }
    }

    private static func label(_ write: CycleRecorder.Write) -> String {
        switch write {
        case let .login(worker, _): "login of \(JournalError.quoted(worker))"
        case let .logout(worker, _): "logout of \(JournalError.quoted(worker))"
        case let .cycle(record):
            "cycle \(record.number) of \(JournalError.quoted(record.worker)) on \(JournalError.quoted(record.product))"
        case let .advice(worker, product, _, to, _, _, _):
            "level advice \(to) for \(JournalError.quoted(worker)) on \(JournalError.quoted(product))"
        }
    }

    /// SQLite cuts bound text at a NUL, which would merge `W1` and `W1\0x`
    /// into one worker: such text is refused instead, for every column.
    func check(_ text: String?, _ field: String) throws(JournalError) {
        guard let text, text.utf8.contains(0) else { return }
        throw .invalidText(path: path, field: field, value: text)
    }

    private func check(_ cycle: CycleRecord) throws(JournalError) {
        try check(cycle.worker, "worker id")
        try check(cycle.product, "product id")
        try check(cycle.station, "station id")
        for step in cycle.steps { try check(step.step, "step id") }
        for error in cycle.errorRecords {
            try check(error.step, "step id")
            try check(error.kind, "error kind")
            try check(error.input, "input id")
            try check(error.clearedBy, "cleared by")
        }
        for help in cycle.helpRequests { try check(help.step, "step id") }
    }

    /// A cycle whose (worker, product, number) is already taken, because
    /// another process recorded the same worker and product meanwhile, is
    /// stored under the next free number rather than lost.
    private func insert(_ cycle: CycleRecord, db: Database) throws {
        try check(cycle)
        try ensureWorker(cycle.worker, at: cycle.startedAt, db: db)
        let sql = """
            INSERT INTO cycles (id, worker, product, number, station, status, level, started_us, ended_us,
                                duration_us, errors, help, norm_time_us)
            VALUES (\(JournalSchema.nextID("cycles")), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        func arguments(number: Int) -> StatementArguments {
            [cycle.worker, cycle.product, number, cycle.station, cycle.status.rawValue, cycle.level, cycle.startedAt,
             cycle.endedAt, cycle.duration, cycle.errors, cycle.help, cycle.normTime]
        }
        do {
            try db.cachedStatement(sql: sql).execute(arguments: arguments(number: cycle.number))
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            let last = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM cycles WHERE worker = ? AND product = ?",
                                        arguments: [cycle.worker, cycle.product]) ?? 0
            guard last < Int.max else { throw error }
            // A fresh statement: the cached one reports its failure again when it is next reset.
            try db.makeStatement(sql: sql).execute(arguments: arguments(number: last + 1))
        }
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

    private func insertLogin(worker: String, station: String, at time: Int64, db: Database) throws {
        try check(worker, "worker id")
        try check(station, "station id")
        try ensureWorker(worker, at: time, db: db)
        try db.cachedStatement(sql: "INSERT INTO sessions (worker, station, login_us) VALUES (?, ?, ?)")
            .execute(arguments: [worker, station, time])
    }

    private func updateLogout(worker: String, station: String, at time: Int64, db: Database) throws {
        try check(worker, "worker id")
        try check(station, "station id")
        try db.cachedStatement(sql: """
            UPDATE sessions SET logout_us = ?
            WHERE id = (SELECT id FROM sessions WHERE worker = ? AND station = ? AND logout_us IS NULL
                        ORDER BY login_us DESC, id DESC LIMIT 1)
            """).execute(arguments: [time, worker, station])
    }

    private func ensureWorker(_ worker: String, at time: Int64, db: Database) throws {
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

        public init(worker: String, product: String, level: Int, at: Int64, by: String, reason: String?) {
            self.worker = worker
            self.product = product
            self.level = level
            self.at = at
            self.by = by
            self.reason = reason
        }
    }

    /// Records a level for a worker and product; the newest one counts.
    public func setLevel(worker: String, product: String, level: Int, by: String, reason: String?, at time: Int64) throws(JournalError) {
        try checkLevel(worker: worker, product: product, level: level, by: by, reason: reason)
        try write { db in try insertLevel(worker: worker, product: product, level: level, by: by, reason: reason, at: time, db: db) }
    }

    /// What every level change must pass, a person's or the station's own advice.
    func checkLevel(worker: String, product: String, level: Int, by: String, reason: String?) throws(JournalError) {
        guard (1...3).contains(level) else { throw .invalidLevel(path: path, level: level) }
        try check(worker, "worker id")
        try check(product, "product id")
        try check(by, "set by")
        try check(reason, "reason")
    }

    /// Inserts a change `checkLevel` accepted.
    private func insertLevel(worker: String, product: String, level: Int, by: String, reason: String?, at time: Int64,
                             db: Database) throws {
        try db.execute(sql: """
            INSERT INTO levels (id, worker, product, level, set_us, set_by, reason)
            VALUES (\(JournalSchema.nextID("levels")), ?, ?, ?, ?, ?, ?)
            """,
                       arguments: [worker, product, level, time, by, reason])
    }

    /// The level in force for every worker and product that has one.
    public func currentLevels() throws(JournalError) -> [JournalKey: Int] {
        try read { db in
            var result: [JournalKey: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT worker, product, level FROM levels ORDER BY set_us, id")
            while let row = try rows.next() { result[JournalKey(worker: row[0], product: row[1])] = row[2] }
            return result
        }
    }

    /// The highest cycle number of every worker and product.
    public func lastCycleNumbers() throws(JournalError) -> [JournalKey: Int] {
        try read { db in
            var result: [JournalKey: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT worker, product, MAX(number) FROM cycles GROUP BY worker, product")
            while let row = try rows.next() { result[JournalKey(worker: row[0], product: row[1])] = row[2] }
            return result
        }
    }

    /// The level in force, or nil when none was ever set (level 1 then).
    public func currentLevel(worker: String, product: String) throws(JournalError) -> Int? {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT level FROM levels WHERE worker = ? AND product = ? ORDER BY set_us DESC, id DESC LIMIT 1",
                             arguments: [worker, product])
        }
    }

    /// Every level change, oldest first, optionally for one worker and product.
    public func levelHistory(worker: String? = nil, product: String? = nil) throws(JournalError) -> [LevelChange] {
        try read { db in
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
    public func setName(worker: String, name: String?) throws(JournalError) {
        try check(worker, "worker id")
        try check(name, "name")
        try write { db in
            if let name {
                try db.execute(sql: "INSERT OR REPLACE INTO worker_names (worker, name) VALUES (?, ?)", arguments: [worker, name])
            } else {
                try db.execute(sql: "DELETE FROM worker_names WHERE worker = ?", arguments: [worker])
                try db.execute(sql: "DELETE FROM station_live WHERE worker = ?", arguments: [worker])
            }
        }
    }

    /// Whether the journal knows `worker`: cycles, logins, levels or a name.
    public func knows(worker: String) throws(JournalError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM workers WHERE id = ?1) OR EXISTS (SELECT 1 FROM levels WHERE worker = ?1)
                    OR EXISTS (SELECT 1 FROM worker_names WHERE worker = ?1)
                """, arguments: [worker]) ?? false
        }
    }

    /// Whether the journal knows `product`: in a cycle, a level or a station's products.
    public func knows(product: String) throws(JournalError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM cycles WHERE product = ?1) OR EXISTS (SELECT 1 FROM levels WHERE product = ?1)
                    OR EXISTS (SELECT 1 FROM station_products WHERE product = ?1)
                """, arguments: [product]) ?? false
        }
    }

    public func names() throws(JournalError) -> [String: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT worker, name FROM worker_names").map { ($0[0], $0[1]) })
        }
    }

    public struct PurgeResult: Sendable, Equatable {
        public var cycles = 0
        public var sessions = 0
        public var levelChanges = 0
        public var workers = 0
        /// µs since the epoch: data from before it was purged.
        public var cutoff: Int64 = 0
        /// False when another process kept the -wal from being emptied
        /// (it then still holds old pages until the next checkpoint).
        public var walTruncated = true
    }

    /// The cutoff `days` days before `now` (µs since the epoch), checked:
    /// negative days, or so many that the cutoff falls before the year 1,
    /// are refused rather than overflowing.
    public static func purgeCutoff(olderThanDays days: Int, now: Int64) throws(JournalError) -> Int64 {
        let day: Int64 = 86_400_000_000
        let earliest: Int64 = -62_135_596_800_000_000  // 0001-01-01T00:00:00Z
        let maximum = Int(max(0, now.subtractingReportingOverflow(earliest).partialValue / day))
        guard days >= 0, days <= maximum else { throw .daysOutOfRange(days: days, maximum: maximum) }
        return now - Int64(days) * day
    }

    /// `purge(before:)` with the cutoff `days` days before `now`; the
    /// result names the cutoff. For `oss purge --older-than DAYS`.
    public func purge(olderThanDays days: Int, now: Int64, forceUnsent: Bool = false) throws(JournalError) -> PurgeResult {
        try purge(before: Self.purgeCutoff(olderThanDays: days, now: now), forceUnsent: forceUnsent)
    }

    /// Deletes personal data from before `cutoff` (µs since the epoch):
    /// cycles with their steps, errors and help requests, sessions, level
    /// advice, and level changes other than the one in force. A worker left
    /// with no cycle, session or newer level change loses every trace: all
    /// level changes, the advice, the name, the worker row, and the id in
    /// audit details. (`cycle_totals` follows the cycles by its triggers.)
    /// Finished cycles are first added to `aggregates` per product and day,
    /// without worker ids. One transaction with `secure_delete` (deleted
    /// bytes are zeroed), then a TRUNCATE checkpoint empties the -wal.
    ///
    /// In a journal that has synced to a site, cycles the centre has not
    /// confirmed are never deleted without `forceUnsent`: the purge is
    /// refused (`unsentCycles`) and nothing changes.
    public func purge(before cutoff: Int64, forceUnsent: Bool = false) throws(JournalError) -> PurgeResult {
        do {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        } catch {
            throw JournalError(error, path: path)
        }
        defer { try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = OFF") } }
        var result = try write { db in
            var result = PurgeResult(cutoff: cutoff)
            if !forceUnsent {
                let unsent = try unsentCycles(before: cutoff, db: db)
                if unsent > 0 { throw JournalError.unsentCycles(path: path, count: unsent) }
            }
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
            try db.execute(sql: "DELETE FROM level_advice WHERE advised_us < ?", arguments: [cutoff])
            let gone = try String.fetchAll(db, sql: """
                SELECT id FROM (SELECT id FROM workers UNION SELECT worker FROM levels UNION SELECT worker FROM worker_names
                                UNION SELECT worker FROM level_advice)
                WHERE id NOT IN (SELECT worker FROM cycles) AND id NOT IN (SELECT worker FROM sessions)
                    AND id NOT IN (SELECT worker FROM levels WHERE set_us >= ?)
                """, arguments: [cutoff])
            for worker in gone {
                try db.execute(sql: "DELETE FROM levels WHERE worker = ?", arguments: [worker])
                result.levelChanges += db.changesCount
                try db.execute(sql: "DELETE FROM worker_names WHERE worker = ?", arguments: [worker])
                try db.execute(sql: "DELETE FROM level_advice WHERE worker = ?", arguments: [worker])
                try db.execute(sql: "DELETE FROM station_live WHERE worker = ?", arguments: [worker])
                try db.execute(sql: "DELETE FROM workers WHERE id = ?", arguments: [worker])
                result.workers += db.changesCount
            }
            let audit = try Row.fetchAll(db, sql: "SELECT id, details FROM audit")
            for row in audit {
                let details: String = row[1]
                let redacted = Self.redact(details, workers: gone)
                if redacted != details {
                    try db.execute(sql: "UPDATE audit SET details = ? WHERE id = ?", arguments: [redacted, row[0] as Int64])
                }
            }
            return result
        }
        do {
            let checkpoint = try queue.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            result.walTruncated = (checkpoint?[0] as Int?) == 0
        } catch {
            throw JournalError(error, path: path)
        }
        return result
    }

    /// `details` with every purged worker id replaced by `(purged)`: as
    /// `worker=ID`, and (for ids of 3 or more characters, which cannot be
    /// mistaken for a count) wherever the id stands between non-alphanumerics,
    /// e.g. in a file name `out=report-W042.html`.
    static func redact(_ details: String, workers: [String]) -> String {
        var text = Array(details.unicodeScalars)
        for worker in workers.sorted(by: { $0.unicodeScalars.count > $1.unicodeScalars.count }) {
            let id = Array(worker.unicodeScalars)
            guard !id.isEmpty else { continue }
            let marker = Array("(purged)".unicodeScalars), prefix = Array("worker=".unicodeScalars)
            var result: [Unicode.Scalar] = [], i = 0
            while i < text.count {
                let fits = i + id.count <= text.count && Array(text[i..<i + id.count]) == id
                let before = i == 0 ? nil : text[i - 1], after = i + id.count < text.count ? text[i + id.count] : nil
                let bounded = fits && !(before.map(isIDCharacter) ?? false) && !(after.map(isIDCharacter) ?? false)
                let afterPrefix = i >= prefix.count && Array(text[i - prefix.count..<i]) == prefix
                    && (after == nil || after == " ")
                if fits && (afterPrefix || (bounded && id.count >= 3)) {
                    result += marker
                    i += id.count
                } else {
                    result.append(text[i])
                    i += 1
                }
            }
            text = result
        }
        var redacted = ""
        redacted.unicodeScalars.append(contentsOf: text)
        return redacted
    }

    private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    // MARK: Audit

    public struct AuditEntry: Sendable, Equatable {
        public var at: Int64
        public var action: String
        public var details: String
        public var by: String

        public init(at: Int64, action: String, details: String, by: String) {
            self.at = at
            self.action = action
            self.details = details
            self.by = by
        }
    }

    /// Records who took what out of the journal, before it is handed out.
    public func audit(action: String, details: String, by: String, at time: Int64) throws(JournalError) {
        let entry = AuditEntry(at: time, action: action, details: details, by: by)
        try check(entry)
        try write { db in try insert(entry, db: db) }
    }

    /// What every audit row must pass, alone or beside the change it records.
    func check(_ entry: AuditEntry) throws(JournalError) {
        try check(entry.action, "audit action")
        try check(entry.details, "audit details")
        try check(entry.by, "audit user")
    }

    /// Inserts a row `check(_:)` accepted, inside the caller's transaction.
    func insert(_ entry: AuditEntry, db: Database) throws {
        try db.execute(sql: "INSERT INTO audit (id, at_us, action, details, by) VALUES (\(JournalSchema.nextID("audit")), ?, ?, ?, ?)",
                       arguments: [entry.at, entry.action, entry.details, entry.by])
    }

    public func auditLog() throws(JournalError) -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at_us, action, details, by FROM audit ORDER BY at_us, id").map {
                AuditEntry(at: $0[0], action: $0[1], details: $0[2], by: $0[3])
            }
        }
    }

    // MARK: Queries the engine needs

    /// The highest cycle number of a worker and product, finished or
    /// abandoned; 0 when there is none.
    public func lastCycleNumber(worker: String, product: String) throws(JournalError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(number) FROM cycles WHERE worker = ? AND product = ?",
                             arguments: [worker, product]) ?? 0
        }
    }

    /// Number of cycles stored, for summaries and tests.
    public func cycleCount(status: CycleRecord.Status? = nil) throws(JournalError) -> Int {
        try read { db in
            if let status {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cycles WHERE status = ?", arguments: [status.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cycles") ?? 0
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its first line ("ok" when sound).
    public func integrityCheck() throws(JournalError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}
