@testable import Journal
import StationEngine
import Testing
import TestSupport

@Suite("Productivity")
struct ProductivityTests {
    @Test func normTimeOverCycleTime() {
        #expect(Productivity.ratio(normTime: 45, cycleTime: 50) == 0.9)
        #expect(Productivity.ratio(normTime: 45_000_000, duration: 36_000_000) == 1.25)
        #expect(Productivity.ratio(normTime: 45, cycleTime: 0) == nil && Productivity.ratio(normTime: 45_000_000, duration: nil) == nil)
        #expect(Productivity.ratio(normTime: .infinity, cycleTime: 1) == nil)
        #expect(Productivity.text(0.9091) == "0.909")
    }

    /// The cycles export (both CSV paths and JSON) and the summary give the same figures as `Productivity`.
    @Test func theExportAndTheSummaryUseIt() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for (number, seconds) in [(1, 50), (2, 40), (3, 30)] {
            let start = Int64(number) * 100_000_000
            try journal.record(CycleRecord(station: "s", worker: "W1", product: "lamp", number: number, level: 1, status: .done,
                                           startedAt: start, endedAt: start + Int64(seconds) * 1_000_000,
                                           duration: Int64(seconds) * 1_000_000, errors: 0, help: 0, normTime: 45_000_000))
        }
        let export = JournalExport(journal: journal)
        let expected = [50.0, 40, 30].map { Productivity.text(Productivity.ratio(normTime: 45, cycleTime: $0)!) }
        #expect(try export.rows(.cycles, filter: .init()).map { $0[10] } == expected.map(JournalExport.Value.decimal))
        let csv = try export.render(.cycles, format: .csv, filter: .init()).split(separator: "\n").dropFirst()
        #expect(csv.map { String($0.split(separator: ",").last!) } == expected)
        let summary = try SkillSummary.compute(journal: journal, filter: .init())
        #expect(summary[0].productivity == Productivity.ratio(normTime: 135, cycleTime: 120))
    }
}
