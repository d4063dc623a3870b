@testable import Benchmarks
import JSONLines
import Journal
import Testing
import TestSupport

@Suite("StationBenchmark")
struct StationBenchmarkTests {
    @Test func jsonHasExactlyTheContractKeysAndNumbers() throws {
        var report = StationBenchmark.Report()
        report.eventToFrame.p99 = 0.25
        report.peakRSSMB = 41.5
        report.sqliteCLIRowsPerS = .nan
        guard case .object(let object) = try JSONParser.parse(report.json) else {
            Issue.record("not an object: \(report.json)")
            return
        }
        #expect(object.keys.count == 9 && Set(object.keys) == ["event_to_frame_p50", "event_to_frame_p99", "event_to_frame_p99.9", "full_frame_ms",
                                     "memcpy_frame_ms", "replay_events_per_s", "export_rows_per_s", "sqlite_cli_rows_per_s",
                                     "peak_rss_mb"])
        for member in object.members {
            guard case .number = member.value else { Issue.record("\(member.key) is not a number"); continue }
        }
        guard case .number(let p99)? = object["event_to_frame_p99"], case .number(let sqlite)? = object["sqlite_cli_rows_per_s"] else {
            Issue.record("missing numbers")
            return
        }
        #expect(p99.doubleValue == 0.25)
        #expect(sqlite.doubleValue == 0, "a figure that could not be measured is 0, never NaN")
    }

    @Test func theExportDataHasExactlyTheAskedStepRows() throws {
        let station = try ShiftPlanTests.fietslamp()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/e.db")
        try StationBenchmark.fillSteps(journal: journal, station: station, rows: 4321)
        let csv = try JournalExport(journal: journal).render(.steps, format: .csv, filter: .init())
        #expect(csv.split(separator: "\n").count == 4322)
        #expect(try journal.integrityCheck() == "ok")
    }

    @Test func theBusiestPictureIsAStepWithItsPicture() throws {
        let station = try ShiftPlanTests.fietslamp()
        let model = StationBenchmark.busiestModel(station)
        guard case .step(let view) = model.screen, let product = station.product(withID: view.product) else {
            Issue.record("not a step")
            return
        }
        #expect(view.level == 1)
        #expect(product.steps[view.index].image != nil)
    }
}
