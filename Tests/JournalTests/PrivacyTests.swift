import StationEngine
import Foundation
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

    /// Purging everything leaves no worker id anywhere in the journal's
    /// bytes: not the level in force, not the name, not audit details, not
    /// free pages, not the -wal. Before, the level in force, `worker=W042`
    /// in the audit and the deleted rows' bytes all stayed.
    @Test func purgingEverythingLeavesNoWorkerIdInTheFiles() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let workers = ["W042", "B-1739", "badge-7788"]
        for (i, worker) in workers.enumerated() {
            for number in 1...40 { try record(journal, worker: worker, number: number, start: Int64(i * 1000 + number) * 1_000_000, errors: 1) }
            try journal.recordLogin(worker: worker, station: "s", at: 1_000_000)
            try journal.setLevel(worker: worker, product: "lamp", level: 2, by: "S001", reason: "steady", at: 2_000_000)
            try journal.setName(worker: worker, name: "Name \(i)")
        }
        try journal.audit(action: "report", details: "worker=W042 out=report-W042.html", by: "S001", at: 3_000_000)
        try journal.audit(action: "export", details: "what=cycles worker=B-1739 out=stdout", by: "S001", at: 4_000_000)
        let result = try journal.purge(before: Int64.max)
        #expect(result.workers == 3 && result.cycles == 120 && result.walTruncated)
        try journal.audit(action: "purge", details: "older-than=0", by: "S001", at: 5_000_000)
        #expect(try journal.auditLog().map(\.details).prefix(2)
            == ["worker=(purged) out=report-(purged).html", "what=cycles worker=(purged) out=stdout"])
        #expect(try journal.levelHistory().isEmpty && journal.names().isEmpty)
        for suffix in ["", "-wal"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: journal.path + suffix))
            for worker in workers {
                #expect(bytes.range(of: Data(worker.utf8)) == nil, "\(worker) is still in j.db\(suffix)")
            }
        }
        #expect(try journal.integrityCheck() == "ok")
    }

    @Test func redactionTouchesIdsNotTheirNeighbours() {
        #expect(Journal.redact("worker=W1 cycles=1 out=W1.csv", workers: ["W1"]) == "worker=(purged) cycles=1 out=W1.csv")
        #expect(Journal.redact("worker=W12 out=x-W12.csv", workers: ["W12", "W1"]) == "worker=(purged) out=x-(purged).csv")
        #expect(Journal.redact("worker=W123 out=W123", workers: ["W12"]) == "worker=W123 out=W123")
    }

    /// `oss purge --older-than 106751992` trapped on the multiplication;
    /// the cutoff is now checked and too many days are a clear error.
    @Test func purgeCutoffIsCheckedArithmetic() throws {
        let now: Int64 = 1_772_438_400_000_000
        #expect(try Journal.purgeCutoff(olderThanDays: 0, now: now) == now)
        #expect(try Journal.purgeCutoff(olderThanDays: 2, now: now) == now - 2 * 86_400_000_000)
        for days in [106_751_992, Int.max, -1] {
            #expect(throws: JournalError.self) { try Journal.purgeCutoff(olderThanDays: days, now: now) }
        }
        do {
            _ = try Journal.purgeCutoff(olderThanDays: 106_751_992, now: now)
        } catch {
            #expect(error.description == "106751992 days reaches back before the year 1; give at most 739676 days")
        }
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try record(journal, worker: "W1", number: 1, start: now - 3 * 86_400_000_000)
        #expect(try journal.purge(olderThanDays: 2, now: now).cycles == 1)
    }
}
