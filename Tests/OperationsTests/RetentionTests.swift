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

    /// Level advice is personal data: a purged worker's goes, and so does
    /// advice from before the cutoff; newer advice of a kept worker stays.
    @Test func aPurgeRemovesTheAdviceOfPurgedWorkersAndOldAdvice() throws {
        let fixture = try OperationsFixture()
        let day: Int64 = 86_400_000_000, march2: Int64 = 1_772_438_400_000_000
        for (worker, at) in [("=W1", march2 + 3 * day), ("W1", march2), ("W9", march2 + 3 * day)] {
            try fixture.journal.record([.advice(worker: worker, product: "lamp", from: 1, to: 2, reason: "clean", at: at,
                                                applied: false)], station: "s")
        }
        fixture.clock.advance(by: 63 * 86_400_000_000)
        _ = try fixture.retention().purge(olderThanDays: 1, by: .console(account: "root.admin"))
        let rows = try Workers.overview(journal: fixture.journal)
        #expect(rows.map(\.worker) == ["W1", "W9"], "=W1 had only cycles before the cutoff")
        #expect(rows.map { $0.products[0].advice } == [nil, 2])
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
