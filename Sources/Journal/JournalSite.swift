import GRDB

/// What a journal keeps for the site (migration `v8-site`, docs/site.md):
/// its own id, the outbox's send cursors and the rows not yet confirmed by
/// the centre, and the level changes taken down from it. `oss sync`
/// (module SiteStore) is the only user.
///
/// The outbox is the journal itself: a row is unsent while its id is above
/// the send cursor of its kind. The cursor moves only after the central
/// COMMIT has answered, so a sync killed at any moment sends the same rows
/// again, and the centre's unique keys keep them once.
public enum Outbox {
    public enum Kind: String, Sendable, CaseIterable {
        case cycles, levels, audit
    }

    public struct Cycle: Sendable, Equatable {
        public var id: Int64
        public var worker: String
        public var product: String
        public var number: Int64
        public var station: String
        public var status: String
        public var level: Int64
        public var startedAt: Int64
        public var endedAt: Int64
        public var duration: Int64?
        public var errors: Int64
        public var help: Int64
        public var normTime: Int64

        public init(id: Int64, worker: String, product: String, number: Int64, station: String, status: String, level: Int64, startedAt: Int64, endedAt: Int64, duration: Int64?, errors: Int64, help: Int64, normTime: Int64) {
            self.id = id
            self.worker = worker
            self.product = product
            self.number = number
            self.station = station
            self.status = status
            self.level = level
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.duration = duration
            self.errors = errors
            self.help = help
            self.normTime = normTime
        }
    }

    public struct Step: Sendable, Equatable {
        /// Its id in the journal: its order within the cycle.
        public var id: Int64
        public var cycleID: Int64
        public var step: String
        public var index: Int64
        public var startedAt: Int64
        public var duration: Int64?
        public var errors: Int64
        public var help: Int64
        public var blocked: Int64
        public var slow: Int64

        public init(id: Int64, cycleID: Int64, step: String, index: Int64, startedAt: Int64, duration: Int64?, errors: Int64, help: Int64, blocked: Int64, slow: Int64) {
            self.id = id
            self.cycleID = cycleID
            self.step = step
            self.index = index
            self.startedAt = startedAt
            self.duration = duration
            self.errors = errors
            self.help = help
            self.blocked = blocked
            self.slow = slow
        }
    }

    public struct ErrorRecord: Sendable, Equatable {
        /// Its id in the journal: its order within the cycle.
        public var id: Int64
        public var cycleID: Int64
        public var step: String
        public var index: Int64
        public var at: Int64
        public var kind: String
        public var input: String
        public var clearedBy: String?
        public var clearedAt: Int64?

        public init(id: Int64, cycleID: Int64, step: String, index: Int64, at: Int64, kind: String, input: String, clearedBy: String?, clearedAt: Int64?) {
            self.id = id
            self.cycleID = cycleID
            self.step = step
            self.index = index
            self.at = at
            self.kind = kind
            self.input = input
            self.clearedBy = clearedBy
            self.clearedAt = clearedAt
        }
    }

    public struct HelpRequest: Sendable, Equatable {
        /// Its id in the journal: its order within the cycle.
        public var id: Int64
        public var cycleID: Int64
        public var step: String
        public var index: Int64
        public var at: Int64
        public var level: Int64

        public init(id: Int64, cycleID: Int64, step: String, index: Int64, at: Int64, level: Int64) {
            self.id = id
            self.cycleID = cycleID
            self.step = step
            self.index = index
            self.at = at
            self.level = level
        }
    }

    /// Unsent cycles in id order with all their children; `lastID` is the
    /// id the cursor moves to once the centre confirmed them.
    public struct CycleBatch: Sendable {
        public init() {}

        public var cycles: [Cycle] = []
        public var steps: [Step] = []
        public var errors: [ErrorRecord] = []
        public var helpRequests: [HelpRequest] = []
        public var lastID: Int64? { cycles.last?.id }
        public var rowCount: Int { cycles.count + steps.count + errors.count + helpRequests.count }
    }

    /// A level change made at this station, or one taken down from the centre.
    public struct Level: Sendable, Equatable {
        /// The local id (unsent changes) or the central id (changes taken down).
        public var id: Int64
        public var worker: String
        public var product: String
        public var level: Int64
        public var at: Int64
        public var by: String
        public var reason: String?

        public init(id: Int64, worker: String, product: String, level: Int64, at: Int64, by: String, reason: String?) {
            self.id = id
            self.worker = worker
            self.product = product
            self.level = level
            self.at = at
            self.by = by
            self.reason = reason
        }
    }

    public struct AuditRecord: Sendable, Equatable {
        public var id: Int64
        public var at: Int64
        public var action: String
        public var details: String
        public var by: String

