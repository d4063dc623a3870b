import Foundation
import Journal
import Operations
import Testing

@Suite("WorkerReports")
struct WorkerReportsTests {
    @Test func theReportIsTheCommandLinesAndItsAuditRowNamesTheActor() throws {
        let fixture = try OperationsFixture()
        let request = try ReportRequest(worker: "W1", product: "lamp", since: "2026-03-01", destination: "download")
        let html = try fixture.reports().report(request, by: fixture.assessor)
        let rows = try fixture.auditRows()
        #expect(rows.count == 1 && rows[0].by == "anna.assessor" && rows[0].action == "report")
        #expect(rows[0].details == "worker=W1 product=lamp since=2026-03-01 out=download")
        #expect(rows[0].at == fixture.clock.wallMicros())

        let file = fixture.temp.path + "/w1.html"
        let command = try fixture.oss(["report", "--journal", fixture.journal.path, "--worker", "W1", "--product", "lamp",
                                       "--since", "2026-03-01", "--out", file])
        #expect(command.status == 0)
        // The same page but for when it was made (the command line's clock) and the zone (the test's own).
        let zone = TimeZone.current
        let sameZone = try fixture.reports().report(
            ReportRequest(worker: "W1", product: "lamp", since: "2026-03-01", zone: zone, destination: "download"), by: fixture.assessor)
        #expect(withoutMadeOn(try String(contentsOfFile: file, encoding: .utf8)) == withoutMadeOn(sameZone))
        #expect(html.contains("W1") && !html.contains("W9"), "that worker's data only")
        #expect(html.contains("<html lang=\"nl\">"), "Dutch by default")
    }

    /// The page without its "made on" line.
    private func withoutMadeOn(_ html: String) -> String {
        html.replacingOccurrences(of: "<p class=\"made\">[^<]*</p>", with: "", options: .regularExpression)
    }

    @Test func theMadeOnTimeIsTheClocksAndTheLanguageAndVersionAreAudited() throws {
        let fixture = try OperationsFixture()
        let zone = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let english = try ReportRequest(worker: "W1", language: .en, zone: zone, destination: "w1.html")
        let html = try fixture.reports().report(english, by: fixture.assessor)
        // The fixture's clock reads 2026-01-01T00:00:00Z: 01:00 in Amsterdam.
        #expect(fixture.clock.wallMicros() == 1_767_225_600_000_000)
        #expect(html.contains("<p class=\"made\">Made on 1 January 2026, 01:00 (time zone Europe/Amsterdam)</p>"))
        let page = try fixture.reports().report(
            ReportRequest(worker: "W1", forWorker: true, zone: zone, destination: "download"), by: fixture.assessor)
        #expect(page.contains("Jouw voortgang") && !page.contains("%"))
        #expect(try fixture.auditRows().map(\.details) == ["worker=W1 lang=en out=w1.html", "worker=W1 for-worker out=download"])
    }

    @Test func anUnknownWorkerOrProductIsRefusedWithoutAuditRow() throws {
        let fixture = try OperationsFixture()
        let path = fixture.journal.path
        #expect(throws: OperationError.unknownWorker("W404", journal: path)) {
            try fixture.reports().report(try ReportRequest(worker: "W404", destination: "download"), by: fixture.assessor)
        }
        #expect(throws: OperationError.unknownProduct("cap", journal: path)) {
            try fixture.reports().report(try ReportRequest(worker: "W1", product: "cap", destination: "download"),
                                         by: fixture.assessor)
        }
        #expect(OperationError.unknownWorker("W404", journal: path).description == "worker W404 is not in journal \(path)")
        #expect(throws: OperationError.emptyPeriod(since: "2026-03-02", until: "2026-03-01")) {
            try ReportRequest(worker: "W1", since: "2026-03-02", until: "2026-03-01", destination: "download")
        }
        #expect(try fixture.auditRows().isEmpty)
    }
}
