import GRDB
@testable import Journal
import StationEngine
import Testing
import TestSupport

/// The journal's side of the workers overview: the latest level advice
/// (`level_advice`) and the per-pair cycle totals the v7 triggers keep.
@Suite("WorkerOverview")
struct WorkerOverviewTests {
    private func cycle(_ worker: String, _ product: String, _ number: Int, start: Int64,
                       status: CycleRecord.Status = .done) -> CycleRecord {
        CycleRecord(station: "s", worker: worker, product: product, number: number, level: 1, status: status,
                    startedAt: start, endedAt: start + 20_000_000, duration: status == .done ? 20_000_000 : nil,
                    errors: 0, help: 0, normTime: 15_000_000)
    }

    private func advice(_ worker: String, _ product: String, from: Int = 1, to: Int, at: Int64,
                        applied: Bool = false) -> CycleRecorder.Write {
        .advice(worker: worker, product: product, from: from, to: to, reason: "reason \(to)", at: at, applied: applied)
    }

    @Test func countsFinishedCyclesAndTheNewestEndPerWorkerAndProduct() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record([
            .cycle(cycle("W2", "lamp", 1, start: 100_000_000)),
            .cycle(cycle("W1", "lamp", 1, start: 0)),
            .cycle(cycle("W1", "lamp", 2, start: 50_000_000)),
            .cycle(cycle("W1", "lamp", 3, start: 90_000_000, status: .abandoned)),
            .cycle(cycle("W1", "cap", 1, start: 10_000_000, status: .abandoned)),
        ], station: "s")
        try journal.setLevel(worker: "W3", product: "lamp", level: 3, by: "S", reason: nil, at: 5)
        let overview = try journal.workerOverview()
        #expect(overview == [
            WorkerProductRecord(worker: "W1", product: "cap", level: nil, levelSetAt: nil, cycles: 0, lastCycleEnd: nil, advice: nil),
            WorkerProductRecord(worker: "W1", product: "lamp", level: nil, levelSetAt: nil, cycles: 2, lastCycleEnd: 70_000_000,
                                advice: nil),
            WorkerProductRecord(worker: "W2", product: "lamp", level: nil, levelSetAt: nil, cycles: 1, lastCycleEnd: 120_000_000,
                                advice: nil),
            WorkerProductRecord(worker: "W3", product: "lamp", level: 3, levelSetAt: 5, cycles: 0, lastCycleEnd: nil, advice: nil),
        ])
    }

    @Test func keepsTheLatestAdviceAndAppliesItOnlyWhenAsked() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record([.cycle(cycle("W1", "lamp", 1, start: 0)), advice("W1", "lamp", to: 2, at: 20_000_000)], station: "s")
        try journal.record([advice("W1", "lamp", from: 2, to: 1, at: 30_000_000)], station: "s")
        #expect(try journal.workerOverview().first?.advice
                == StoredAdvice(from: 2, level: 1, reason: "reason 1", at: 30_000_000))
        #expect(try journal.levelHistory().isEmpty, "advice alone changes no level")
        try journal.record([advice("W1", "lamp", to: 3, at: 40_000_000, applied: true)], station: "s")
        let history = try journal.levelHistory()
        #expect(history.map { [$0.level, Int($0.at)] } == [[3, 40_000_000]] && history.first?.by == "auto")
        #expect(try journal.workerOverview().first.map { [$0.level, $0.advice?.level] } == [3, 3])
    }

    @Test func aBadAdviceRowCostsOnlyItself() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(throws: JournalError.self) {
            try journal.record([.cycle(cycle("W1", "lamp", 1, start: 0)), advice("W1", "lamp\0", to: 2, at: 1),
                                advice("W1", "lamp", to: 9, at: 2)], station: "s")
        }
        #expect(try journal.cycleCount() == 1)
        #expect(try journal.workerOverview().first?.advice == nil)
    }

    @Test func purgeRemovesOldAdviceAndEveryAdviceOfAPurgedWorker() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let day: Int64 = 86_400_000_000
        try journal.record([
            .cycle(cycle("OLD", "lamp", 1, start: day)), advice("OLD", "lamp", to: 2, at: 6 * day),
            .cycle(cycle("KEEP", "lamp", 1, start: day)), .cycle(cycle("KEEP", "lamp", 2, start: 8 * day)),
            advice("KEEP", "lamp", to: 2, at: 2 * day), advice("KEEP", "cap", to: 2, at: 9 * day),
        ], station: "s")
        let result = try journal.purge(before: 5 * day)
        #expect(result.workers == 1)
        let left = try journal.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT worker, product FROM level_advice").map { "\($0[0] as String) \($0[1] as String)" }
        }
        #expect(left == ["KEEP cap"], "advice from before the cutoff and all of a purged worker's go")
        #expect(try journal.workerOverview().map { "\($0.worker) \($0.product) \($0.cycles) \($0.lastCycleEnd ?? -1)" }
                == ["KEEP lamp 1 \(8 * day + 20_000_000)"], "the totals follow the purged cycles")
    }

    @Test func totalsFollowDeletedAndChangedCycles() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record((1...4).map { .cycle(cycle("W1", "lamp", $0, start: Int64($0) * 100_000_000)) }, station: "s")
        try journal.queue.write { db in
            try db.execute(sql: "DELETE FROM cycles WHERE number = 4")
            try db.execute(sql: "UPDATE cycles SET status = 'abandoned' WHERE number = 3")
            try db.execute(sql: "UPDATE cycles SET product = 'cap' WHERE number = 2")
        }
        let overview = try journal.workerOverview().map { "\($0.product) \($0.cycles) \($0.lastCycleEnd ?? -1)" }
        #expect(overview == ["cap 1 220000000", "lamp 1 120000000"])
        try journal.queue.write { db in try db.execute(sql: "DELETE FROM cycles") }
        #expect(try journal.workerOverview().isEmpty)
    }

    @Test func idsThatOnlyLookAlikeStayApartInByteOrder() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let composed = "W\u{E9}", decomposed = "We\u{301}"
        try journal.record([.cycle(cycle(composed, "lamp", 1, start: 0)), .cycle(cycle(decomposed, "lamp", 1, start: 0)),
                            .cycle(cycle("Wa", "lamp", 1, start: 0))], station: "s")
        let workers = try journal.workerOverview().map(\.worker)
        #expect(workers.map { Array($0.utf8) } == ["Wa", decomposed, composed].map { Array($0.utf8) })
    }
}
