import Journal

/// An axis of a chart: the range it spans, its ticks with their labels and
/// its title (naming the unit). Ticks are readable: numbers in steps of 1, 2
/// or 5 times a power of ten, dates at whole days, Mondays or months.
struct ChartAxis {
    var lower: Double
    var upper: Double
    var ticks: [(value: Double, label: String)]
    var title: String

    /// Where `value` lies between `lower` (0) and `upper` (1).
    func fraction(_ value: Double) -> Double {
        upper > lower ? (value - lower) / (upper - lower) : 0.5
    }

    /// The step of at most `maxTicks` intervals over `span`: 1, 2 or 5 × 10^k.
    static func niceStep(span: Double, maxTicks: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(1, maxTicks))
        var power = 1.0
        while power * 10 <= raw && power < 1e300 { power *= 10 }
        while power > raw && power > 1e-9 { power /= 10 }
        for factor in [1.0, 2, 5, 10] where power * factor >= raw { return power * factor }
        return power * 10
    }

    /// A number axis from `lower` (rounded down to a step) to at least `upper`
    /// (rounded up), at most `maxTicks` intervals. `from` skips ticks below
    /// it (the cycle axis starts at cycle 1, not 0); `wholeNumbers` keeps
    /// steps of at least 1 (cycles and counts).
    static func numbers(lower: Double, upper: Double, maxTicks: Int = 5, from: Double? = nil, wholeNumbers: Bool = false,
                        title: String, text: ReportText) -> ChartAxis {
        let lower = lower.isFinite ? lower : 0
        let upper = upper.isFinite && upper > lower ? upper : lower + 1
        let nice = niceStep(span: upper - lower, maxTicks: maxTicks)
        let step = wholeNumbers ? max(1, nice) : nice
        let first = (lower / step).rounded(.down), last = (upper / step).rounded(.up)
        var decimals = 0, scaled = step
        while scaled < 1 - 1e-9 && decimals < 3 { scaled *= 10; decimals += 1 }
        var ticks: [(Double, String)] = []
        var index = first
        while index <= last && ticks.count <= maxTicks + 2 {
            let value = index * step
            if value >= (from ?? -Double.infinity) { ticks.append((value, text.number(value, decimals: decimals))) }
            index += 1
        }
        return ChartAxis(lower: first * step, upper: last * step, ticks: ticks, title: title)
    }

    /// A time axis over local days `first` ..< `end` (day numbers): a value
    /// is a day number, its fraction the time of day. Ticks at every day,
    /// every other day, each Monday, every other Monday, or the first of
    /// every 1, 2, 3, 6 or 12 months, whichever gives at most `maxTicks`.
    static func days(first: Int64, end: Int64, maxTicks: Int = 7, title: String, calendar: LocalCalendar) -> ChartAxis {
        let end = max(end, first + 1)
        let span = end - first
        var ticks: [(Double, String)] = []
        let crossesYear = UTCTime.civil(fromDays: first).0 != UTCTime.civil(fromDays: end - 1).0
        if let step = [1, 2, 7, 14].first(where: { span / Int64($0) <= Int64(maxTicks) }) {
            var day = first
            if step >= 7 { while !LocalCalendar.isMonday(day) { day += 1 } }
            while day < end {
                ticks.append((Double(day), calendar.shortDate(day: day, withYear: crossesYear)))
                day += Int64(step)
            }
        } else {
            let months = span / 30
            let step = [1, 2, 3, 6, 12].first { months / Int64($0) <= Int64(maxTicks) } ?? Int64(months / Int64(maxTicks) / 12 + 1) * 12
            var (year, month, _) = UTCTime.civil(fromDays: first)
            month += 1  // the first 1st after `first`
            if month > 12 { month = 1; year += 1 }
            while ticks.count <= maxTicks + 1 {
                let day = UTCTime.days(fromCivil: year, month, 1)
                guard day < end else { break }
                if (month - 1) % min(step, 12) == 0 && (step <= 12 || year % (step / 12) == 0) {
                    ticks.append((Double(day), calendar.month(day: day)))
                }
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
        }
        return ChartAxis(lower: Double(first), upper: Double(end), ticks: ticks, title: title)
    }
}
