@testable import Journal
import StationEngine
import Reports
import Testing
import TestSupport

@Suite("WorkerReport")
struct WorkerReportTests {
    private func journal() throws -> (TemporaryDirectory, Journal) {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for (worker, number, seconds, errors, help, level) in [("W1", 1, 30, 1, 1, 1), ("W1", 2, 20, 0, 0, 1), ("W1", 3, 12, 0, 0, 2),
                                                              ("W9", 1, 50, 3, 2, 1)] {
            let start = Int64(number) * 100_000_000 + (worker == "W9" ? 7 : 0)
            try journal.record(CycleRecord(station: "s", worker: worker, product: "lamp", number: number, level: level,
                                           status: .done, startedAt: start, endedAt: start + Int64(seconds) * 1_000_000,
                                           duration: Int64(seconds) * 1_000_000, errors: errors, help: help, normTime: 15_000_000,
                                           errorRecords: (0..<errors).map { _ in
                                               .init(step: worker == "W9" ? "secret-step" : "pick", index: 1, at: start,
                                                     kind: "wrong_input", input: "bin-2")
                                           }))
        }
        try journal.setLevel(worker: "W1", product: "lamp", level: 2, by: "S001", reason: "faster now", at: 250_000_000)
        return (temp, journal)
    }

    @Test func containsTheChartsAndTablesOfThatWorkerOnly() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4, "learning curve, errors, productivity, help")
        #expect(html.contains("class=\"level-band\"") && html.contains("class=\"norm\"") && html.contains("class=\"cycle-time\""))
        #expect(html.contains("lamp / pick") && html.contains("faster now") && html.contains("@page { size: A4"))
        #expect(!html.contains("W9") && !html.contains("secret-step"), "no other worker's data")
        #expect(html.contains("<td>3</td>"), "three cycles in the summary")
    }

    @Test func loadsNothingFromTheNetwork() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("url("))
    }

    /// `count` finished `lamp` cycles of W1, cycle n taking 10 + n % 7 s,
    /// an error at every 10th, help at every 25th; level 2 from the middle.
    private func longHistory(_ count: Int) throws -> (TemporaryDirectory, Journal) {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let records = (1...count).map { number in
            let start = Int64(number) * 100_000_000, seconds = Int64(10 + number % 7)
            return CycleRecorder.Write.cycle(CycleRecord(
                station: "s", worker: "W1", product: "lamp", number: number, level: number > count / 2 ? 2 : 1, status: .done,
                startedAt: start, endedAt: start + seconds * 1_000_000, duration: seconds * 1_000_000,
                errors: number % 10 == 0 ? 1 : 0, help: number % 25 == 0 ? 1 : 0, normTime: 12_000_000,
                errorRecords: number % 10 == 0 ? [.init(step: "pick", index: 1, at: start, kind: "wrong_input", input: "bin-2")] : []))
        }
        try journal.record(records, station: "s")
        return (temp, journal)
    }

    private func occurrences(_ text: String, in html: String) -> Int { html.components(separatedBy: text).count - 1 }

    @Test func aLongHistoryIsChartedInBoundedPointsAndSaysHowManyCyclesAreNotListed() throws {
        let limit = WorkerReport.cycleLimit, count = 2 * limit + 124
        let (_, journal) = try longHistory(count)
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        #expect(html.contains("\(count - limit) earlier cycles not listed"))
        #expect(html.contains("<td>\(count)</td>"), "the summary counts every cycle")
        #expect(html.contains("cycle \(count - limit + 1)</text>") && html.contains("cycle \(count)</text>"))
        // The overview: runs of 3 cycles (⌈1124 / 500⌉), each point their mean.
        let span = (count + limit - 1) / limit
        #expect(occurrences("<title>cycles ", in: html) == (count + span - 1) / span)
        let firstMean = Double((1...span).reduce(0) { $0 + 10 + $1 % 7 }) / Double(span)
        #expect(html.contains("<title>cycles 1–\(span): \((firstMean * 10).rounded() / 10) s on average, 0 errors</title>"))
        // The most recent cycles one by one: learning curve and productivity.
        #expect(occurrences("<title>cycle \(count) (lamp)", in: html) == 1)
        #expect(!html.contains("<title>cycle \(count - limit) (lamp)"))
        #expect(occurrences("<circle", in: html) == (count + span - 1) / span + 2 * limit)
        #expect(occurrences("<svg", in: html) == 5, "overview, recent learning curve, errors, productivity, help")
    }

    @Test func theReportStaysTheSameSizeHoweverLongTheHistory() throws {
        let limit = WorkerReport.cycleLimit
        let sizes = try [4 * limit, 10 * limit].map { count in
            let (_, journal) = try longHistory(count)
            return try WorkerReport(journal: journal, worker: "W1", filter: .init()).html().utf8.count
        }
        #expect(abs(sizes[1] - sizes[0]) < sizes[0] / 20, "\(sizes)")
    }

    @Test func upToTheLimitEveryCycleIsChartedAsBefore() throws {
        let (_, journal) = try longHistory(WorkerReport.cycleLimit)
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        #expect(!html.contains("not listed") && !html.contains("on average"))
        #expect(occurrences("<svg", in: html) == 4)
        #expect(html.contains("cycle 1</text>") && occurrences("(lamp): ", in: html) == WorkerReport.cycleLimit)
    }

    @Test func longStepAndLevelListsAreCapped() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let steps = WorkerReport.stepLimit + 5
        try journal.record(CycleRecord(station: "s", worker: "W1", product: "lamp", number: 1, level: 1, status: .done,
                                       startedAt: 0, endedAt: 1_000_000, duration: 1_000_000, errors: steps, help: 0,
                                       normTime: 1_000_000, errorRecords: (0..<steps).map {
                                           .init(step: "step-\($0)", index: 1, at: 0, kind: "wrong_input", input: "bin-2")
                                       }))
        for change in 0..<(WorkerReport.levelLimit + 7) {
            try journal.setLevel(worker: "W1", product: "lamp", level: 1 + change % 3, by: "S001", reason: "change \(change)",
                                 at: Int64(change) * 1_000_000)
        }
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        #expect(html.contains("5 other steps with 5 errors in all not listed."))
        #expect(occurrences("class=\"errors\"", in: html) == WorkerReport.stepLimit)
        #expect(html.contains("7 earlier level changes not listed."))
        #expect(!html.contains("change 6<") && html.contains("change 7<") && html.contains("change \(WorkerReport.levelLimit + 6)<"))
    }

    @Test func aWorkerWithoutCyclesGetsAnEmptyReport() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W404", filter: .init()).html()
        #expect(html.contains("No finished cycles"))
        #expect(!html.contains("W1") && !html.contains("W9"))
    }
}
