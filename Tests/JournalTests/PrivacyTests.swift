@testable import Journal
import GRDB
import Testing
import TestSupport

@Suite("Journal privacy")
struct PrivacyTests {
    private func record(_ journal: Journal, worker: String, number: Int, start: Int64, errors: Int = 0) throws {
        try journal.record(CycleRecord(station: "s", worker: worker, product: "lamp", number: number, level: 1, status: .done,
                                       startedAt: start, endedAt: start + 20_000_000, duration: 20_000_000, errors: errors,
                                       help: 0, normTime: 15_000_000,
                                       errorRecords: (0..<errors).map { _ in .init(step: "pick", index: 1, at: start, kind: "wrong_input", input: "bin-2") }))
    }

    @Test func namesAreExportedOnlyWhenAskedFor() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try record(journal, worker: "W1", number: 1, start: 1_000_000)
        try journal.setName(worker: "W1", name: "Jan de Vries")
        let export = JournalExport(journal: journal)
        let plain = try export.render(.cycles, format: .csv, filter: .init())
        #expect(!plain.contains("Jan de Vries") && !plain.contains("name"))
        let named = try export.render(.cycles, format: .csv, filter: .init(), withNames: true)
        #expect(named.hasPrefix("worker,name,product,"))
        #expect(named.contains("W1,Jan de Vries,lamp,1,"))
        try journal.setName(worker: "W1", name: nil)
        #expect(try journal.names().isEmpty)
    }

    @Test func purgeDeletesOldPersonalDataAndKeepsAggregates() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let day: Int64 = 86_400_000_000
        try record(journal, worker: "OLD", number: 1, start: 1 * day, errors: 2)
        try record(journal, worker: "OLD", number: 2, start: 1 * day + 60_000_000)
        try record(journal, worker: "NEW", number: 1, start: 10 * day)
        try journal.recordLogin(worker: "OLD", station: "s", at: 1 * day)
        try journal.setName(worker: "OLD", name: "Old Name")
        try journal.setLevel(worker: "NEW", product: "lamp", level: 1, by: "S", reason: nil, at: 1 * day)
        try journal.setLevel(worker: "NEW", product: "lamp", level: 2, by: "S", reason: nil, at: 2 * day)
        let result = try journal.purge(before: 5 * day)
        #expect(result.cycles == 2 && result.sessions == 1 && result.levelChanges == 1)
        #expect(try journal.cycleCount() == 1)
        #expect(try journal.names().isEmpty, "the purged worker's name goes too")
        #expect(try journal.currentLevel(worker: "NEW", product: "lamp") == 2, "the level in force stays")
        let aggregates = try journal.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT product, day, cycles, duration_us, errors FROM aggregates")
        }
        #expect(aggregates.count == 1)
        #expect(aggregates.first.map { ($0[0] as String, $0[1] as String, $0[2] as Int, $0[4] as Int) }
            .map { $0 == ("lamp", "1970-01-02", 2, 2) } == true)
        let columns = try journal.queue.read { db in try db.columns(in: "aggregates").map(\.name) }
        #expect(!columns.contains("worker"), "aggregates hold no worker ids")
        #expect(try journal.integrityCheck() == "ok")
    }
}
