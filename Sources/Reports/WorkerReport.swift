import Journal

/// A worker's skill report: one self-contained HTML file (no network, inline
/// SVG, printable on A4) with the learning curve, errors per step, the
/// productivity trend, help requests, the summary figures and the level
/// history. It holds only this worker's data.
public struct WorkerReport {
    /// The charts show one point per cycle for at most this many cycles:
    /// beyond, the learning curve of all cycles has this many points (each
    /// the mean of a run of consecutive cycles) and the per-cycle charts show
    /// the most recent this many, so that memory and file size stay bounded
    /// however long the worker's history is.
    public static let cycleLimit = 500
    /// At most this many steps in "Errors per step" (the most frequent ones).
    public static let stepLimit = 40
    /// At most this many level changes (the most recent ones).
    public static let levelLimit = 100

    public let worker: String
    public let filter: JournalExport.Filter
    /// Every finished cycle the filter selects.
    let cycleCount: Int
    /// The most recent `cycleLimit` of them, oldest first.
    let cycles: [CycleRow]
    /// When there are more: all of them as at most `cycleLimit` points.
    let overview: [CycleRow]
    let errorsPerStep: [(step: String, count: Int)]
    /// Steps beyond `stepLimit`: how many, with how many errors.
    let otherSteps: (steps: Int, errors: Int)
    let summaries: [SkillSummary]
    let levels: [Journal.LevelChange]
    let earlierLevels: Int

    /// One cycle, or in the overview a run of `span` consecutive cycles:
    /// mean times, summed errors and help, the level of the last one.
    struct CycleRow {
        var product: String
        var number: Int64
        var started: String
        var seconds: Double
        var norm: Double
        var level: Int
        var errors: Int
        var help: Int
        /// 1-based position of the (first) cycle among the selected ones.
        var ordinal = 0
        var span = 1
    }

    /// Reads the worker's finished cycles (and their errors) that `filter`
    /// selects, in one pass that keeps only what the report shows.
    public init(journal: Journal, worker: String, filter base: JournalExport.Filter) throws {
        var filter = base
        filter.worker = worker
        filter.includeAbandoned = false
        self.worker = worker
        self.filter = filter
        summaries = try SkillSummary.compute(journal: journal, filter: filter)
        let expected = summaries.reduce(0) { $0 + $1.cycles }
        let limit = Self.cycleLimit
        let bucketSize = expected > limit ? (expected + limit - 1) / limit : 0
        var recent: [CycleRow] = [], buckets: [CycleRow] = [], count = 0
        try JournalExport(journal: journal).forEachRow(.cycles, filter: filter) { values in
            guard var row = Self.cycle(values) else { return }
            count += 1
            row.ordinal = count
            if recent.count < limit { recent.append(row) } else { recent[(count - 1) % limit] = row }
            guard bucketSize > 0 else { return }
            if let last = buckets.last, last.span < bucketSize {
                buckets[buckets.count - 1] = Self.merge(last, row)
            } else {
                buckets.append(row)
            }
        }
        cycleCount = count
        cycles = count > limit ? Array(recent[(count % limit)...]) + recent[..<(count % limit)] : recent
        overview = count > limit ? buckets.map { bucket in
            var mean = bucket
            mean.seconds /= Double(bucket.span)
            mean.norm /= Double(bucket.span)
            return mean
        } : []
        let steps = try SkillSummary.errorsPerStep(journal: journal, filter: filter, limit: Self.stepLimit)
        errorsPerStep = steps.top.map { ("\($0.product) / \($0.step)", $0.count) }
        otherSteps = (steps.otherSteps, steps.otherErrors)
        let history = try journal.levelHistory(worker: worker, product: filter.product)
        levels = Array(history.suffix(Self.levelLimit))
        earlierLevels = history.count - levels.count
    }

    /// A row of the cycles export as a chart point.
    private static func cycle(_ row: [JournalExport.Value]) -> CycleRow? {
        guard case .text(let product) = row[1], case .integer(let number) = row[2], case .text(let started) = row[3],
              case .decimal(let duration) = row[5], case .integer(let level) = row[6], case .integer(let errors) = row[7],
              case .integer(let help) = row[8], case .decimal(let norm) = row[9] else { return nil }
        return CycleRow(product: product, number: number, started: started, seconds: Double(duration) ?? 0,
                        norm: Double(norm) ?? 0, level: Int(clamping: level), errors: Int(clamping: errors),
                        help: Int(clamping: help))
    }

