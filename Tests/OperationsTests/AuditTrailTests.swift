import Journal
import Operations
import Testing

@Suite("AuditTrail")
struct AuditTrailTests {
    @Test func listsEveryRowOldestOrNewestFirstAndWritesNone() throws {
        let fixture = try OperationsFixture()
        let request = try ExportRequest(table: .errors, format: .json, destination: "stdout")
        _ = try fixture.exports().export(request, by: .localUser("jan"))
        fixture.clock.advance(by: 1_000_000)
        _ = try fixture.reports().report(try ReportRequest(worker: "W9", destination: "r.html"), by: fixture.assessor)
        let oldestFirst = try fixture.auditTrail().entries()
        #expect(oldestFirst.map(\.by) == ["jan", "anna.assessor"])
        #expect(oldestFirst.map(\.action) == ["export", "report"])
        #expect(try fixture.auditTrail().entries(newestFirst: true) == oldestFirst.reversed())
        #expect(try fixture.auditRows().count == 2, "reading the audit is not audited")
    }
}