        public init(id: Int64, at: Int64, action: String, details: String, by: String) {
            self.id = id
            self.at = at
            self.action = action
            self.details = details
            self.by = by
        }
    }
}

extension Journal {
    /// The journal's site id: a UUID made once, by the migration, never changed.
    public func siteID() throws(JournalError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT uuid FROM site_identity") ?? "" }
    }

    /// The highest id of `kind` the centre has confirmed.
    public func sentThrough(_ kind: Outbox.Kind) throws(JournalError) -> Int64 {
        try read { db in try cursor(kind.rawValue, db) }
    }

    /// The highest central level id taken down.
    public func centralLevelsThrough() throws(JournalError) -> Int64 {
        try read { db in try cursor("central_levels", db) }
    }

    /// When the centre last confirmed anything; nil when this journal never synced.
    public func lastSynced() throws(JournalError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(synced_us) FROM site_outbox") }
    }

    private func cursor(_ kind: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT sent_through FROM site_outbox WHERE kind = ?", arguments: [kind]) ?? 0
    }

    /// Moves the send cursor of `kind` to `id` once the centre's COMMIT has
    /// answered. An id at or below the cursor leaves it where it is.
    public func markSent(_ kind: Outbox.Kind, through id: Int64, at time: Int64) throws(JournalError) {
        try write { db in
            try db.execute(sql: """
                UPDATE site_outbox SET sent_through = max(sent_through, ?), synced_us = ? WHERE kind = ?
                """, arguments: [id, time, kind.rawValue])
        }
    }

    /// Unsent cycles (ids above `id`), at most `limit`, oldest first, with
    /// their steps, errors and help requests.
    public func unsentCycles(after id: Int64, limit: Int) throws(JournalError) -> Outbox.CycleBatch {
        try read { db in
            var batch = Outbox.CycleBatch()
            let cycles = try Row.fetchCursor(db, sql: """
                SELECT id, worker, product, number, station, status, level, started_us, ended_us, duration_us,
                       errors, help, norm_time_us
                FROM cycles WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [id, max(1, limit)])
            while let row = try cycles.next() {
                batch.cycles.append(Outbox.Cycle(
                    id: row[0], worker: row[1], product: row[2], number: row[3], station: row[4], status: row[5],
                    level: row[6], startedAt: row[7], endedAt: row[8], duration: row[9], errors: row[10], help: row[11],
                    normTime: row[12]))
            }
            guard let first = batch.cycles.first?.id, let last = batch.lastID else { return batch }
            let range: StatementArguments = [first, last]
            let steps = try Row.fetchCursor(db, sql: """
                SELECT id, cycle_id, step, idx, started_us, duration_us, errors, help, blocked, slow
                FROM cycle_steps WHERE cycle_id BETWEEN ? AND ? ORDER BY cycle_id, id
                """, arguments: range)
            while let row = try steps.next() {
                batch.steps.append(Outbox.Step(id: row[0], cycleID: row[1], step: row[2], index: row[3], startedAt: row[4],
                                               duration: row[5], errors: row[6], help: row[7], blocked: row[8], slow: row[9]))
            }
            let errors = try Row.fetchCursor(db, sql: """
                SELECT id, cycle_id, step, idx, at_us, kind, input, cleared_by, cleared_us
                FROM errors WHERE cycle_id BETWEEN ? AND ? ORDER BY cycle_id, id
                """, arguments: range)
            while let row = try errors.next() {
                batch.errors.append(Outbox.ErrorRecord(id: row[0], cycleID: row[1], step: row[2], index: row[3], at: row[4], kind: row[5],
                                                       input: row[6], clearedBy: row[7], clearedAt: row[8]))
            }
            let help = try Row.fetchCursor(db, sql: """
                SELECT id, cycle_id, step, idx, at_us, level FROM help_requests WHERE cycle_id BETWEEN ? AND ? ORDER BY cycle_id, id
                """, arguments: range)
            while let row = try help.next() {
                batch.helpRequests.append(Outbox.HelpRequest(id: row[0], cycleID: row[1], step: row[2], index: row[3], at: row[4],
                                                             level: row[5]))
            }
            return batch
        }
    }

    /// Level changes made at this station (not taken down from the centre)
    /// with ids above `id`, oldest first.
    public func unsentLevels(after id: Int64, limit: Int) throws(JournalError) -> [Outbox.Level] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, worker, product, level, set_us, set_by, reason FROM levels
                WHERE id > ? AND central_id IS NULL ORDER BY id LIMIT ?
                """, arguments: [id, max(1, limit)]).map {
                Outbox.Level(id: $0[0], worker: $0[1], product: $0[2], level: $0[3], at: $0[4], by: $0[5], reason: $0[6])
            }
        }
    }