    /// `run` extended by the next cycle: times summed (divided at the end), counts added without trapping.
    private static func merge(_ run: CycleRow, _ next: CycleRow) -> CycleRow {
        var merged = next
        merged.ordinal = run.ordinal
        merged.span = run.span + 1
        merged.seconds += run.seconds
        merged.norm += run.norm
        merged.errors = run.errors.addingReportingOverflow(next.errors).overflow ? Int.max : run.errors + next.errors
        merged.help = run.help.addingReportingOverflow(next.help).overflow ? Int.max : run.help + next.help
        return merged
    }

    // MARK: HTML

    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Skill report \(escape(worker))</title>
            <style>
            @page { size: A4; margin: 15mm; }
            body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #222; max-width: 180mm; margin: auto; }
            h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 8mm; page-break-after: avoid; }
            table { border-collapse: collapse; margin: 2mm 0; } td, th { border: 1px solid #bbb; padding: 1mm 2mm; text-align: right; }
            th { background: #eee; } td:first-child, th:first-child { text-align: left; }
            figure { margin: 0; page-break-inside: avoid; } svg { width: 100%; height: auto; }
            .note { color: #555; font-size: 9pt; }
            </style></head><body>
            <h1>Skill report — worker \(escape(worker))</h1>
            <p class="note">Pseudonymous worker id; this report holds only this worker's data. \(escape(scope))</p>
            """
        if cycles.isEmpty {
            page += "<p>No finished cycles in this period.</p>"
        } else {
            let recent = Series(points: cycles, first: cycleCount - cycles.count + 1, last: cycleCount)
            page += "<h2>Summary</h2>" + summaryTable()
            if overview.isEmpty {
                page += "<h2>Learning curve</h2>" + learningCurveFigure(recent)
            } else {
                let span = overview.map(\.span).max() ?? 1
                page += "<h2>Learning curve</h2><figure>\(learningCurve(Series(points: overview, first: 1, last: cycleCount)))"
                    + "<figcaption class=\"note\">Cycle time (s) of all \(cycleCount) cycles, each point the mean of \(span) "
                    + "consecutive cycles, the norm time dashed; background bands show the instruction level "
                    + "(1 full, 2 short, 3 minimal).</figcaption></figure>"
                page += "<p class=\"note earlier\">\(cycleCount - cycles.count) earlier cycles not listed: the charts below "
                    + "show the most recent \(cycles.count) cycles one by one (the summary, the learning curve above and "
                    + "the errors per step count all \(cycleCount)).</p>"
                page += "<h2>Learning curve of the most recent \(cycles.count) cycles</h2>" + learningCurveFigure(recent)
            }
            page += "<h2>Errors per step</h2><figure>\(errorsChart())\(otherStepsNote)</figure>"
            page += "<h2>Productivity trend</h2><figure>\(productivityChart(recent))<figcaption class=\"note\">Norm time / cycle time "
                + "per cycle; 1.0 is at norm; the line is the moving average of 5 cycles.</figcaption></figure>"
            page += "<h2>Help requests</h2><figure>\(helpChart(recent))</figure>"
        }
        page += "<h2>Level history</h2>" + levelTable()
        return page + "</body></html>\n"
    }

    private func learningCurveFigure(_ series: Series) -> String {
        "<figure>\(learningCurve(series))<figcaption class=\"note\">Cycle time per cycle (s), "
            + "the norm time dashed; background bands show the instruction level (1 full, 2 short, 3 minimal).</figcaption></figure>"
    }

    private var otherStepsNote: String {
        guard otherSteps.steps > 0 else { return "" }
        return "<figcaption class=\"note\">\(otherSteps.steps) other steps with \(otherSteps.errors) errors in all not listed.</figcaption>"
    }

    private var scope: String {
        var parts: [String] = []
        if let product = filter.product { parts.append("Product \(product).") }
        if let since = filter.since { parts.append("From \(UTCTime.format(since)).") }
        if let until = filter.until { parts.append("Until \(UTCTime.format(until)).") }
        return parts.joined(separator: " ")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private func number(_ value: Double, _ decimals: Int = 1) -> String {
        let scale = Double([1, 10, 100, 1000][min(3, decimals)])
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int(rounded)) : String(rounded)
    }

    private func summaryTable() -> String {
        var html = "<table><tr><th>Product</th><th>Cycles</th><th>Median (s)</th><th>p90 (s)</th><th>Norm (s)</th>"
            + "<th>Productivity</th><th>First-pass yield</th><th>Errors / 100</th><th>Help / 100</th><th>Level</th></tr>"
        for s in summaries {
            html += "<tr><td>\(escape(s.product))</td><td>\(s.cycles)</td><td>\(number(Double(s.median) / 1e6))</td>"
                + "<td>\(number(Double(s.p90) / 1e6))</td><td>\(number(Double(s.normTime) / 1e6))</td>"
                + "<td>\(number(s.productivity * 100, 0))%</td><td>\(number(s.firstPassYield * 100, 0))%</td>"
                + "<td>\(number(s.errorsPer100))</td><td>\(number(s.helpPer100))</td><td>\(s.level)</td></tr>"
        }
        return html + "</table>"
    }

    private func levelTable() -> String {
        guard !levels.isEmpty else { return "<p>No level set: level 1 (full instruction).</p>" }
        var html = earlierLevels == 0 ? "" : "<p class=\"note\">\(earlierLevels) earlier level changes not listed.</p>"
        html += "<table><tr><th>When (UTC)</th><th>Product</th><th>Level</th><th>Set by</th><th>Reason</th></tr>"
        for change in levels {
            html += "<tr><td>\(UTCTime.format(change.at))</td><td>\(escape(change.product))</td><td>\(change.level)</td>"
                + "<td>\(escape(change.by))</td><td>\(escape(change.reason ?? ""))</td></tr>"
        }
        return html + "</table>"
    }

    // MARK: SVG charts

    /// The points of a chart and the positions (1-based, among the selected
    /// cycles) of the first and last cycle they cover.
    struct Series {
        var points: [CycleRow]
        var first: Int
        var last: Int
    }

    private let width = 640.0, height = 220.0, left = 44.0, bottom = 24.0, top = 10.0, right = 10.0

    private func x(_ index: Int, _ series: Series) -> Double {
        let plot = width - left - right, count = series.points.count
        return count <= 1 ? left + plot / 2 : left + plot * Double(index) / Double(count - 1)
    }

    private func y(_ value: Double, max: Double) -> Double {
        let plot = height - top - bottom
        return top + plot * (1 - value / Swift.max(max, 1e-9))
    }

    private func frame(_ yMax: Double, unit: String, _ series: Series, _ content: String) -> String {
        var axis = ""
        for tick in 0...4 {
            let value = yMax * Double(tick) / 4
            let ty = y(value, max: yMax)
            axis += "<line x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(width - right)\" y2=\"\(ty)\" stroke=\"#ddd\"/>"
                + "<text x=\"\(left - 4)\" y=\"\(ty + 3)\" font-size=\"9\" text-anchor=\"end\">\(number(value))\(unit)</text>"
        }
        axis += "<text x=\"\(width - right)\" y=\"\(height - 6)\" font-size=\"9\" text-anchor=\"end\">cycle \(series.last)</text>"
            + "<text x=\"\(left)\" y=\"\(height - 6)\" font-size=\"9\">cycle \(series.first)</text>"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\(axis)\(content)</svg>"
    }

    /// A point's tooltip: the cycle, or the run of cycles it is the mean of.
    private func title(_ c: CycleRow) -> String {
        c.span == 1 ? "cycle \(c.number) (\(escape(c.product))): \(number(c.seconds)) s, \(c.errors) errors"
            : "cycles \(c.ordinal)–\(c.ordinal + c.span - 1): \(number(c.seconds)) s on average, \(c.errors) errors"
    }

    private func learningCurve(_ series: Series) -> String {
        let cycles = series.points
        let x = { (index: Int) in self.x(index, series) }
        let yMax = (cycles.map { Swift.max($0.seconds, $0.norm) }.max() ?? 1) * 1.1
        var content = ""
        let bandColors = [1: "#e3f2fd", 2: "#bbdefb", 3: "#90caf9"]
        var start = 0
        for index in cycles.indices where index == cycles.count - 1 || cycles[index + 1].level != cycles[start].level {
            let x0 = index == 0 && start == 0 && cycles.count == 1 ? left : (start == 0 ? left : (x(start - 1) + x(start)) / 2)
            let x1 = index == cycles.count - 1 ? width - right : (x(index) + x(index + 1)) / 2
            content += "<rect class=\"level-band\" x=\"\(x0)\" y=\"\(top)\" width=\"\(x1 - x0)\" height=\"\(height - top - bottom)\" "
                + "fill=\"\(bandColors[cycles[start].level] ?? "#eee")\"><title>level \(cycles[start].level)</title></rect>"
                + "<text x=\"\(x0 + 3)\" y=\"\(top + 10)\" font-size=\"9\" fill=\"#1565c0\">level \(cycles[start].level)</text>"
            start = index + 1
        }
        let norm = cycles.indices.map { "\(x($0)),\(y(cycles[$0].norm, max: yMax))" }.joined(separator: " ")
        content += "<polyline class=\"norm\" points=\"\(norm)\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"5 3\"/>"
        let curve = cycles.indices.map { "\(x($0)),\(y(cycles[$0].seconds, max: yMax))" }.joined(separator: " ")
        content += "<polyline class=\"cycle-time\" points=\"\(curve)\" fill=\"none\" stroke=\"#d84315\" stroke-width=\"2\"/>"
        for index in cycles.indices {
            let c = cycles[index]
            content += "<circle cx=\"\(x(index))\" cy=\"\(y(c.seconds, max: yMax))\" r=\"3\" fill=\"\(c.errors > 0 ? "#c62828" : "#d84315")\">"
                + "<title>\(title(c))</title></circle>"
        }
        return frame(yMax, unit: " s", series, content)
    }

    private func productivityChart(_ series: Series) -> String {
        let values = series.points.map { $0.seconds > 0 ? $0.norm / $0.seconds : 0 }
        let yMax = Swift.max(1.5, (values.max() ?? 1) * 1.1)
        var content = "<line x1=\"\(left)\" y1=\"\(y(1, max: yMax))\" x2=\"\(width - right)\" y2=\"\(y(1, max: yMax))\" stroke=\"#555\" stroke-dasharray=\"5 3\"/>"
        for index in values.indices {
            content += "<circle cx=\"\(x(index, series))\" cy=\"\(y(values[index], max: yMax))\" r=\"2.5\" fill=\"#2e7d32\"/>"
        }
        let average = values.indices.map { index -> String in
            let window = values[Swift.max(0, index - 4)...index]
            return "\(x(index, series)),\(y(window.reduce(0, +) / Double(window.count), max: yMax))"
        }.joined(separator: " ")
        content += "<polyline class=\"productivity\" points=\"\(average)\" fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2\"/>"
        return frame(yMax, unit: "", series, content)
    }

    private func helpChart(_ series: Series) -> String {
        let cycles = series.points
        let yMax = Double(Swift.max(1, cycles.map(\.help).max() ?? 1))
        let barWidth = Swift.max(2, (width - left - right) / Double(Swift.max(cycles.count, 1)) * 0.6)
        var content = ""
        for index in cycles.indices where cycles[index].help > 0 {
            let value = Double(cycles[index].help)
            content += "<rect class=\"help\" x=\"\(x(index, series) - barWidth / 2)\" y=\"\(y(value, max: yMax))\" width=\"\(barWidth)\" "
                + "height=\"\(y(0, max: yMax) - y(value, max: yMax))\" fill=\"#f9a825\"><title>cycle \(cycles[index].number): "
                + "\(cycles[index].help) help</title></rect>"
        }
        if cycles.allSatisfy({ $0.help == 0 }) {
            content += "<text x=\"\(width / 2)\" y=\"\(height / 2)\" font-size=\"11\" text-anchor=\"middle\">No help requests.</text>"
        }
        return frame(yMax, unit: "", series, content)
    }

    private func errorsChart() -> String {
        guard !errorsPerStep.isEmpty else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 40\"><text x=\"320\" y=\"24\" font-size=\"11\" "
                + "text-anchor=\"middle\">No errors.</text></svg>"
        }
        let rowHeight = 18.0, labelWidth = 220.0
        let chartHeight = rowHeight * Double(errorsPerStep.count) + 10
        let maxCount = Double(errorsPerStep.map(\.count).max() ?? 1)
        var content = ""
        for (index, entry) in errorsPerStep.enumerated() {
            let rowY = 5 + rowHeight * Double(index)
            let length = (width - labelWidth - 40) * Double(entry.count) / maxCount
            content += "<text x=\"\(labelWidth - 6)\" y=\"\(rowY + 12)\" font-size=\"10\" text-anchor=\"end\">\(escape(entry.step))</text>"
                + "<rect class=\"errors\" x=\"\(labelWidth)\" y=\"\(rowY + 2)\" width=\"\(length)\" height=\"\(rowHeight - 6)\" fill=\"#c62828\"/>"
                + "<text x=\"\(labelWidth + length + 4)\" y=\"\(rowY + 12)\" font-size=\"10\">\(entry.count)</text>"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 \(Int(chartHeight))\" role=\"img\">\(content)</svg>"
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
