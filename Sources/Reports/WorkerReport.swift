import Journal

/// A worker's skill report for the assessor and the worker's development
/// plan: one self-contained HTML page (inline SVG, no script, no network,
/// printable on A4) in Dutch or English. It shows the period it covers and
/// when it was made, a summary per product, one learning curve per product
/// with its norm line and level bands, productivity, errors and help per
/// day, errors per step, the level history, the definitions used and what
/// the report may be used for. It holds only this worker's data, named by
/// the pseudonymous id.
public struct WorkerReport {
    let history: WorkerHistory
    let settings: ReportSettings

    public init(journal: Journal, worker: String, filter: JournalExport.Filter, settings: ReportSettings) throws {
        history = try WorkerHistory(journal: journal, worker: worker, filter: filter, calendar: settings.calendar)
        self.settings = settings
    }

    /// Colours of the charted products, in `WorkerHistory.products` order.
    static let productColors = ["#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#c2185b", "#455a64"]
    static let bandColors = [1: "#e3f2fd", 2: "#c8e6c9", 3: "#fff9c4"]

    private var text: ReportText { settings.text }
    private var calendar: LocalCalendar { settings.calendar }

    public func html() -> String {
        let worker = escapeHTML(history.worker)
        var page = """
            <!DOCTYPE html>
            <html lang="\(settings.language.rawValue)"><head><meta charset="utf-8">
            <title>\(text.reportTitle) \(worker)</title>
            <style>\(Self.style)</style></head><body>
            <header><h1>\(text.reportTitle)</h1>
            <p class="who">\(text.workerLine(worker))</p>
            <p class="period">\(text.periodLabel): \(history.period(calendar))</p>
            <p class="made">\(text.madeOn(calendar.dateAndTime(settings.madeAt), escapeHTML(calendar.zoneName)))</p>
            """
        if let product = history.filter.product { page += "<p class=\"scope\">\(text.onlyProduct(escapeHTML(product)))</p>" }
        page += "</header>"
        if history.cycleCount == 0 {
            page += "<p class=\"empty\">\(text.noFinishedCycles)</p>"
        } else {
            page += "<section class=\"summary\"><h2>\(text.summaryHeading)</h2>\(summaryTable())</section>"
            for (index, curve) in history.products.enumerated() { page += learningCurve(curve, color: Self.productColors[index]) }
            let hidden = history.summaries.count - history.products.count
            if hidden > 0 { page += "<p class=\"note\">\(text.productsNotCharted(hidden))</p>" }
            if let buckets = history.buckets {
                page += productivityPerDay(buckets) + errorsAndHelpPerDay(buckets)
            }
            page += "<section class=\"steps\"><h2>\(text.errorsPerStepHeading)</h2><figure>\(errorsChart())\(otherStepsNote)</figure></section>"
        }
        page += "<section class=\"levels\"><h2>\(text.levelHistoryHeading)</h2>\(levelTable())</section>"
        page += "<section class=\"legend\"><h2>\(text.definitionsHeading)</h2><dl>"
            + text.definitions.map { "<dt>\($0.term)</dt><dd>\($0.meaning)</dd>" }.joined() + "</dl></section>"
        page += "<footer><p><strong>\(text.useHeading)</strong> \(text.use)</p>"
            + "<p><strong>\(text.privacyHeading)</strong> \(text.pseudonym(worker))</p>"
            + "<p><strong>\(text.sourceHeading)</strong> \(text.source)</p></footer>"
        return page + "</body></html>\n"
    }

