import Journal
import Operations
import Testing

@Suite("Retention")
struct RetentionTests {
    @Test func aPurgeIsAuditedWithTheActorAndTheCounts() throws {
        let fixture = try OperationsFixture()
        // The clock moves from 2026-01-01 to 2026-03-05: a day back is after the first four cycles.
        fixture.clock.advance(by: 63 * 86_400_000_000)
        let result = try fixture.retention().purge(olderThanDays: 1, by: .console(account: "root.admin"))
        #expect(result.cycles == 4 && result.cutoff == fixture.clock.wallMicros() - 86_400_000_000)
        let rows = try fixture.auditRows()
        #expect(rows.count == 1)
        #expect(rows.first?.by == "root.admin" && rows.first?.action == "purge" && rows.first?.at == fixture.clock.wallMicros())
        #expect(rows.first?.details == "older-than=1 cycles=4 sessions=0")
    }

    @Test func daysBeyondTheCalendarAreRefusedWithoutAuditRow() throws {
        let fixture = try OperationsFixture()
        #expect(throws: OperationError.self) { try fixture.retention().purge(olderThanDays: Int.max, by: .localUser("jan")) }
        do {
            _ = try fixture.retention().purge(olderThanDays: -1, by: .localUser("jan"))
            Issue.record("a negative number of days was accepted")
        } catch {
            guard case .daysOutOfRange(-1, _) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("give at most"))
        }
        #expect(try fixture.auditRows().isEmpty && fixture.journal.cycleCount() == 6)
    }
}
