import Foundation
@testable import Journal
import Reports
import StationEngine
import Testing
import TestSupport

@Suite("WorkerReport")
struct WorkerReportTests {
    private func report(_ month: MonthJournal, _ language: ReportLanguage = .nl,
                        filter: JournalExport.Filter = MonthJournal.november) throws -> String {
        try WorkerReport(journal: month.journal, worker: "W042", filter: filter, settings: MonthJournal.settings(language)).html()
    }

    @Test func theDutchReportShowsItsPeriodAndWhenItWasMade() throws {
        let html = try report(MonthJournal())
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<p class=\"period\">Periode: 1 november 2026 t/m 30 november 2026</p>"))
        #expect(html.contains("<p class=\"made\">Gemaakt op 3 december 2026, 09:45 (tijdzone Europe/Amsterdam)</p>"))
        #expect(html.contains("<p class=\"who\">Medewerker <strong>W042</strong> (pseudoniem)</p>"))
    }

    @Test func theEnglishReportShowsItsPeriodAndWhenItWasMade() throws {
        let html = try report(MonthJournal(), .en)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("<p class=\"period\">Period: 1 November 2026 through 30 November 2026</p>"))
        #expect(html.contains("<p class=\"made\">Made on 3 December 2026, 09:45 (time zone Europe/Amsterdam)</p>"))
    }

    @Test func withoutSinceAndUntilThePeriodIsTheFirstToTheLastCycle() throws {
        let html = try report(MonthJournal(), filter: .init())
        #expect(html.contains("Periode: 2 november 2026 t/m 27 november 2026</p>"))
        let until = JournalExport.Filter(until: MonthJournal.firstMorning + 3 * MonthJournal.day)  // 5 November, 07:00 UTC
        #expect(try report(MonthJournal(), .en, filter: until).contains("Period: 2 November 2026 until 5 November 2026, 08:00</p>"))
        let oneDay = JournalExport.Filter(since: 1_793_577_600_000_000, until: 1_793_664_000_000_000)  // --since 2026-11-02 --until 2026-11-03
        #expect(try report(MonthJournal(), filter: oneDay).contains("Periode: 2 november 2026</p>"))
    }

    @Test func eachProductHasItsOwnLearningCurveWithItsNormLineAndLevelBands() throws {
        let html = try report(MonthJournal())
        let curves = ReportHTML.pieces(html, from: "<section class=\"curve\"", to: "</section>")
        #expect(curves.count == 2)
        #expect(curves[0].contains("data-product=\"koplamp\"") && curves[0].contains("<h2>Leercurve: koplamp</h2>"))
        #expect(curves[1].contains("data-product=\"achterlicht\"") && curves[1].contains("<h2>Leercurve: achterlicht</h2>"))
        let expected: [(norm: Double, cycles: Int, levels: [Int])] = [(45, 480, [1, 2, 3]), (30, 320, [1, 2])]
        for (curve, (norm, cycles, levels)) in zip(curves, expected) {
            #expect(ReportHTML.occurrences("class=\"norm\"", in: curve) == 1)
            #expect(ReportHTML.occurrences("<circle", in: curve) == cycles, "one point per cycle")
            #expect(ReportHTML.captures("<title>(niveau \\d)</title>", in: curve) == levels.map { "niveau \($0)" })
            // The norm line is flat at the norm: its y is where the y axis puts the norm.
            let ys = Set(ReportHTML.captures("class=\"norm\" points=\"([^\"]*)\"", in: curve)[0].split(separator: " ")
                .map { $0.split(separator: ",")[1] })
            #expect(ys.count == 1)
            // Tick lines: <line x1="50.0" y1="Y" ...> before each y tick label.
            let lines: [Double] = ReportHTML.captures("<line x1=\"50.0\" y1=\"([^\"]*)\" x2=\"628.0\"", in: curve).compactMap(Double.init)
            let labels: [Double] = ReportHTML.ticks(curve, anchor: "end").compactMap(Double.init)
            let perUnit: Double = (lines[1] - lines[0]) / (labels[1] - labels[0])
            let normY: Double = lines[0] + (norm - labels[0]) * perUnit
            #expect(abs(Double(ys.first!)! - normY) < 0.2, "norm \(norm) at y \(normY)")
            #expect(curve.contains(String(format: "de normtijd (%.0f,0 s)", norm)))
        }
    }

    @Test func theAxesHaveReadableTicksAndNamedUnits() throws {
        let html = try report(MonthJournal())
        let curve = ReportHTML.pieces(html, from: "<svg class=\"learning-curve\"", to: "</svg>")[0]
        #expect(ReportHTML.ticks(curve, anchor: "end").prefix(5) == ["0", "20", "40", "60", "80"])
        #expect(ReportHTML.ticks(curve, anchor: "middle") == ["100", "200", "300", "400", "500"])
        #expect(curve.contains(">cyclustijd (s)</text>") && curve.contains(">cyclus (volgnummer in deze periode)</text>"))
        let perDay = ReportHTML.pieces(html, from: "<svg class=\"productivity-per-day\"", to: "</svg>")[0]
        #expect(ReportHTML.ticks(perDay, anchor: "middle") == ["2 nov", "9 nov", "16 nov", "23 nov"], "Mondays")
        #expect(ReportHTML.isNiceSequence(ReportHTML.ticks(perDay, anchor: "end"), decimalMark: ","))
        #expect(perDay.contains(">datum (tijdzone Europe/Amsterdam)</text>"))
        for svg in ReportHTML.pieces(html, from: "<svg class=\"", to: "</svg>") where !svg.contains("errors-help") {
            #expect(ReportHTML.isNiceSequence(ReportHTML.ticks(svg, anchor: "end"), decimalMark: ","), "\(svg.prefix(60))")
        }
    }

    @Test func productivityIsTheExportsFigureAndItsDefinitionIsShown() throws {
        let month = try MonthJournal()
        let html = try report(month)
        var filter = MonthJournal.november
        filter.worker = "W042"
        let exported = try JournalExport(journal: month.journal).rows(.summary, filter: filter)
        #expect(exported.count == 2)
        for row in exported {
            guard case .text(let product) = row[1], case .decimal(let productivity) = row[6] else { Issue.record("\(row)"); continue }
            let cell = "<tr><td>\(product)</td>"
            let line = try #require(ReportHTML.pieces(html, from: cell, to: "</tr>").first)
            #expect(line.contains("<td class=\"productivity\">\(productivity.replacingOccurrences(of: ".", with: ","))</td>"))
        }
        #expect(html.contains("<dt>Productiviteit</dt><dd>de som van de normtijden gedeeld door de som van de cyclustijden"))
        #expect(try report(month, .en).contains("<dt>Productivity</dt><dd>the sum of the norm times divided by the sum of the cycle times"))
    }

    @Test func theFooterSaysWhatTheReportIsForAndThatTheWorkerIsAPseudonym() throws {
        let nl = ReportHTML.pieces(try report(MonthJournal()), from: "<footer>", to: "</footer>")[0]
        #expect(nl.contains("ontwikkelplan van de medewerker") && nl.contains("niet bedoeld voor selectie"))
        #expect(nl.contains("W042: een pseudoniem") && nl.contains("journaal van het assemblagestation"))
        let en = ReportHTML.pieces(try report(MonthJournal(), .en), from: "<footer>", to: "</footer>")[0]
        #expect(en.contains("the worker's development plan") && en.contains("not meant for selection"))
        #expect(en.contains("W042 in this report: a pseudonym"))
    }

    @Test func noISOTimesNoNamesAndNoOtherWorker() throws {
        let month = try MonthJournal()
        try month.journal.setName(worker: "W042", name: "Anna de Vries")
        for language in ReportLanguage.allCases {
            let html = try report(month, language)
            #expect(!ReportHTML.hasISOTime(html), "\(language)")
            #expect(!html.contains("Anna") && !html.contains("Vries"))
            #expect(!html.contains("W9") && !html.contains("geheim"))
        }
    }

    @Test func noEnglishIsLeftInTheDutchReport() throws {
        let month = try MonthJournal()
        let shared = ReportHTML.words(try report(month)).intersection(ReportHTML.words(try report(month, .en)))
        // Ids (worker, products, steps, zone, level reasons), units, the export's column name, and Dutch words
        // that English has too.
        let allowed: Set = ["w", "koplamp", "achterlicht", "pak", "behuizing", "schroef", "vast", "europe", "amsterdam", "gaat",
                            "goed", "p", "s", "oss", "export", "productivity", "docs", "files", "md", "nov", "november",
                            "december", "product", "norm", "station", "privacy", "in", "is", "of", "per"]
        #expect(shared.subtracting(allowed).isEmpty, "\(shared.subtracting(allowed).sorted())")
    }

    @Test func loadsNothingFromTheNetwork() throws {
        let html = try report(MonthJournal())
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("url("))
    }

    @Test func printsOnA4WithoutSplittingACharts() throws {
        let html = try report(MonthJournal())
        #expect(html.contains("@page { size: A4; margin: 12mm 14mm; }"))
        #expect(html.contains("figure, section.curve, section.day, section.steps, section.legend, footer { break-inside: avoid; }"))
    }

    /// `count` finished `lamp` cycles of W1, one a minute from 2 March 2026,
    /// cycle n taking 10 + n % 7 s, an error at every 10th, help at every
    /// 25th; level 2 from the middle.
    private func longHistory(_ count: Int) throws -> (TemporaryDirectory, Journal) {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let records = (1...count).map { number in
            let start = 1_772_438_400_000_000 + Int64(number) * 60_000_000, seconds = Int64(10 + number % 7)
            return CycleRecorder.Write.cycle(CycleRecord(
                station: "s", worker: "W1", product: "lamp", number: number, level: number > count / 2 ? 2 : 1, status: .done,
                startedAt: start, endedAt: start + seconds * 1_000_000, duration: seconds * 1_000_000,
                errors: number % 10 == 0 ? 1 : 0, help: number % 25 == 0 ? 1 : 0, normTime: 12_000_000,
                errorRecords: number % 10 == 0 ? [.init(step: "pick", index: 1, at: start, kind: "wrong_input", input: "bin-2")] : []))
        }
        try journal.record(records, station: "s")
        return (temp, journal)
    }

    private func html(_ journal: Journal, worker: String = "W1", _ language: ReportLanguage = .en) throws -> String {
        try WorkerReport(journal: journal, worker: worker, filter: .init(), settings: MonthJournal.settings(language)).html()
    }

    @Test func aLongHistoryIsChartedInBoundedPointsEachTheMeanOfARun() throws {
        let limit = WorkerHistory.cycleLimit, count = 2 * limit + 124
        let (_, journal) = try longHistory(count)
        let html = try html(journal)
        #expect(html.contains("<td>\(count)</td>"), "the summary counts every cycle")
        let span = (count + limit - 1) / limit  // runs of 3 cycles
        #expect(html.contains("Each dot is the mean of \(span) consecutive cycles (\(count) cycles in all)."))
        #expect(ReportHTML.occurrences("<title>cycles ", in: html) == (count + span - 1) / span)
        let firstMean = Double((1...span).reduce(0) { $0 + 10 + $1 % 7 }) / Double(span)
        #expect(html.contains("<title>cycles 1–\(span): \(String(format: "%.1f", firstMean)) s on average, 0 errors</title>"))
    }

    @Test func theReportStaysTheSameSizeHoweverLongTheHistory() throws {
        let limit = WorkerHistory.cycleLimit
        let sizes = try [4 * limit, 10 * limit].map { count in
            let (_, journal) = try longHistory(count)
            return try html(journal).utf8.count
        }
        #expect(abs(sizes[1] - sizes[0]) < sizes[0] / 10, "\(sizes)")
    }

    @Test func upToTheLimitEveryCycleIsAPoint() throws {
        let (_, journal) = try longHistory(WorkerHistory.cycleLimit)
        let html = try html(journal)
        #expect(!html.contains("on average") && !html.contains("the mean of"))
        #expect(ReportHTML.occurrences("<title>cycle ", in: html) == WorkerHistory.cycleLimit)
        #expect(html.contains("<title>cycle 1 (lamp), 2 March 2026, 09:01: 11.0 s, 0 errors</title>"), "local time, Amsterdam")
    }

    @Test func longStepAndLevelListsAreCapped() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let steps = WorkerHistory.stepLimit + 5
        try journal.record(CycleRecord(station: "s", worker: "W1", product: "lamp", number: 1, level: 1, status: .done,
                                       startedAt: 0, endedAt: 1_000_000, duration: 1_000_000, errors: steps, help: 0,
                                       normTime: 1_000_000, errorRecords: (0..<steps).map {
                                           .init(step: "step-\($0)", index: 1, at: 0, kind: "wrong_input", input: "bin-2")
                                       }))
        for change in 0..<(WorkerHistory.levelLimit + 7) {
            try journal.setLevel(worker: "W1", product: "lamp", level: 1 + change % 3, by: "S001", reason: "change \(change)",
                                 at: Int64(change) * 1_000_000)
        }
        let html = try html(journal)
        #expect(html.contains("5 other steps with 5 errors in all not listed."))
        #expect(ReportHTML.occurrences("class=\"errors\"", in: html) == WorkerHistory.stepLimit)
        #expect(html.contains("7 earlier level changes not listed."))
        #expect(!html.contains("change 6<") && html.contains("change 7<") && html.contains("change \(WorkerHistory.levelLimit + 6)<"))
    }

    /// Figures no station writes (a tampered journal) neither trap nor break the page, in either version.
    @Test func absurdFiguresAreDrawnWithoutTrapping() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let absurd: [(start: Int64, duration: Int64, norm: Int64, errors: Int)] = [
            (.min, .max, .max, .max), (-1, -5_000_000, 0, 0), (.max - 1, 1, -1, 3), (0, 0, 1, 0),
        ]
        for (number, cycle) in absurd.enumerated() {
            try journal.record(CycleRecord(station: "s", worker: "W1", product: "lamp", number: number + 1, level: 9, status: .done,
                                           startedAt: cycle.start, endedAt: cycle.start, duration: cycle.duration,
                                           errors: cycle.errors, help: cycle.errors, normTime: cycle.norm))
        }
        for language in ReportLanguage.allCases {
            let settings = ReportSettings(language: language, zone: MonthJournal.zone, madeAt: .max)
            let report = try WorkerReport(journal: journal, worker: "W1", filter: .init(), settings: settings).html()
            let page = try WorkerPage(journal: journal, worker: "W1", filter: .init(), settings: settings).html()
            #expect(report.hasSuffix("</body></html>\n") && page.hasSuffix("</body></html>\n"))
            #expect(!report.contains("nan") && !report.contains("inf") && !page.contains("%"))
        }
    }

    @Test func aWorkerWithoutCyclesGetsAnEmptyReport() throws {
        let month = try MonthJournal()
        let html = try html(month.journal, worker: "W404", .nl)
        #expect(html.contains("Geen afgeronde cycli in deze periode.") && html.contains("Periode: geen afgeronde cycli</p>"))
        #expect(!html.contains("W042") && !html.contains("W9"))
    }
}