    /// A4 with margins; a chart, table row or section heading never splits.
    public static let style = """
        @page { size: A4; margin: 12mm 14mm; }
        body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #222; margin: 0; }
        h1 { font-size: 15pt; margin: 0 0 1mm; } h2 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
        header p { margin: 0.5mm 0; }
        table { border-collapse: collapse; margin: 1mm 0; font-size: 8.5pt; }
        td, th { border: 1px solid #bbb; padding: 0.5mm 1.5mm; text-align: right; }
        th { background: #eee; } td:first-child, th:first-child { text-align: left; }
        tr, figure, section.curve, section.day, section.steps, section.legend, footer { break-inside: avoid; }
        figure { margin: 0; } svg { display: block; width: 182mm; height: auto; }
        svg text.axis-title { font-style: italic; } figcaption, .note { color: #555; font-size: 8pt; }
        .key svg { display: inline; width: 3mm; height: 3mm; vertical-align: middle; }
        dl { margin: 0; font-size: 8pt; } dt { font-weight: bold; float: left; margin-right: 1.5mm; } dd { margin: 0 0 0.5mm; }
        footer { margin-top: 3mm; border-top: 1px solid #999; font-size: 8pt; color: #333; } footer p { margin: 1mm 0; }
        """

    // MARK: Tables

    private func seconds(_ micros: Int64) -> String { text.number(Double(micros) / 1e6, decimals: 1) }

    private func summaryTable() -> String {
        let t = text
        var html = "<table><tr><th>\(t.product)</th><th>\(t.cycles)</th><th>\(t.median)</th><th>\(t.p90)</th><th>\(t.normTime)</th>"
            + "<th>\(t.productivity)</th><th>\(t.firstPassYield)</th><th>\(t.errorsPer100)</th><th>\(t.helpPer100)</th><th>\(t.level)</th></tr>"
        for s in history.summaries {
            html += "<tr><td>\(escapeHTML(s.product))</td><td>\(s.cycles)</td><td>\(seconds(s.median))</td><td>\(seconds(s.p90))</td>"
                + "<td>\(seconds(s.normTime))</td><td class=\"productivity\">\(t.productivityText(s.productivity))</td>"
                + "<td>\(t.number(s.firstPassYield * 100, decimals: 0)) %</td><td>\(t.number(s.errorsPer100, decimals: 1))</td>"
                + "<td>\(t.number(s.helpPer100, decimals: 1))</td><td>\(s.level)</td></tr>"
        }
        return html + "</table>"
    }

    private func levelTable() -> String {
        guard !history.levels.isEmpty else { return "<p>\(text.noLevelSet)</p>" }
        var html = history.earlierLevels == 0 ? "" : "<p class=\"note\">\(text.earlierLevelChanges(history.earlierLevels))</p>"
        html += "<table><tr><th>\(text.when)</th><th>\(text.product)</th><th>\(text.level)</th><th>\(text.setBy)</th><th>\(text.reason)</th></tr>"
        for change in history.levels {
            html += "<tr><td>\(calendar.dateAndTime(change.at))</td><td>\(escapeHTML(change.product))</td><td>\(change.level)</td>"
                + "<td>\(escapeHTML(change.by))</td><td>\(escapeHTML(change.reason ?? ""))</td></tr>"
        }
        return html + "</table>"
    }

    // MARK: Charts

