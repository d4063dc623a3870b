import JSONLines
import Journal

/// The workers overview as the console's `GET /api/workers` and `oss
/// workers` give it: per worker and product the level in force, the
/// finished cycles, when the last one ended, and the station's level advice
/// while it still stands. Reading it writes nothing and needs no audit row,
/// like `oss level show`: it stays inside the journal's users.
public enum Workers {
    /// One product of a worker in the contract's shape, plus `adviceReason`.
    public struct Product: Sendable, Equatable {
        public var product: String
        /// The level in force: the newest change, else 1 (docs/levels.md).
        public var level: Int
        /// Finished cycles; abandoned ones do not count.
        public var cycles: Int
        /// The end of the newest finished cycle, ISO 8601 UTC with
        /// milliseconds as every API time; nil when there is none.
        public var lastCycleAt: String?
        /// The level advised, when the advice still stands (`standing`).
        public var advice: Int?
        /// Why, with `advice`; nil when `advice` is.
        public var adviceReason: String?

        public init(_ record: WorkerProductRecord) {
            product = record.product
            level = record.level ?? 1
            cycles = record.cycles
            lastCycleAt = record.lastCycleEnd.map(UTCTime.format)
            let advice = Workers.standing(record.advice, level: level, levelSetAt: record.levelSetAt)
            self.advice = advice?.level
            adviceReason = advice?.reason
        }

        /// `{"product": ..., "level": ..., "cycles": ..., "last_cycle_at": ... or null,
        /// "advice": ... or null, "advice_reason": ... or null}`.
        var json: JSONLineBuilder {
            var object = JSONLineBuilder()
            object.add("product", string: product)
            object.add("level", int: level)
            object.add("cycles", int: cycles)
            if let lastCycleAt { object.add("last_cycle_at", string: lastCycleAt) } else { object.addNull("last_cycle_at") }
            if let advice { object.add("advice", int: advice) } else { object.addNull("advice") }
            if let adviceReason { object.add("advice_reason", string: adviceReason) } else { object.addNull("advice_reason") }
            return object
        }
    }

    /// One worker with its products, sorted by product id.
    public struct Row: Sendable, Equatable {
        public var worker: String
        public var products: [Product]

        /// `{"worker": ..., "products": [...]}`, with `<`, `>` and `&` escaped
        /// (`JSONLineBuilder.htmlSafe`): worker ids are whatever a badge held.
        public var json: String {
            var object = JSONLineBuilder()
            object.add("worker", string: worker)
            object.add("products", objects: products.map(\.json))
            return JSONLineBuilder.htmlSafe(object.line)
        }
    }

    /// Every worker with a cycle or a level change, sorted by id, each with
    /// the products it has one of. Costs one row per worker and product,
    /// however many cycles the journal holds.
    public static func overview(journal: Journal) throws(OperationError) -> [Row] {
        rows(try journal.answer { () throws(JournalError) in try journal.workerOverview() })
    }

    /// `records`, sorted by worker and product, as rows: one per worker.
    public static func rows(_ records: [WorkerProductRecord]) -> [Row] {
        var rows: [Row] = []
        for record in records {
            // Byte equality, as the journal sorted them: ids that only look alike are different workers.
            if let last = rows.last, last.worker.utf8.elementsEqual(record.worker.utf8) {
                rows[rows.count - 1].products.append(Product(record))
            } else {
                rows.append(Row(worker: record.worker, products: [Product(record)]))
            }
        }
        return rows
    }

    /// The advice worth showing a supervisor, or nil: when there is none,
    /// when a level change came after it (the supervisor decided), when it
    /// was worked out at another level than the one in force, or when it
    /// advises the level in force.
    public static func standing(_ advice: StoredAdvice?, level: Int, levelSetAt: Int64?) -> StoredAdvice? {
        guard let advice, advice.level != level, advice.from == level else { return nil }
        if let levelSetAt, levelSetAt > advice.at { return nil }
        return advice
    }

    /// The rows as one JSON array, one worker per line.
    public static func json(_ rows: [Row]) -> String {
        rows.isEmpty ? "[]" : "[\n" + rows.map(\.json).joined(separator: ",\n") + "\n]"
    }
}
