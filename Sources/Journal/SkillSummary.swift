import GRDB

/// The figures assessors use, per worker and product, from finished cycles.
///
/// - median and p90 cycle time: nearest-rank percentiles of the durations;
/// - productivity: total norm time / total cycle time (1.000 = at norm);
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
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// Summaries of the cycles the filter selects, by worker and product.
    public static func compute(journal: Journal, filter: JournalExport.Filter) throws -> [SkillSummary] {
        var finished = filter
        finished.includeAbandoned = false
        let (whereClause, arguments) = JournalExport.conditions(finished)
        let rows = try journal.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.worker, c.product, c.duration_us, c.norm_time_us, c.errors, c.help
                FROM cycles c \(whereClause) ORDER BY c.worker, c.product, c.started_us
                """, arguments: StatementArguments(arguments))
        }
        var groups: [(key: String, rows: [Row])] = []
        for row in rows {
            let key = (row[0] as String) + "\u{1F}" + (row[1] as String)
            if groups.last?.key == key { groups[groups.count - 1].rows.append(row) } else { groups.append((key, [row])) }
        }
        return try groups.map { _, rows in
            let worker: String = rows[0][0], product: String = rows[0][1]
            let durations = rows.map { $0[2] as Int64 }.sorted()
            // Sums as doubles: figures from a journal must not trap however large.
            let norm = rows.reduce(0.0) { $0 + Double($1[3] as Int64) }
            let total = durations.reduce(0.0) { $0 + Double($1) }
            let errors = rows.reduce(0.0) { $0 + Double($1[4] as Int64) }, help = rows.reduce(0.0) { $0 + Double($1[5] as Int64) }
            let clean = rows.filter { ($0[4] as Int) == 0 }.count
            let n = Double(rows.count)
            return SkillSummary(
                worker: worker, product: product, cycles: rows.count, median: percentile(durations, 50),
                p90: percentile(durations, 90), normTime: rows[0][3],
                productivity: total > 0 ? norm / total : 0, firstPassYield: Double(clean) / n,
                errorsPer100: errors * 100 / n, helpPer100: help * 100 / n,
                level: try journal.currentLevel(worker: worker, product: product) ?? 1)
        }
    }

    public var values: [JournalExport.Value] {
        [.text(worker), .text(product), .integer(Int64(cycles)), JournalExport.seconds(median), JournalExport.seconds(p90),
         JournalExport.seconds(normTime), .decimal(JournalExport.fixed3(productivity)), .decimal(JournalExport.fixed3(firstPassYield)),
         .decimal(JournalExport.fixed3(errorsPer100)), .decimal(JournalExport.fixed3(helpPer100)), .integer(Int64(level))]
    }
}
