import Journal

/// The worker's own page (`oss report --for-worker`): one A4 page in large
/// type and simple words, with pictures, about the worker's own progress
/// over time — faster, pieces per day, fewer mistakes. Never a comparison
/// with others, never a norm or a percentage of one.
public struct WorkerPage {
    let history: WorkerHistory
    let settings: ReportSettings

    /// At most this many products on the page (the most made ones).
    public static let productLimit = 3

    public init(journal: Journal, worker: String, filter: JournalExport.Filter, settings: ReportSettings) throws {
        history = try WorkerHistory(journal: journal, worker: worker, filter: filter, calendar: settings.calendar)
        self.settings = settings
    }

    private var text: ReportText { settings.text }
    private var calendar: LocalCalendar { settings.calendar }
    private var products: ArraySlice<WorkerHistory.ProductCurve> { history.products.prefix(Self.productLimit) }

    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="\(settings.language.rawValue)"><head><meta charset="utf-8">
            <title>\(text.workerTitle)</title>
            <style>\(Self.style)</style></head><body>
            <header><h1>\(Icons.star) \(text.workerTitle)</h1>
            <p class="period">\(history.period(calendar))</p></header>
            """
        if history.cycleCount == 0 {
            page += "<p class=\"tile\">\(text.workerNothingYet)</p>"
        } else {
            page += "<div class=\"tiles\">\(speedTile())\(piecesTile())\(mistakesTile())</div>"
            if let buckets = history.buckets {
                page += piecesChart(buckets) + speedChart(buckets)
            }
        }
        page += "<footer>\(text.workerFooter(calendar.date(day: calendar.day(settings.madeAt))))</footer>"
        return page + "</body></html>\n"
    }

    /// One A4 page: large type, no size in percent (the page has no '%').
    static let style = """
        @page { size: A4; margin: 14mm; }
        body { font-family: "DejaVu Sans", sans-serif; font-size: 15pt; line-height: 1.3; color: #111; margin: 0; }
        h1 { font-size: 26pt; margin: 0 0 2mm; } h2 { font-size: 16pt; margin: 4mm 0 1mm; break-after: avoid; }
        h1 svg { width: 12mm; height: 12mm; vertical-align: -2mm; }
        .period { font-size: 14pt; margin: 0 0 3mm; }
        .tiles { display: flex; gap: 4mm; break-inside: avoid; }
        .tile { flex: 1; border: 0.6mm solid #999; border-radius: 4mm; padding: 3mm; break-inside: avoid; }
        .tile svg { width: 16mm; height: 16mm; display: block; margin-bottom: 1mm; }
        .tile { overflow-wrap: anywhere; }
        .tile strong { display: block; font-size: 17pt; } .tile p { margin: 1mm 0 0; font-size: 13pt; }
        figure { margin: 0; break-inside: avoid; } figure svg { display: block; width: 182mm; height: auto; }
        .key svg { display: inline; width: 5mm; height: 5mm; vertical-align: middle; }
        figcaption { font-size: 13pt; }
        footer { margin-top: 4mm; font-size: 13pt; border-top: 0.4mm solid #999; padding-top: 2mm; break-inside: avoid; }
        """

    // MARK: Tiles

    /// The worker's days in a first and a last part (a third each, at least
    /// one day) for "first ... now"; nil with fewer than two days.
    private var parts: (first: Set<Int64>, last: Set<Int64>)? {
        let days = history.days.map(\.day)
        guard days.count >= 2 else { return nil }
        let size = max(1, days.count / 3)
        return (Set(days.prefix(size)), Set(days.suffix(size)))
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private func wholeSeconds(_ value: Double) -> Double { value.isFinite ? value.rounded() : 0 }

    /// The speed tile names at most this many products (the most made); the chart shows all of `productLimit`.
    static let speedTileProducts = 2

    private func speedTile() -> String {
        var lines: [String] = [], faster = 0, slower = 0
        for curve in products.prefix(Self.speedTileProducts) {
            let product = escapeHTML(curve.product)
            let days = curve.points.map { calendar.day($0.started) }
            guard let parts,
                  let first = Self.median(zip(curve.points, days).filter { parts.first.contains($0.1) }.map(\.0.seconds)),
                  let last = Self.median(zip(curve.points, days).filter { parts.last.contains($0.1) }.map(\.0.seconds)) else {
                let now = Self.median(curve.points.map(\.seconds)) ?? 0
                lines.append(text.workerSecondsNow(product, text.number(wholeSeconds(now), decimals: 0)))
                continue
            }
            let (a, b) = (wholeSeconds(first), wholeSeconds(last))
            if b < a { faster += 1 } else if b > a { slower += 1 }
            lines.append(text.workerSecondsFirstNow(product, text.number(a, decimals: 0), text.number(b, decimals: 0)))
        }
        let title = faster > 0 && slower == 0 ? text.workerFaster : slower > 0 && faster == 0 ? text.workerSlower : text.workerSpeed
        return "<div class=\"tile speed\">\(Icons.stopwatch)<strong>\(title)</strong>"
            + lines.map { "<p>\($0)</p>" }.joined() + "</div>"
    }

    private func piecesTile() -> String {
        let days = max(1, history.days.count)
        let perDay = text.number((Double(history.cycleCount) / Double(days)).rounded(), decimals: 0)
        return "<div class=\"tile pieces\">\(Icons.boxes)<strong>\(text.workerPieces(history.cycleCount))</strong>"
            + "<p>\(text.workerPiecesPerDay(perDay, history.days.count))</p></div>"
    }

    private func mistakesTile() -> String {
        let total = history.days.reduce(0) { $0 + Double($1.all.errors) }
        guard total > 0 else {
            return "<div class=\"tile mistakes\">\(Icons.check)<strong>\(text.workerNoMistakes)</strong></div>"
        }
        func perDay(_ days: Set<Int64>) -> Double {
            let chosen = history.days.filter { days.contains($0.day) }
            return chosen.reduce(0) { $0 + Double($1.all.errors) } / Double(max(1, chosen.count))
        }
        /// Whole numbers; below 1 one decimal, so that "0,3" does not read as none.
        func simple(_ value: Double) -> String { text.number(value, decimals: value < 1 && value > 0 ? 1 : 0) }
        guard let parts else {
            return "<div class=\"tile mistakes\">\(Icons.check)<strong>\(text.workerMistakesTitle)</strong>"
                + "<p>\(text.workerMistakesNow(text.number(total, decimals: 0)))</p></div>"
        }
        let (first, last) = (perDay(parts.first), perDay(parts.last))
        let title = simple(last) != simple(first) && last < first ? text.workerFewerMistakes : text.workerMistakesTitle
        return "<div class=\"tile mistakes\">\(Icons.check)<strong>\(title)</strong>"
            + "<p>\(text.workerMistakesFirstNow(simple(first), simple(last)))</p></div>"
    }

    // MARK: Charts

    private func dayAxis(_ buckets: WorkerHistory.Buckets) -> ChartAxis {
        .days(first: buckets.first, end: buckets.end, maxTicks: 5, title: "", calendar: calendar)
    }

    private func styled(_ chart: inout SVGChart) {
        chart.fontSize = 16
        chart.left = 60
        chart.top = 14
        chart.bottom = 30
        chart.height = 180
    }

    /// Pieces made per day (or week), as bars.
    private func piecesChart(_ buckets: WorkerHistory.Buckets) -> String {
        let totals = buckets.buckets.map { ($0.start, $0.products.values.reduce(0) { $0 + $1.cycles }) }
        let top = Double(max(1, totals.map(\.1).max() ?? 1))
        var chart = SVGChart(x: dayAxis(buckets), y: .numbers(lower: 0, upper: top, maxTicks: 4, wholeNumbers: true, title: "", text: text))
        styled(&chart)
        let slot = chart.plotWidth * Double(buckets.width) / max(1, chart.x.upper - chart.x.lower)
        let bar = SVGChart.rounded(max(2, min(24, slot * 0.7)))
        var content = ""
        for (start, count) in totals where count > 0 {
            let y = chart.py(Double(count))
            let x = SVGChart.rounded(chart.px(Double(start) + Double(buckets.width) / 2) - bar / 2)
            content += "<rect class=\"pieces-bar\" x=\"\(x)\" y=\"\(y)\" width=\"\(bar)\" height=\"\(SVGChart.rounded(chart.plotBottom - y))\" "
                + "fill=\"#2e7d32\"><title>\(calendar.date(day: start)): \(count)</title></rect>"
        }
        return "<figure><h2>\(text.workerPiecesChart(text.workerBucketName(buckets.width)))</h2>"
            + chart.svg(content, label: text.workerPiecesChart(text.workerBucketName(buckets.width)), className: "pieces-per-day")
            + "</figure>"
    }

    /// Seconds per piece per day (or week), a line per product: the worker's own times only.
    private func speedChart(_ buckets: WorkerHistory.Buckets) -> String {
        var series: [[(Double, Double)]] = products.map { _ in [] }
        var top = 1.0
        for bucket in buckets.buckets {
            for (index, curve) in products.enumerated() {
                guard let totals = bucket.products[curve.product], totals.cycles > 0 else { continue }
                let seconds = totals.seconds / Double(totals.cycles)
                series[index].append((Double(bucket.start) + Double(buckets.width) / 2, seconds))
                top = max(top, seconds * 1.05)
            }
        }
        var chart = SVGChart(x: dayAxis(buckets), y: .numbers(lower: 0, upper: top, maxTicks: 4, title: "", text: text))
        styled(&chart)
        var content = "", keys: [String] = []
        for (index, points) in series.enumerated() {
            let color = WorkerReport.productColors[index]
            let drawn = points.map { (chart.px($0.0), chart.py($0.1)) }
            content += SVGChart.polyline(drawn, className: "speed", stroke: color, width: 3)
                + drawn.map { "<circle cx=\"\($0.0)\" cy=\"\($0.1)\" r=\"4\" fill=\"\(color)\"/>" }.joined()
            keys.append("<span class=\"key\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" "
                        + "height=\"10\" fill=\"\(color)\"/></svg> \(escapeHTML(products[products.startIndex + index].product))</span>")
        }
        return "<figure><h2>\(text.workerSpeedChart)</h2>"
            + chart.svg(content, label: text.workerSpeedChart, className: "seconds-per-piece")
            + "<figcaption>\(keys.joined(separator: " ")) — \(text.workerSpeedCaption)</figcaption></figure>"
    }
}

/// Small pictures for the worker's page, inline SVG.
enum Icons {
    static let stopwatch = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="27" r="17" fill="#e3f2fd" \
        stroke="#1565c0" stroke-width="3"/><rect x="20" y="3" width="8" height="5" fill="#1565c0"/><path d="M24 27 L24 15" \
        stroke="#1565c0" stroke-width="3" stroke-linecap="round"/><path d="M24 27 L32 31" stroke="#1565c0" stroke-width="3" \
        stroke-linecap="round"/></svg>
        """
    static let boxes = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" aria-hidden="true"><rect x="4" y="24" width="18" height="18" \
        fill="#c8e6c9" stroke="#2e7d32" stroke-width="3"/><rect x="26" y="24" width="18" height="18" fill="#c8e6c9" stroke="#2e7d32" \
        stroke-width="3"/><rect x="15" y="5" width="18" height="18" fill="#c8e6c9" stroke="#2e7d32" stroke-width="3"/></svg>
        """
    static let check = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="20" fill="#fff9c4" \
        stroke="#f9a825" stroke-width="3"/><path d="M14 25 L21 32 L35 17" fill="none" stroke="#2e7d32" stroke-width="5" \
        stroke-linecap="round" stroke-linejoin="round"/></svg>
        """
    static let star = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" aria-hidden="true"><path d="M24 4 L30 18 L45 19 L33 29 L37 44 \
        L24 36 L11 44 L15 29 L3 19 L18 18 Z" fill="#ffd54f" stroke="#f57f17" stroke-width="2" stroke-linejoin="round"/></svg>
        """
}
