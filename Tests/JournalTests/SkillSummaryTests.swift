@testable import Journal
import StationEngine
import Testing
import TestSupport

@Suite("SkillSummary")
struct SkillSummaryTests {
    @Test func nearestRankPercentiles() {
        let values: [Int64] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        #expect(SkillSummary.percentile(values, 50) == 50)
        #expect(SkillSummary.percentile(values, 90) == 90)
        #expect(SkillSummary.percentile([7], 90) == 7)
        #expect(SkillSummary.percentile([], 50) == 0)
    }

    /// A finished cycle of `seconds` with `errors` and `help`.
    private func record(_ journal: Journal, worker: String, number: Int, seconds: Int64, errors: Int, help: Int = 0) throws {
        try journal.record(CycleRecord(station: "test-1", worker: worker, product: "cap", number: number, level: 1,
                                       status: .done, startedAt: Int64(number) * 100_000_000,
                                       endedAt: Int64(number) * 100_000_000 + seconds * 1_000_000,
                                       duration: seconds * 1_000_000, errors: errors, help: help, normTime: 10_000_000))
    }

    @Test func figuresPerWorkerAndProduct() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try record(journal, worker: "W1", number: 1, seconds: 5, errors: 0)
        try record(journal, worker: "W1", number: 2, seconds: 10, errors: 0, help: 1)
        try record(journal, worker: "W1", number: 3, seconds: 20, errors: 1)
        try record(journal, worker: "W2", number: 1, seconds: 8, errors: 0)
        try journal.setLevel(worker: "W1", product: "cap", level: 2, by: "S001", reason: nil, at: 0)
        let summaries = try SkillSummary.compute(journal: journal, filter: .init())
        #expect(summaries.map(\.worker) == ["W1", "W2"])
        let s = summaries[0]
        #expect(s.product == "cap" && s.cycles == 3)
        #expect(s.median == 10_000_000 && s.p90 == 20_000_000)
        #expect(abs(s.productivity - 30.0 / 35.0) < 1e-9, "3 × 10 s norm over 35 s")
        #expect(abs(s.firstPassYield - 2.0 / 3.0) < 1e-9)
        #expect(abs(s.errorsPer100 - 100.0 / 3.0) < 1e-9)
        #expect(abs(s.helpPer100 - 100.0 / 3.0) < 1e-9)
        #expect(s.level == 2 && summaries[1].level == 1)
        let csv = try JournalExport(journal: journal).render(.summary, format: .csv, filter: .init(worker: "W1"))
        #expect(csv == """
            worker,product,cycles,median_s,p90_s,norm_time_s,productivity,first_pass_yield,errors_per_100,help_per_100,level
            W1,cap,3,10.000,20.000,10.000,0.857,0.667,33.333,33.333,2

            """)
    }

    @Test func auditKeepsEveryEntry() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.audit(action: "export", details: "what=cycles worker=W1", by: "assessor", at: 5)
        try journal.audit(action: "report", details: "worker=W1", by: "assessor", at: 6)
        #expect(try journal.auditLog().map(\.action) == ["export", "report"])
    }
}
