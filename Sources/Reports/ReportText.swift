import Journal

/// Every fixed text of the report pages in one language: one table per
/// language (`dutch`, `english`), so that no word of another language is
/// left in a page. Parameters are already escaped HTML.
struct ReportText: Sendable {
    // Numbers and dates
    var decimalMark: String
    var months: [String]
    var shortMonths: [String]
    var dateAndTime: @Sendable (_ date: String, _ time: String) -> String

    // Header
    var reportTitle: String
    var workerLine: @Sendable (_ worker: String) -> String
    var periodLabel: String
    var periodThrough: @Sendable (_ from: String, _ to: String) -> String
    var periodUntilTime: @Sendable (_ from: String, _ until: String) -> String
    var periodFrom: @Sendable (_ from: String) -> String
    var periodUntil: @Sendable (_ to: String) -> String
    var noCycles: String
    var madeOn: @Sendable (_ dateAndTime: String, _ zone: String) -> String
    var onlyProduct: @Sendable (_ product: String) -> String
    var noFinishedCycles: String

    // Summary and level tables
    var summaryHeading: String
    var product: String
    var cycles: String
    var median: String
    var p90: String
    var normTime: String
    var productivity: String
    var firstPassYield: String
    var errorsPer100: String
    var helpPer100: String
    var level: String
    var levelHistoryHeading: String
    var when: String
    var setBy: String
    var reason: String
    var noLevelSet: String
    var earlierLevelChanges: @Sendable (Int) -> String

    // Charts
    var learningCurveHeading: @Sendable (_ product: String) -> String
    var cycleAxis: String
    var cycleTimeAxis: String
    var levelName: @Sendable (Int) -> String
    var curveCaption: @Sendable (_ product: String, _ norm: String) -> String
    var runCaption: @Sendable (_ span: Int, _ cycles: Int) -> String
    var cycleTitle: @Sendable (_ cycle: Int, _ product: String, _ seconds: String, _ errors: Int, _ when: String) -> String
    var runTitle: @Sendable (_ first: Int, _ last: Int, _ seconds: String, _ errors: Int) -> String
    var productsNotCharted: @Sendable (Int) -> String
    var dateAxis: @Sendable (_ zone: String) -> String
    var bucketName: @Sendable (_ days: Int64) -> String
    var productivityHeading: @Sendable (_ bucket: String) -> String
    var productivityAxis: String
    var normLine: String
    var productivityCaption: String
    var errorsAndHelpHeading: @Sendable (_ bucket: String) -> String
    var countAxis: String
    var errorsKey: String
    var helpKey: String
    var errorsPerStepHeading: String
    var otherSteps: @Sendable (_ steps: Int, _ errors: Int) -> String
    var noErrors: String

    // Definitions and footer
    var definitionsHeading: String
    var definitions: [(term: String, meaning: String)]
    var useHeading: String
    var use: String
    var privacyHeading: String
    var pseudonym: @Sendable (_ worker: String) -> String
    var sourceHeading: String
    var source: String

    // The worker's own page
    var workerTitle: String
    var workerNothingYet: String
    var workerFaster: String
    var workerSlower: String
    var workerSpeed: String
    var workerSecondsFirstNow: @Sendable (_ product: String, _ first: String, _ now: String) -> String
    var workerSecondsNow: @Sendable (_ product: String, _ now: String) -> String
    var workerPieces: @Sendable (Int) -> String
    var workerPiecesPerDay: @Sendable (_ perDay: String, _ days: Int) -> String
    var workerNoMistakes: String
    var workerFewerMistakes: String
    var workerMistakesTitle: String
    var workerMistakesFirstNow: @Sendable (_ first: String, _ now: String) -> String
    var workerMistakesNow: @Sendable (_ total: String) -> String
    var workerBucketName: @Sendable (_ days: Int64) -> String
    var workerPiecesChart: @Sendable (_ bucket: String) -> String
    var workerSpeedChart: String
    var workerSpeedCaption: String
    var workerFooter: @Sendable (_ date: String) -> String

    /// `value` with `decimals` decimals and this language's decimal mark,
    /// rounded half away from zero; any finite value, however large, without
    /// trapping (beyond 10^15 in exponent form).
    func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "?" }
        guard abs(value) < 1e15 else { return "\(value)".replacingOccurrences(of: ".", with: decimalMark) }
        var scale: Int64 = 1
        for _ in 0..<max(0, min(decimals, 3)) { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = String(scaled / scale)
        guard scale > 1 else { return sign + whole }
        let fraction = String(scaled % scale)
        return sign + whole + decimalMark + String(repeating: "0", count: String(scale).count - 1 - fraction.count) + fraction
    }

    /// Productivity as in the export (`Productivity.text`, 3 decimals), with this language's decimal mark.
    func productivityText(_ ratio: Double) -> String {
        Productivity.text(ratio).replacingOccurrences(of: ".", with: decimalMark)
    }
}
