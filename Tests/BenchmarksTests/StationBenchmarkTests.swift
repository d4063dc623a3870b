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
        #expect(object.keys.count == 17 && Set(object.keys) == ["event_to_frame_p50", "event_to_frame_p99", "event_to_frame_p99.9", "full_frame_ms",
                                     "memcpy_frame_ms", "replay_events_per_s", "export_rows_per_s", "sqlite_cli_rows_per_s",
                                     "peak_rss_mb", "console_requests_per_s", "console_p99_ms",
                                     "event_to_frame_p99_under_console_load", "event_to_frame_p99_beside_console",
                                     "sync_rows_per_s", "psql_copy_rows_per_s", "event_to_frame_p99_during_sync",
                                     "event_to_frame_p99_beside_sync"])
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

    @Test func wrkFiguresAreRead() {
        let text = """
            Running 5s test @ http://127.0.0.1:8080/api/workers
              Latency Distribution
                 50%  812.00us
                 99%    4.25ms
              15000 requests in 5.00s, 12.00MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:   3000.12
            """
        let figures = WrkFigures(text)
        #expect(figures == WrkFigures(requestsPerSecond: 3000.12, p99Ms: 4.25, non2xx: 3))
        #expect(WrkFigures.milliseconds("812.00us") == 0.812)
        #expect(WrkFigures.milliseconds("1.50s") == 1500)
        #expect(WrkFigures("no figures here") == nil)
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
