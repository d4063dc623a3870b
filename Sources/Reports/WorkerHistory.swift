import Journal

/// What both report pages show of one worker, read from the journal in one
/// pass over the finished cycles the filter selects. Memory and page size
/// stay bounded however long the history is: at most `cycleLimit` points per
/// product, `productLimit` charted products, `stepLimit` steps and
/// `levelLimit` level changes; day totals are kept per local day worked.
public struct WorkerHistory {
    /// A product's learning curve has one point per cycle up to this many
    /// cycles; beyond, each point is the mean of a run of consecutive cycles.
    public static let cycleLimit = 500
    /// At most this many products get a learning curve (the most worked ones).
    public static let productLimit = 8
    /// At most this many steps in "Errors per step" (the most frequent ones).
    public static let stepLimit = 40
    /// At most this many level changes (the most recent ones).
    public static let levelLimit = 100

    public let worker: String
    public let filter: JournalExport.Filter
    /// Every finished cycle the filter selects.
    let cycleCount: Int
    /// Start of the first and the last of them (µs).
    let firstStart: Int64?
    let lastStart: Int64?
    /// Per product (by id), the export's summary figures.
    let summaries: [SkillSummary]
    /// The charted products, most cycles first (ties by id).
    let products: [ProductCurve]
    /// Local days with at least one cycle, in order, with totals per product.
    let days: [DayTotals]
    let errorsPerStep: [(step: String, count: Int)]
    /// Steps beyond `stepLimit`: how many, with how many errors.
    let otherSteps: (steps: Int, errors: Int)
    let levels: [Journal.LevelChange]
    let earlierLevels: Int

    /// One product's cycles as chart points.
    struct ProductCurve {
        var product: String
        var cycles: Int
        /// Oldest first; each a cycle or a run of `span` consecutive cycles.
        var points: [CyclePoint] = []
        /// Cycles per point (1 up to `cycleLimit` cycles).
        var span: Int
    }

    /// One cycle, or a run of `span` consecutive cycles of one product: mean
    /// times, summed errors and help, the level of the last one.
    struct CyclePoint {
        /// 1-based position of the (first) cycle among this product's selected cycles.
        var ordinal: Int
        var span = 1
        var started: Int64
        var seconds: Double
        var norm: Double
        var level: Int
        var errors: Int
        var help: Int
    }

    /// One product's totals on one local day.
    struct Totals {
        var cycles = 0
        var seconds = 0.0
        var norm = 0.0
        var errors = 0
        var help = 0

        mutating func add(_ other: Totals) {
            cycles = cycles.addingReportingOverflow(other.cycles).overflow ? Int.max : cycles + other.cycles
            seconds += other.seconds
            norm += other.norm
            errors = errors.addingReportingOverflow(other.errors).overflow ? Int.max : errors + other.errors
            help = help.addingReportingOverflow(other.help).overflow ? Int.max : help + other.help
        }

        /// Productivity of these cycles: the one definition of the export.
        var productivity: Double? { Productivity.ratio(normTime: norm, cycleTime: seconds) }
    }

    /// A local day (days since 1970-01-01 in the report's zone) and its totals per product id.
    struct DayTotals {
        var day: Int64
        var products: [String: Totals]

        var all: Totals { products.values.reduce(into: Totals()) { $0.add($1) } }
    }

    /// Reads the worker's finished cycles (and their errors) that `filter`
    /// selects; days are local days of `calendar`'s zone.
    init(journal: Journal, worker: String, filter base: JournalExport.Filter, calendar: LocalCalendar) throws {
        var filter = base
        filter.worker = worker
        filter.includeAbandoned = false
        self.worker = worker
        self.filter = filter
        summaries = try SkillSummary.compute(journal: journal, filter: filter)
        let charted = summaries.sorted { ($0.cycles, $1.product) > ($1.cycles, $0.product) }.prefix(Self.productLimit)
        var curves: [String: ProductCurve] = [:]
        for summary in charted {
            let limit = Self.cycleLimit
            curves[summary.product] = ProductCurve(product: summary.product, cycles: summary.cycles,
                                                   span: summary.cycles > limit ? (summary.cycles + limit - 1) / limit : 1)
        }
        var days: [Int64: [String: Totals]] = [:], count = 0, seen: [String: Int] = [:]
        var first: Int64?, last: Int64?
        try JournalExport(journal: journal).forEachRow(.cycles, filter: filter) { values in
            guard let point = Self.point(values), case .text(let product) = values[1] else { return }
            count += 1
            first = first ?? point.started
            last = point.started
            let day = calendar.day(point.started)
            days[day, default: [:]][product, default: Totals()].add(
                Totals(cycles: 1, seconds: point.seconds, norm: point.norm, errors: point.errors, help: point.help))
            guard var curve = curves[product] else { return }
            let ordinal = (seen[product] ?? 0) + 1
            seen[product] = ordinal
            if let run = curve.points.last, run.span < curve.span {
                curve.points[curve.points.count - 1] = Self.merge(run, point)
            } else {
                var point = point
                point.ordinal = ordinal
                curve.points.append(point)
            }
            curves[product] = curve
        }
        cycleCount = count
        firstStart = first
        lastStart = last
        products = charted.compactMap { curves[$0.product] }.map { curve in
            var curve = curve
            curve.points = curve.points.map { run in
                var mean = run
                mean.seconds /= Double(run.span)
                mean.norm /= Double(run.span)
                return mean
            }
            return curve
        }
        self.days = days.keys.sorted().map { DayTotals(day: $0, products: days[$0] ?? [:]) }
        let steps = try SkillSummary.errorsPerStep(journal: journal, filter: filter, limit: Self.stepLimit)
        errorsPerStep = steps.top.map { ("\($0.product) / \($0.step)", $0.count) }
        otherSteps = (steps.otherSteps, steps.otherErrors)
        let history = try journal.levelHistory(worker: worker, product: filter.product)
        levels = Array(history.suffix(Self.levelLimit))
        earlierLevels = history.count - levels.count
    }

