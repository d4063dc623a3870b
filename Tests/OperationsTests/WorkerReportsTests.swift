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
        #expect(try String(contentsOfFile: file, encoding: .utf8) == html)
        #expect(html.contains("W1") && !html.contains("W9"), "that worker's data only")
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
