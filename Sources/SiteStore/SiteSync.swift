import Journal
import Logging
import NIOCore
import PostgresNIO
import StationEngine

/// One sync of a station journal with the centre (`oss sync`): registers
/// the journal, sends its stations' live state, its unsent cycles (with
/// steps, errors and help requests), level changes and audit rows, and
/// takes down the level changes made centrally or at other stations.
///
/// Each batch is one central transaction; the journal's send cursor moves
/// only after its COMMIT answered. A batch sent again (after a kill, a lost
/// connection, a stopped server) finds its rows there already by their
/// (journal, local id) keys and stores nothing twice.
///
/// Time is an input: `now` is the station's wall clock (µs since the epoch),
/// used for the cursor's timestamp and to refuse central changes dated more
/// than `futureLimit` ahead of it.
public struct SiteSync: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// Cycles the centre stored this time (not those it had already).
        public var cycles = 0
        /// This station's level changes the centre stored this time.
        public var levelChanges = 0
        public var auditRows = 0
        /// Level changes taken down from the centre.
        public var receivedLevels = 0
        /// Central level changes refused for being dated in the future.
        public var refusedLevels = 0
        /// Step, error and help rows sent with the new cycles.
        public var childRows = 0

        public init() {}
    }

    /// A level change dated more than this after the receiver's clock is not put in force (5 min).
    public static let futureLimit: Int64 = 300_000_000

    let journal: Journal
    let database: SiteDatabase
    let batchSize: Int
    let now: @Sendable () -> Int64

    public init(journal: Journal, database: SiteDatabase, batchSize: Int = 2000, now: @escaping @Sendable () -> Int64) {
        self.journal = journal
        self.database = database
        self.batchSize = max(1, batchSize)
        self.now = now
    }

    var logger: Logger { database.logger }

    public func run() async throws(SiteError) -> Outcome {
        var outcome = Outcome()
        let key = try await registerJournal()
        try await sendStations(key)
        try await sendCycles(key, into: &outcome)
        try await sendLevels(key, into: &outcome)
        try await sendAudit(key, into: &outcome)
        try await receiveLevels(key, into: &outcome)
        return outcome
    }

    // MARK: Journal and stations

    private func local<T>(_ body: () throws(JournalError) -> T) throws(SiteError) -> T {
        do { return try body() } catch { throw .local(error.description) }
    }

    /// The journal's central key, registering it on its first sync.
    func registerJournal() async throws(SiteError) -> Int32 {
        let uuid = try local { () throws(JournalError) in try journal.siteID() }
        let time = now()
        return try await database.run("register this journal") { connection in
            let rows = try await connection.query("""
                INSERT INTO journals (uuid, first_sync_us, last_sync_us) VALUES (\(uuid)::uuid, \(time), \(time))
                ON CONFLICT (uuid) DO UPDATE SET last_sync_us = excluded.last_sync_us RETURNING key
                """, logger: logger)
            var key: Int32 = 0
            for try await value in rows.decode(Int32.self) { key = value }
            return key
        }
    }

    /// The journal's registered stations and their live state, replacing what the centre had.
    func sendStations(_ key: Int32) async throws(SiteError) {
        let stations = try local { () throws(JournalError) in try journal.stationsLive() }
        guard !stations.isEmpty else { return }
        try await database.transaction("send the stations' live state") { connection in
            for record in stations {
                let live = record.live
                try await connection.query("""
                    INSERT INTO stations (journal, station, name, products, worker, product, step, state, error_kind,
                                          error_input, updated_us)
                    VALUES (\(key), \(record.station), \(record.name), \(record.products), \(live.worker), \(live.product),
                            \(live.step), \(live.state.rawValue), \(live.openError?.kind), \(live.openError?.input),
                            \(record.updatedAt))
                    ON CONFLICT (journal, station) DO UPDATE SET name = excluded.name, products = excluded.products,
                        worker = excluded.worker, product = excluded.product, step = excluded.step, state = excluded.state,
                        error_kind = excluded.error_kind, error_input = excluded.error_input, updated_us = excluded.updated_us
                    """, logger: logger)
            }
        }
    }

    // MARK: Cycles

    /// Batches of unsent cycles; the next batch is read from the journal
    /// while the centre stores the current one.
    func sendCycles(_ key: Int32, into outcome: inout Outcome) async throws(SiteError) {
        let journal = self.journal, limit = batchSize
        let cursor = try local { () throws(JournalError) in try journal.sentThrough(.cycles) }
        var batch = try local { () throws(JournalError) in try journal.unsentCycles(after: cursor, limit: limit) }
        while let last = batch.lastID {
            let reading = Task.detached { () throws -> Outbox.CycleBatch in
                try journal.unsentCycles(after: last, limit: limit)
            }
            let stored: (cycles: Int, children: Int)
            do {
                stored = try await store(batch, key)
            } catch {
                reading.cancel()
                _ = try? await reading.value
                throw error
            }
            try local { () throws(JournalError) in try journal.markSent(.cycles, through: last, at: now()) }
            outcome.cycles += stored.cycles
            outcome.childRows += stored.children
            do { batch = try await reading.value } catch { throw .local((error as? JournalError)?.description ?? "cannot read the journal") }
        }
    }

    /// One batch in one transaction: the cycles through a staging table
    /// (`INSERT … ON CONFLICT DO NOTHING RETURNING`), then by COPY the
    /// children of the cycles that are new.
    func store(_ batch: Outbox.CycleBatch, _ key: Int32) async throws(SiteError) -> (cycles: Int, children: Int) {
        try await database.transaction("store cycles") { connection in
            try await connection.query("""
                CREATE TEMPORARY TABLE IF NOT EXISTS oss_staging_cycles (LIKE cycles) ON COMMIT DELETE ROWS
                """, logger: logger)
            var text = CopyText(capacity: batch.cycles.count * 96)
            for cycle in batch.cycles {
                text.field(Int64(key)); text.field(cycle.id); text.field(cycle.worker); text.field(cycle.product)
                text.field(cycle.number); text.field(cycle.station); text.field(cycle.status); text.field(cycle.level)
                text.field(cycle.startedAt); text.field(cycle.endedAt); text.field(cycle.duration); text.field(cycle.errors)
                text.field(cycle.help); text.field(cycle.normTime)
                text.endRow()
            }
            try await copy(text.take(), into: "oss_staging_cycles", columns: [], connection)
            let rows = try await connection.query("""
                INSERT INTO cycles SELECT * FROM oss_staging_cycles ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            var new = Set<Int64>()
            for try await id in rows.decode(Int64.self) { new.insert(id) }
            guard !new.isEmpty else { return (0, 0) }
            var children = 0
            try await copyRows(batch.steps, new: new, into: "cycle_steps", connection, count: &children) { text, step in
                text.field(Int64(key)); text.field(step.cycleID); text.field(step.id); text.field(step.step); text.field(step.index)
                text.field(step.startedAt); text.field(step.duration); text.field(step.errors); text.field(step.help)
                text.field(step.blocked); text.field(step.slow)
            } cycle: { $0.cycleID }
            try await copyRows(batch.errors, new: new, into: "errors", connection, count: &children) { text, error in
                text.field(Int64(key)); text.field(error.cycleID); text.field(error.id); text.field(error.step); text.field(error.index)
                text.field(error.at); text.field(error.kind); text.field(error.input); text.field(error.clearedBy)
                text.field(error.clearedAt)
            } cycle: { $0.cycleID }
            try await copyRows(batch.helpRequests, new: new, into: "help_requests", connection, count: &children) { text, help in
                text.field(Int64(key)); text.field(help.cycleID); text.field(help.id); text.field(help.step); text.field(help.index)
                text.field(help.at); text.field(help.level)
            } cycle: { $0.cycleID }
            return (new.count, children)
        }
    }

    /// COPYs the rows whose cycle is in `new`, in chunks of about 256 KiB.
    private func copyRows<Row>(_ rows: [Row], new: Set<Int64>, into table: String, _ connection: PostgresConnection,
                               count: inout Int, _ write: (inout CopyText, Row) -> Void,
                               cycle: (Row) -> Int64) async throws {
        let chosen = rows.filter { new.contains(cycle($0)) }
        guard !chosen.isEmpty else { return }
        count += chosen.count
        try await connection.copyFrom(table: table, logger: logger) { writer in
            var text = CopyText(capacity: 1 << 18)
            for row in chosen {
                write(&text, row)
                text.endRow()
                if text.buffer.readableBytes >= 1 << 18 { try await writer.write(text.take()) }
            }
            if text.buffer.readableBytes > 0 { try await writer.write(text.take()) }
        }
    }

    private func copy(_ buffer: ByteBuffer, into table: String, columns: [String], _ connection: PostgresConnection) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            try await writer.write(buffer)
        }
    }

    // MARK: Levels and audit

    /// This station's level changes. One dated more than 5 minutes after
    /// the server's clock is stored with `future`: in the history, never in
    /// force. Inserts hold the levels table's lock, so central ids commit in
    /// id order and a station pulling by id misses none.
    func sendLevels(_ key: Int32, into outcome: inout Outcome) async throws(SiteError) {
        var cursor = try local { () throws(JournalError) in try journal.sentThrough(.levels) }
        while true {
            let changes = try local { () throws(JournalError) in try journal.unsentLevels(after: cursor, limit: batchSize) }
            guard let last = changes.last?.id else { break }
            let stored = try await database.transaction("store level changes") { connection in
                try await connection.query("LOCK TABLE levels IN EXCLUSIVE MODE", logger: logger)
                var stored = 0
                for change in changes {
                    let rows = try await connection.query("""
                        INSERT INTO levels (journal, local_id, worker, product, level, set_us, set_by, reason, future, received_us)
                        VALUES (\(key), \(change.id), \(change.worker), \(change.product), \(Int16(clamping: change.level)),
                                \(change.at), \(change.by), \(change.reason),
                                \(change.at) > \(unescaped: Self.serverNow) + \(Self.futureLimit), \(unescaped: Self.serverNow))
                        ON CONFLICT (journal, local_id) DO NOTHING RETURNING future
                        """, logger: logger)
                    for try await future in rows.decode(Bool.self) {
                        stored += 1
                        if future {
                            logger.warning("level change kept but not in force: dated more than 5 minutes after the site server's clock",
                                           metadata: ["worker": "\(change.worker)", "product": "\(change.product)",
                                                      "set_at_us": "\(change.at)"])
                        }
                    }
                }
                return stored
            }
            try local { () throws(JournalError) in try journal.markSent(.levels, through: last, at: now()) }
            outcome.levelChanges += stored
            cursor = last
        }
    }

    /// The server's clock in µs since the epoch, as SQL.
    static let serverNow = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

    func sendAudit(_ key: Int32, into outcome: inout Outcome) async throws(SiteError) {
        var cursor = try local { () throws(JournalError) in try journal.sentThrough(.audit) }
        while true {
            let rows = try local { () throws(JournalError) in try journal.unsentAudit(after: cursor, limit: batchSize) }
            guard let last = rows.last?.id else { break }
            let stored = try await database.transaction("store audit rows") { connection in
                let result = try await connection.query("""
                    INSERT INTO audit (journal, local_id, at_us, action, details, by)
                    SELECT \(key), * FROM unnest(\(rows.map(\.id))::bigint[], \(rows.map(\.at))::bigint[],
                                                  \(rows.map(\.action))::text[], \(rows.map(\.details))::text[],
                                                  \(rows.map(\.by))::text[])
                    ON CONFLICT (journal, local_id) DO NOTHING RETURNING id
                    """, logger: logger)
                var stored = 0
                for try await _ in result.decode(Int64.self) { stored += 1 }
                return stored
            }
            try local { () throws(JournalError) in try journal.markSent(.audit, through: last, at: now()) }
            outcome.auditRows += stored
            cursor = last
        }
    }

    /// Level changes made centrally or at other stations, in central id
    /// order. One dated more than 5 minutes after this station's clock is
    /// refused with a log line, and the cursor moves past it.
    func receiveLevels(_ key: Int32, into outcome: inout Outcome) async throws(SiteError) {
        var cursor = try local { () throws(JournalError) in try journal.centralLevelsThrough() }
        while true {
            let from = cursor, limit = batchSize
            let changes = try await database.run("take down level changes") { connection in
                let rows = try await connection.query("""
                    SELECT id, worker, product, level, set_us, set_by, reason FROM levels
                    WHERE id > \(from) AND journal IS DISTINCT FROM \(key) AND NOT future ORDER BY id LIMIT \(limit)
                    """, logger: logger)
                return try await Self.levels(rows)
            }
            guard let last = changes.last?.id else { break }
            let clock = now()
            let accepted = changes.filter { change in
                guard change.at > clock + Self.futureLimit else { return true }
                logger.warning("central level change refused: dated more than 5 minutes after this station's clock",
                               metadata: ["central_id": "\(change.id)", "worker": "\(change.worker)",
                                          "product": "\(change.product)", "set_at_us": "\(change.at)"])
                outcome.refusedLevels += 1
                return false
            }
            outcome.receivedLevels += try local { () throws(JournalError) in
                try journal.receiveCentralLevels(accepted, through: last)
            }
            cursor = last
        }
    }

    /// Level changes from rows of (id, worker, product, level, set_us, set_by, reason).
    static func levels(_ rows: PostgresRowSequence) async throws -> [Outbox.Level] {
        var changes: [Outbox.Level] = []
        for try await (id, worker, product, level, at, by, reason)
            in rows.decode((Int64, String, String, Int16, Int64, String, String?).self) {
            changes.append(Outbox.Level(id: id, worker: worker, product: product, level: Int64(level), at: at, by: by,
                                        reason: reason))
        }
        return changes
    }
}