    /// The highest level id above `id`, of any origin: where the levels
    /// cursor may move when no unsent change of this station is left.
    public func lastLevelID() throws(JournalError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM levels") ?? 0 }
    }

    public func unsentAudit(after id: Int64, limit: Int) throws(JournalError) -> [Outbox.AuditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, at_us, action, details, by FROM audit WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [id, max(1, limit)]).map {
                Outbox.AuditRecord(id: $0[0], at: $0[1], action: $0[2], details: $0[3], by: $0[4])
            }
        }
    }

    /// Stores level changes taken down from the centre (each `id` a central
    /// id; one already here is skipped) and moves the central cursor to
    /// `cursor`, in one transaction: a change is never lost nor taken twice.
    /// Returns how many were new. The newest `set_at` is in force, whatever
    /// its origin, so the later of a station's and the centre's change wins
    /// and both stay in the history.
    @discardableResult
    public func receiveCentralLevels(_ changes: [Outbox.Level], through cursor: Int64) throws(JournalError) -> Int {
        for change in changes {
            try checkLevel(worker: change.worker, product: change.product, level: Int(clamping: change.level),
                           by: change.by, reason: change.reason)
        }
        return try write { db in
            var stored = 0
            for change in changes {
                try db.execute(sql: """
                    INSERT INTO levels (id, worker, product, level, set_us, set_by, reason, central_id)
                    VALUES (\(JournalSchema.nextID("levels")), ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """, arguments: [change.worker, change.product, change.level, change.at, change.by, change.reason, change.id])
                stored += db.changesCount
            }
            try db.execute(sql: """
                UPDATE site_outbox SET sent_through = max(sent_through, ?) WHERE kind = 'central_levels'
                """, arguments: [cursor])
            return stored
        }
    }

    /// How many cycles from before `cutoff` the centre has not confirmed,
    /// once this journal has synced at least once (a journal that never
    /// synced is not part of a site): what `purge` refuses to delete unless forced.
    func unsentCycles(before cutoff: Int64, db: Database) throws -> Int {
        guard try Int64.fetchOne(db, sql: "SELECT max(synced_us) FROM site_outbox") != nil else { return 0 }
        return try Int.fetchOne(db, sql: """
            SELECT count(*) FROM cycles
            WHERE started_us < ? AND id > (SELECT sent_through FROM site_outbox WHERE kind = 'cycles')
            """, arguments: [cutoff]) ?? 0
    }

    /// Stores copies of rows as they are, ids included: the site's export
    /// rebuilds one station's rows from the centre in a temporary journal,
    /// so that its bytes come from the same code as `oss export`.
    public func storeCopies(_ batch: Outbox.CycleBatch) throws(JournalError) {
        try write { db in
            for cycle in batch.cycles {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO workers (id, first_seen_us) VALUES (?, ?)")
                    .execute(arguments: [cycle.worker, cycle.startedAt])
                try db.cachedStatement(sql: """
                    INSERT INTO cycles (id, worker, product, number, station, status, level, started_us, ended_us,
                                        duration_us, errors, help, norm_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [cycle.id, cycle.worker, cycle.product, cycle.number, cycle.station, cycle.status,
                                     cycle.level, cycle.startedAt, cycle.endedAt, cycle.duration, cycle.errors, cycle.help,
                                     cycle.normTime])
            }
            for step in batch.steps {
                try db.cachedStatement(sql: """
                    INSERT INTO cycle_steps (id, cycle_id, step, idx, started_us, duration_us, errors, help, blocked, slow)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [step.id, step.cycleID, step.step, step.index, step.startedAt, step.duration,
                                     step.errors, step.help, step.blocked, step.slow])
            }
            for error in batch.errors {
                try db.cachedStatement(sql: """
                    INSERT INTO errors (id, cycle_id, step, idx, at_us, kind, input, cleared_by, cleared_us)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [error.id, error.cycleID, error.step, error.index, error.at, error.kind, error.input,
                                     error.clearedBy, error.clearedAt])
            }
            for help in batch.helpRequests {
                try db.cachedStatement(sql: """
                    INSERT INTO help_requests (id, cycle_id, step, idx, at_us, level) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [help.id, help.cycleID, help.step, help.index, help.at, help.level])
            }
        }
    }

    /// Stores copies of level changes (their ids are not kept).
    public func storeCopies(_ levels: [Outbox.Level]) throws(JournalError) {
        try write { db in
            for change in levels {
                try db.execute(sql: """
                    INSERT INTO levels (id, worker, product, level, set_us, set_by, reason)
                    VALUES (\(JournalSchema.nextID("levels")), ?, ?, ?, ?, ?, ?)
                    """, arguments: [change.worker, change.product, change.level, change.at, change.by, change.reason])
            }
        }
    }
}
