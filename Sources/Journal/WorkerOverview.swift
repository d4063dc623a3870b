import GRDB

/// The newest level advice the station gave a worker on a product
/// (`level_advice`, docs/levels.md), as the journal keeps it.
public struct StoredAdvice: Sendable, Equatable {
    /// The level the cycles behind the advice were done at.
    public var from: Int
    /// The level advised.
    public var level: Int
    public var reason: String
    /// µs since the epoch: the end of the cycle that brought it.
    public var at: Int64

    public init(from: Int, level: Int, reason: String, at: Int64) {
        self.from = from
        self.level = level
        self.reason = reason
        self.at = at
    }
}

/// What the journal knows of one worker on one product, for the workers
/// overview (console `GET /api/workers`, `oss workers`).
public struct WorkerProductRecord: Sendable, Equatable {
    public var worker: String
    public var product: String
    /// The level of the newest level change; nil when none was set (level 1 then).
    public var level: Int?
    /// µs since the epoch: when that change was made.
    public var levelSetAt: Int64?
    /// Finished cycles (abandoned ones not counted).
    public var cycles: Int
    /// µs since the epoch: the end of the newest finished cycle.
    public var lastCycleEnd: Int64?
    public var advice: StoredAdvice?

    public init(worker: String, product: String, level: Int?, levelSetAt: Int64?, cycles: Int, lastCycleEnd: Int64?,
                advice: StoredAdvice?) {
        self.worker = worker
        self.product = product
        self.level = level
        self.levelSetAt = levelSetAt
        self.cycles = cycles
        self.lastCycleEnd = lastCycleEnd
        self.advice = advice
    }
}

/// The `level_advice` and `cycle_totals` tables (migration `v7-advice`).
extension Journal {
    /// Keeps `to` as the worker's latest advice on `product`, inside the
    /// caller's transaction (the pipeline's batch, beside the cycle that
    /// brought it).
    func storeAdvice(worker: String, product: String, from: Int, to: Int, reason: String, at time: Int64,
                     db: Database) throws {
        try check(worker, "worker id")
        try check(product, "product id")
        try check(reason, "reason")
        try db.cachedStatement(sql: """
            INSERT INTO level_advice (worker, product, from_level, level, reason, advised_us) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (worker, product) DO UPDATE SET from_level = excluded.from_level, level = excluded.level,
                reason = excluded.reason, advised_us = excluded.advised_us
            """).execute(arguments: [worker, product, from, to, reason, time])
    }

    /// Every worker and product with a cycle (finished or abandoned) or a
    /// level change, sorted by worker and then product (byte order, as
    /// stored: ids that only look alike stay apart). One row per pair from
    /// `cycle_totals`, so the cost grows with the pairs, not the cycles.
    public func workerOverview() throws(JournalError) -> [WorkerProductRecord] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                WITH pairs AS (SELECT worker, product FROM cycle_totals UNION SELECT worker, product FROM levels)
                SELECT p.worker, p.product, l.level, l.set_us, t.cycles, t.last_done_us,
                       a.from_level, a.level, a.reason, a.advised_us
                FROM pairs p
                LEFT JOIN cycle_totals t ON t.worker = p.worker AND t.product = p.product
                LEFT JOIN levels l ON l.id = (SELECT m.id FROM levels m WHERE m.worker = p.worker AND m.product = p.product
                                              ORDER BY m.set_us DESC, m.id DESC LIMIT 1)
                LEFT JOIN level_advice a ON a.worker = p.worker AND a.product = p.product
                ORDER BY p.worker, p.product
                """)
            var records: [WorkerProductRecord] = []
            while let row = try rows.next() {
                let advised: Int? = row[7], adviceFrom: Int? = row[6], reason: String? = row[8], advisedAt: Int64? = row[9]
                var advice: StoredAdvice?
                if let advised, let adviceFrom, let reason, let advisedAt {
                    advice = StoredAdvice(from: adviceFrom, level: advised, reason: reason, at: advisedAt)
                }
                records.append(WorkerProductRecord(worker: row[0], product: row[1], level: row[2], levelSetAt: row[3],
                                                   cycles: row[4] ?? 0, lastCycleEnd: row[5], advice: advice))
            }
            return records
        }
    }
}
