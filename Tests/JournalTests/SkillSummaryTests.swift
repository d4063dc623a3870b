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

    /// Cycles of several workers and products with scattered, partly equal
    /// durations (a fixed linear congruential sequence), in one batch.
    private func manyCycles(_ journal: Journal) throws -> [CycleRecord] {
        var state: UInt64 = 42
        func next(_ bound: UInt64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % bound)
        }
        var records: [CycleRecord] = []
        for (worker, product, count) in [("W1", "cap", 2_999), ("W1", "lamp", 1_000), ("W2", "cap", 1), ("W3", "cap", 10)] {
            for number in 1...count {
                let start = 1_000_000_000 + Int64(number) * 60_000_000 + next(1_000)
                let duration = 1_000_000 + next(200) * 250_000
                records.append(CycleRecord(station: "test-1", worker: worker, product: product, number: number,
                                           level: 1, status: number % 50 == 0 ? .abandoned : .done, startedAt: start,
                                           endedAt: start + duration, duration: number % 50 == 0 ? nil : duration,
                                           errors: Int(next(4)) / 2, help: Int(next(7)) / 6, normTime: 9_000_000 + next(3)))
            }
        }
        try journal.record(records.map { .cycle($0) }, station: "test-1")
        return records
    }

    /// The figures the straightforward way: every duration in a sorted array.
    private func expected(_ records: [CycleRecord], level: (String, String) -> Int) -> [SkillSummary] {
        let finished = records.filter { $0.status == .done }
        let groups = Dictionary(grouping: finished) { [$0.worker, $0.product] }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let rows = groups[key]!.sorted { $0.startedAt < $1.startedAt }
            let durations = rows.map { $0.duration! }.sorted()
            let n = Double(rows.count)
            let norm = Double(rows.reduce(Int64(0)) { $0 + $1.normTime })
            let total = Double(durations.reduce(0, +))
            return SkillSummary(worker: key[0], product: key[1], cycles: rows.count,
                                median: SkillSummary.percentile(durations, 50), p90: SkillSummary.percentile(durations, 90),
                                normTime: rows[0].normTime, productivity: norm / total,
                                firstPassYield: Double(rows.filter { $0.errors == 0 }.count) / n,
                                errorsPer100: Double(rows.reduce(0) { $0 + $1.errors }) * 100 / n,
                                helpPer100: Double(rows.reduce(0) { $0 + $1.help }) * 100 / n,
                                level: level(key[0], key[1]))
        }
    }

    @Test func manyCyclesGiveTheFiguresOfASortedArray() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let records = try manyCycles(journal)
        try journal.setLevel(worker: "W1", product: "lamp", level: 3, by: "S001", reason: nil, at: 0)
        let level = { (worker: String, product: String) in worker == "W1" && product == "lamp" ? 3 : 1 }
        let all = try SkillSummary.compute(journal: journal, filter: .init())
        #expect(all.map(\.cycles) == [2_940, 980, 1, 10])
        #expect(all == expected(records, level: level))
        let since: Int64 = 1_000_000_000 + 700 * 60_000_000, until: Int64 = 1_000_000_000 + 2_100 * 60_000_000
        let window = try SkillSummary.compute(journal: journal, filter: .init(product: "cap", since: since, until: until))
        #expect(window == expected(records.filter { $0.product == "cap" && $0.startedAt >= since && $0.startedAt < until },
                                   level: level))
    }

    /// A done cycle without a duration (a tampered journal) counts as 0 s
    /// instead of stopping the export with a trap.
    @Test func aDoneCycleWithoutDurationDoesNotTrap() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try record(journal, worker: "W1", number: 1, seconds: 5, errors: 0)
        try record(journal, worker: "W1", number: 2, seconds: 10, errors: 0)
        try journal.record(CycleRecord(station: "test-1", worker: "W1", product: "cap", number: 3, level: 1, status: .done,
                                       startedAt: 300_000_000, endedAt: 301_000_000, duration: nil, errors: 0, help: 0,
                                       normTime: 10_000_000))
        let summary = try #require(try SkillSummary.compute(journal: journal, filter: .init()).first)
        #expect(summary.cycles == 3 && summary.median == 5_000_000 && summary.p90 == 10_000_000)
    }

    @Test func errorsPerStepKeepsTheMostFrequentAndCountsTheRest() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        var counts: [String: Int] = [:]
        for number in 1...60 {
            let steps = (0..<(number % 7)).map { "step-\((number * 31 + $0 * 17) % 45)" }
            for step in steps { counts[step, default: 0] += 1 }
            try journal.record(CycleRecord(station: "test-1", worker: "W1", product: "cap", number: number, level: 1,
                                           status: .done, startedAt: Int64(number) * 1_000_000, endedAt: Int64(number) * 1_000_000 + 1,
                                           duration: 1, errors: steps.count, help: 0, normTime: 1,
                                           errorRecords: steps.map { .init(step: $0, index: 1, at: Int64(number) * 1_000_000,
                                                                           kind: "wrong_input", input: "bin-1") }))
        }
        let result = try SkillSummary.errorsPerStep(journal: journal, filter: .init(), limit: 10)
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        #expect(result.top.map(\.step) == ranked.prefix(10).map(\.key))
        #expect(result.top.map(\.count) == ranked.prefix(10).map(\.value))
        #expect(result.otherSteps == ranked.count - 10)
        #expect(result.otherErrors == ranked.dropFirst(10).reduce(0) { $0 + $1.value })
    }

    @Test func auditKeepsEveryEntry() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.audit(action: "export", details: "what=cycles worker=W1", by: "assessor", at: 5)
        try journal.audit(action: "report", details: "worker=W1", by: "assessor", at: 6)
        #expect(try journal.auditLog().map(\.action) == ["export", "report"])
    }
}
