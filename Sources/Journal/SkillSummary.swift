import GRDB

/// The figures assessors use, per worker and product, from finished cycles.
///
/// - median and p90 cycle time: nearest-rank percentiles of the durations;
/// - productivity: `Productivity` (total norm time / total cycle time, 1.000 = at norm);
/// - first-pass yield: the share of cycles finished without errors;
/// - errors and help requests per 100 cycles;
/// - the level in force (1 when none was ever set).
public struct SkillSummary: Sendable, Equatable {
    public var worker: String
    public var product: String
    public var cycles: Int
    /// µs.
    public var median: Int64
    public var p90: Int64
    public var normTime: Int64
    public var productivity: Double
    public var firstPassYield: Double
    public var errorsPer100: Double
    public var helpPer100: Double
    public var level: Int

    public static let columns = ["worker", "product", "cycles", "median_s", "p90_s", "norm_time_s", "productivity",
                                 "first_pass_yield", "errors_per_100", "help_per_100", "level"]

    /// Nearest-rank percentile of sorted values (p in 0...100).
    public static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        return sorted[rank(of: p, count: sorted.count)]
    }

    /// Summaries of the cycles the filter selects, by worker and product.
    public static func compute(journal: Journal, filter: JournalExport.Filter) throws -> [SkillSummary] {
        var result: [SkillSummary] = []
        try forEach(journal: journal, filter: filter) { result.append($0) }
        return result
    }

    /// Calls `body` with the summary of each worker and product in turn.
    ///
    /// Memory does not grow with the journal: counts and sums come from one
    /// GROUP BY, and the two percentiles of a group from one pass over its
    /// durations in order (SQLite sorts, spilling to disk when large), keeping
    /// only the rank rows. The figures are those of `percentile` over the
    /// sorted durations, exactly.
    public static func forEach(journal: Journal, filter: JournalExport.Filter,
                               _ body: (SkillSummary) throws -> Void) throws {
        var finished = filter
        finished.includeAbandoned = false
        let (whereClause, arguments) = JournalExport.conditions(finished)
        let groupClause = (whereClause.isEmpty ? "WHERE " : whereClause + " AND ") + "c.worker = ? AND c.product = ?"
        try journal.readPassingThrough { db in
            // TOTAL: sums as doubles, so that figures from a journal never overflow however large.
            // The bare norm_time_us comes from the row of MIN(started_us): the group's first cycle.
            let groups = try Row.fetchCursor(db, sql: """
                SELECT c.worker, c.product, COUNT(*), TOTAL(c.norm_time_us), TOTAL(c.duration_us), TOTAL(c.errors),
                       TOTAL(c.help), TOTAL(c.errors = 0), MIN(c.started_us), c.norm_time_us,
                       (SELECT l.level FROM levels l WHERE l.worker = c.worker AND l.product = c.product
                        ORDER BY l.set_us DESC, l.id DESC LIMIT 1)
                FROM cycles c \(whereClause) GROUP BY c.worker, c.product ORDER BY c.worker, c.product
                """, arguments: StatementArguments(arguments))
            let durations = try db.makeStatement(sql: """
                SELECT COALESCE(c.duration_us, 0) AS d FROM cycles c \(groupClause) ORDER BY d
                """)
            while let row = try groups.next() {
                let worker: String = row[0], product: String = row[1], count: Int = row[2]
                let ranks = [50.0, 90.0].map { rank(of: $0, count: count) }  // p90's rank is the larger
                var picked: [Int: Int64] = [:]
                let ordered = try Int64.fetchCursor(durations, arguments: StatementArguments(arguments + [worker, product]))
                var index = 0
                while index <= ranks[1], let duration = try ordered.next() {
                    if ranks.contains(index) { picked[index] = duration }
                    index += 1
                }
                let n = Double(count), norm: Double = row[3], total: Double = row[4]
                let errors: Double = row[5], help: Double = row[6], clean: Double = row[7]
                try body(SkillSummary(
                    worker: worker, product: product, cycles: count, median: picked[ranks[0]] ?? 0,
                    p90: picked[ranks[1]] ?? 0, normTime: row[9],
                    productivity: Productivity.ratio(normTime: norm, cycleTime: total) ?? 0, firstPassYield: clean / n,
                    errorsPer100: errors * 100 / n, helpPer100: help * 100 / n, level: (row[10] as Int?) ?? 1))
            }
        }
    }

    /// Errors per product and step of the cycles the filter selects, the
    /// most frequent first (ties by product and step): the first `limit`,
    /// and how many other steps there are with how many errors. Counted in
    /// SQL, so that memory does not grow with the journal.
    public static func errorsPerStep(journal: Journal, filter: JournalExport.Filter, limit: Int) throws
        -> (top: [(product: String, step: String, count: Int)], otherSteps: Int, otherErrors: Int) {
        var finished = filter
        finished.includeAbandoned = false
        let (whereClause, arguments) = JournalExport.conditions(finished)
        return try journal.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.product, e.step, COUNT(*) AS n FROM errors e JOIN cycles c ON c.id = e.cycle_id \(whereClause)
                GROUP BY c.product, e.step ORDER BY n DESC, c.product || ' / ' || e.step
                """, arguments: StatementArguments(arguments))
            var top: [(product: String, step: String, count: Int)] = [], otherSteps = 0, otherErrors = 0
            while let row = try rows.next() {
                if top.count < limit {
                    top.append((row[0], row[1], row[2]))
                } else {
                    otherSteps += 1
                    let count: Int = row[2]
                    otherErrors = otherErrors.addingReportingOverflow(count).overflow ? Int.max : otherErrors + count
                }
            }
            return (top, otherSteps, otherErrors)
        }
    }

    /// The 0-based index of the nearest-rank percentile `p` among `count`
    /// sorted values (`percentile` reads the same element).
    static func rank(of p: Double, count: Int) -> Int {
        let rank = Int((p / 100 * Double(count)).rounded(.up))
        return min(count - 1, max(0, rank - 1))
    }

    public var values: [JournalExport.Value] {
        [.text(worker), .text(product), .integer(Int64(cycles)), JournalExport.seconds(median), JournalExport.seconds(p90),
         JournalExport.seconds(normTime), .decimal(Productivity.text(productivity)), .decimal(JournalExport.fixed3(firstPassYield)),
         .decimal(JournalExport.fixed3(errorsPer100)), .decimal(JournalExport.fixed3(helpPer100)), .integer(Int64(level))]
    }
}