    /// A row of the cycles export as a chart point (its start time read back
    /// from the export's ISO text: milliseconds are enough for a chart).
    private static func point(_ row: [JournalExport.Value]) -> CyclePoint? {
        guard case .text(let startText) = row[3], let started = UTCTime.parse(startText),
              case .decimal(let duration) = row[5], case .integer(let level) = row[6],
              case .integer(let errors) = row[7], case .integer(let help) = row[8], case .decimal(let norm) = row[9] else { return nil }
        return CyclePoint(ordinal: 0, started: started, seconds: Double(duration) ?? 0, norm: Double(norm) ?? 0,
                          level: Int(clamping: level), errors: Int(clamping: errors), help: Int(clamping: help))
    }

    /// `run` extended by the next cycle: times summed (divided at the end), counts added without trapping.
    private static func merge(_ run: CyclePoint, _ next: CyclePoint) -> CyclePoint {
        var merged = next
        merged.ordinal = run.ordinal
        merged.started = run.started
        merged.span = run.span + 1
        merged.seconds += run.seconds
        merged.norm += run.norm
        merged.errors = run.errors.addingReportingOverflow(next.errors).overflow ? Int.max : run.errors + next.errors
        merged.help = run.help.addingReportingOverflow(next.help).overflow ? Int.max : run.help + next.help
        return merged
    }
}

extension WorkerHistory {
    /// The per-day charts have at most this many bars or points.
    static let bucketLimit = 93

    /// Consecutive local days summed: days, or weeks, 4 weeks, 13 weeks, 52
    /// weeks (and multiples) where the days would not fit `bucketLimit`.
    struct Buckets {
        /// Days per bucket.
        var width: Int64
        /// The first day of the first bucket and the day after the last.
        var first: Int64
        var end: Int64
        /// Each bucket with cycles: its first day and totals per product.
        var buckets: [(start: Int64, products: [String: Totals])]
    }

    var buckets: Buckets? {
        guard let first = days.first?.day, let last = days.last?.day else { return nil }
        let span = last - first + 1
        let width = [1, 7, 28, 91, 364].first { (span + $0 - 1) / $0 <= Int64(Self.bucketLimit) }
            ?? ((span + 364 * Int64(Self.bucketLimit) - 1) / (364 * Int64(Self.bucketLimit))) * 364
        var result: [(start: Int64, products: [String: Totals])] = []
        for day in days {
            let start = first + (day.day - first) / width * width
            if result.last?.start != start { result.append((start, [:])) }
            for (product, totals) in day.products { result[result.count - 1].products[product, default: Totals()].add(totals) }
        }
        let end = first + (span + width - 1) / width * width
        return Buckets(width: width, first: first, end: end, buckets: result)
    }

    /// The period the page covers, in words: the asked-for bounds, else the
    /// first and last cycle's days. A bound at midnight UTC is a date as
    /// given on the command line (`--until` then names the day before: it is
    /// exclusive); another bound is a local date and time.
    func period(_ calendar: LocalCalendar) -> String {
        let text = calendar.text
        let day: Int64 = 86_400_000_000
        var from: String?, to: String?, inclusive = true
        if let since = filter.since {
            from = since % day == 0 ? calendar.date(day: since / day) : calendar.dateAndTime(since)
        } else if let firstStart {
            from = calendar.date(day: calendar.day(firstStart))
        }
        if let until = filter.until {
            if until % day == 0 {
                to = calendar.date(day: until / day - 1)
            } else {
                to = calendar.dateAndTime(until)
                inclusive = false
            }
        } else if let lastStart {
            to = calendar.date(day: calendar.day(lastStart))
        }
        guard let from, let to else { return from.map(text.periodFrom) ?? to.map(text.periodUntil) ?? text.noCycles }
        guard from != to || !inclusive else { return from }  // one day
        return inclusive ? text.periodThrough(from, to) : text.periodUntilTime(from, to)
    }
}