    /// Cycle time over this product's cycles, the norm dashed, the level in force as background bands.
    private func learningCurve(_ curve: WorkerHistory.ProductCurve, color: String) -> String {
        let points = curve.points
        let top = (points.map { max($0.seconds, $0.norm) }.max() ?? 1) * 1.05
        var chart = SVGChart(x: .numbers(lower: 0, upper: Double(curve.cycles) + 0.5, maxTicks: 8, from: 1, wholeNumbers: true, title: text.cycleAxis, text: text),
                             y: .numbers(lower: 0, upper: top, title: text.cycleTimeAxis, text: text))
        chart.height = 190
        func start(_ p: WorkerHistory.CyclePoint) -> Double { Double(p.ordinal) - 0.5 }
        func end(_ p: WorkerHistory.CyclePoint) -> Double { Double(p.ordinal + p.span) - 0.5 }
        func middle(_ p: WorkerHistory.CyclePoint) -> Double { Double(p.ordinal) + Double(p.span - 1) / 2 }
        var content = ""
        var runStart = 0
        for index in points.indices where index == points.count - 1 || points[index + 1].level != points[runStart].level {
            let level = points[runStart].level
            let x0 = chart.px(start(points[runStart])), x1 = chart.px(end(points[index]))
            content += "<rect class=\"level-band\" x=\"\(x0)\" y=\"\(chart.top)\" width=\"\(SVGChart.rounded(x1 - x0))\" "
                + "height=\"\(chart.plotHeight)\" fill=\"\(Self.bandColors[level] ?? "#eee")\"><title>\(text.levelName(level))</title></rect>"
            if x1 - x0 > 60 {
                content += "<text class=\"level-label\" x=\"\(x0 + 3)\" y=\"\(chart.top + 11)\" fill=\"#555\">\(text.levelName(level))</text>"
            }
            runStart = index + 1
        }
        let norm = points.flatMap { [(chart.px(start($0)), chart.py($0.norm)), (chart.px(end($0)), chart.py($0.norm))] }
        content += SVGChart.polyline(norm, className: "norm", stroke: "#333", width: 1.5, dashed: true)
        content += SVGChart.polyline(points.map { (chart.px(middle($0)), chart.py($0.seconds)) }, className: "cycle-time",
                                     stroke: color, width: 1)
        for point in points {
            content += "<circle cx=\"\(chart.px(middle(point)))\" cy=\"\(chart.py(point.seconds))\" r=\"2\" "
                + "fill=\"\(point.errors > 0 ? "#c62828" : color)\"><title>\(pointTitle(point, curve.product))</title></circle>"
        }
        let product = escapeHTML(curve.product)
        let norm0 = history.summaries.first { $0.product == curve.product }.map { seconds($0.normTime) } ?? "?"
        var caption = text.curveCaption(product, norm0)
        if curve.span > 1 { caption += " " + text.runCaption(curve.span, curve.cycles) }
        return "<section class=\"curve\" data-product=\"\(product)\"><h2>\(text.learningCurveHeading(product))</h2><figure>"
            + chart.svg(content, label: text.learningCurveHeading(product), className: "learning-curve")
            + "<figcaption>\(caption)</figcaption></figure></section>"
    }

    /// A point's tooltip: the cycle, or the run of cycles it is the mean of.
    private func pointTitle(_ point: WorkerHistory.CyclePoint, _ product: String) -> String {
        let time = text.number(point.seconds, decimals: 1)
        return point.span == 1
            ? text.cycleTitle(point.ordinal, escapeHTML(product), time, point.errors, calendar.dateAndTime(point.started))
            : text.runTitle(point.ordinal, point.ordinal + point.span - 1, time, point.errors)
    }

    private func dayAxis(_ buckets: WorkerHistory.Buckets) -> ChartAxis {
        .days(first: buckets.first, end: buckets.end, title: text.dateAxis(calendar.zoneName), calendar: calendar)
    }

    private func key(_ color: String, _ label: String, dashed: Bool = false) -> String {
        let mark = dashed ? "<line x1=\"0\" y1=\"5\" x2=\"10\" y2=\"5\" stroke=\"\(color)\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>"
            : "<rect width=\"10\" height=\"10\" fill=\"\(color)\"/>"
        return "<span class=\"key\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\(mark)</svg> \(label)</span>"
    }

    /// Each charted product's productivity per day (or week): the export's definition over that day's cycles.
    private func productivityPerDay(_ buckets: WorkerHistory.Buckets) -> String {
        var values: [[(Double, Double)]] = history.products.map { _ in [] }
        var top = 1.2
        for bucket in buckets.buckets {
            for (index, curve) in history.products.enumerated() {
                guard let value = bucket.products[curve.product]?.productivity else { continue }
                values[index].append((Double(bucket.start) + Double(buckets.width) / 2, value))
                top = max(top, value * 1.05)
            }
        }
        var chart = SVGChart(x: dayAxis(buckets), y: .numbers(lower: 0, upper: top, title: text.productivityAxis, text: text))
        chart.height = 170
        var content = "<line class=\"norm\" x1=\"\(chart.left)\" y1=\"\(chart.py(1))\" x2=\"\(chart.width - chart.right)\" "
            + "y2=\"\(chart.py(1))\" stroke=\"#333\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
        for (index, series) in values.enumerated() {
            let color = Self.productColors[index]
            let points = series.map { (chart.px($0.0), chart.py($0.1)) }
            content += SVGChart.polyline(points, className: "productivity", stroke: color, width: 1.5)
            content += points.map { "<circle cx=\"\($0.0)\" cy=\"\($0.1)\" r=\"2\" fill=\"\(color)\"/>" }.joined()
        }
        let keys = history.products.enumerated().map { key(Self.productColors[$0.offset], escapeHTML($0.element.product)) }
            + [key("#333", text.normLine, dashed: true)]
        return "<section class=\"day\"><h2>\(text.productivityHeading(text.bucketName(buckets.width)))</h2><figure>"
            + chart.svg(content, label: text.productivityAxis, className: "productivity-per-day")
            + "<figcaption>\(keys.joined(separator: " ")) — \(text.productivityCaption)</figcaption></figure></section>"
    }

    /// Errors and help requests of all products per day (or week), side by side.
    private func errorsAndHelpPerDay(_ buckets: WorkerHistory.Buckets) -> String {
        let totals = buckets.buckets.map { ($0.start, $0.products.values.reduce(into: WorkerHistory.Totals()) { $0.add($1) }) }
        let top = Double(max(1, totals.map { max($0.1.errors, $0.1.help) }.max() ?? 1))
        var chart = SVGChart(x: dayAxis(buckets), y: .numbers(lower: 0, upper: top, maxTicks: 4, wholeNumbers: true, title: text.countAxis, text: text))
        chart.height = 150
        let slot = chart.plotWidth * Double(buckets.width) / max(1, chart.x.upper - chart.x.lower)
        let bar = SVGChart.rounded(max(1, min(14, slot * 0.35)))
        var content = ""
        for (start, total) in totals {
            let center = chart.px(Double(start) + Double(buckets.width) / 2)
            for (value, offset, color, className) in [(total.errors, -bar, "#c62828", "errors-bar"), (total.help, 0, "#f9a825", "help-bar")]
                where value > 0 {
                let y = chart.py(Double(value))
                content += "<rect class=\"\(className)\" x=\"\(SVGChart.rounded(center + offset))\" y=\"\(y)\" width=\"\(bar)\" "
                    + "height=\"\(SVGChart.rounded(chart.plotBottom - y))\" fill=\"\(color)\"><title>\(calendar.date(day: start)): \(value)</title></rect>"
            }
        }
        let keys = key("#c62828", text.errorsKey) + " " + key("#f9a825", text.helpKey)
        return "<section class=\"day\"><h2>\(text.errorsAndHelpHeading(text.bucketName(buckets.width)))</h2><figure>"
            + chart.svg(content, label: text.countAxis, className: "errors-help-per-day")
            + "<figcaption>\(keys)</figcaption></figure></section>"
    }

    private var otherStepsNote: String {
        guard history.otherSteps.steps > 0 else { return "" }
        return "<figcaption>\(text.otherSteps(history.otherSteps.steps, history.otherSteps.errors))</figcaption>"
    }

    private func errorsChart() -> String {
        let rows = history.errorsPerStep
        guard !rows.isEmpty else { return "<p>\(text.noErrors)</p>" }
        let rowHeight = 15.0, labelWidth = 230.0, width = 640.0
        let height = rowHeight * Double(rows.count) + 6
        let most = Double(rows.map(\.count).max() ?? 1)
        var content = ""
        for (index, entry) in rows.enumerated() {
            let rowY = 3 + rowHeight * Double(index)
            let length = SVGChart.rounded((width - labelWidth - 40) * Double(entry.count) / most)
            content += "<text x=\"\(labelWidth - 6)\" y=\"\(rowY + 11)\" text-anchor=\"end\">\(escapeHTML(entry.step))</text>"
                + "<rect class=\"errors\" x=\"\(labelWidth)\" y=\"\(rowY + 2)\" width=\"\(length)\" height=\"\(rowHeight - 4)\" fill=\"#c62828\"/>"
                + "<text x=\"\(labelWidth + length + 4)\" y=\"\(rowY + 11)\">\(entry.count)</text>"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 \(Int(height))\" font-size=\"10\" role=\"img\" "
            + "aria-label=\"\(text.errorsPerStepHeading)\">\(content)</svg>"
    }
}
