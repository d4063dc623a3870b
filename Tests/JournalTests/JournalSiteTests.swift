import Foundation
import GRDB
@testable import Journal
import StationEngine
import Testing
import TestSupport

/// The journal's side of the site (migration v8-site): its id, the outbox
/// cursors, ids that never repeat, the purge guard, and central level changes.
@Suite("Journal site outbox")
struct JournalSiteTests {
    static let day: Int64 = 86_400_000_000

    func cycle(_ worker: String, _ number: Int, start: Int64 = 1_000_000) -> CycleRecord {
        CycleRecord(station: "s1", worker: worker, product: "cap", number: number, level: 1, status: .done,
                    startedAt: start, endedAt: start + 2_000_000, duration: 2_000_000, errors: 1, help: 0,
                    normTime: 2_000_000,
                    steps: [.init(step: "a", index: 1, startedAt: start, duration: 1_000_000, errors: 1, help: 0,
                                  blocked: 0, slow: false),
                            .init(step: "b", index: 2, startedAt: start + 1_000_000, duration: 1_000_000, errors: 0, help: 0,
                                  blocked: 0, slow: false)],
                    errorRecords: [.init(step: "a", index: 1, at: start + 10, kind: "wrong_bin", input: "bin-3",
                                         clearedBy: "acknowledge", clearedAt: start + 20)],
                    helpRequests: [])
    }

    @Test func theSiteIDIsAUUIDMadeOnceAndNeverChanged() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let id = try journal.siteID()
        #expect(UUID(uuidString: id) != nil)
        #expect(try Journal(path: journal.path).siteID() == id, "reopening keeps the id")
        #expect(try Journal(path: temp.path + "/other.db").siteID() != id, "another journal has another id")
        #expect(throws: (any Error).self) {
            try journal.queue.write { db in try db.execute(sql: "UPDATE site_identity SET uuid = '00000000-0000-0000-0000-000000000000'") }
        }
        #expect(try journal.siteID() == id)
    }

    @Test func unsentCyclesComeInIdOrderWithTheirChildrenAndTheCursorOnlyMovesForward() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for number in 1...5 { try journal.record(cycle("W1", number, start: Int64(number) * 10_000_000)) }
        let first = try journal.unsentCycles(after: 0, limit: 2)
        #expect(first.cycles.map(\.number) == [1, 2])
        #expect(first.steps.count == 4 && first.errors.count == 2)
        #expect(Set(first.steps.map(\.cycleID)) == Set(first.cycles.map(\.id)))
        try journal.markSent(.cycles, through: first.lastID!, at: 1)
        #expect(try journal.sentThrough(.cycles) == first.lastID)
        try journal.markSent(.cycles, through: 1, at: 2)
        #expect(try journal.sentThrough(.cycles) == first.lastID, "an older confirmation does not move the cursor back")
        let rest = try journal.unsentCycles(after: try journal.sentThrough(.cycles), limit: 100)
        #expect(rest.cycles.map(\.number) == [3, 4, 5])
        #expect(throws: (any Error).self) {
            try journal.queue.write { db in try db.execute(sql: "UPDATE site_outbox SET sent_through = 0 WHERE kind = 'cycles'") }
        }
    }

    @Test func idsNeverRepeatAfterAPurgeSoTheCursorSkipsNoNewCycle() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for number in 1...3 { try journal.record(cycle("W1", number)) }
        let sent = try journal.unsentCycles(after: 0, limit: 10)
        try journal.markSent(.cycles, through: sent.lastID!, at: 1)
        _ = try journal.purge(before: Self.day)
        #expect(try journal.cycleCount() == 0)
        try journal.record(cycle("W1", 4, start: 2 * Self.day))
        let next = try journal.unsentCycles(after: try journal.sentThrough(.cycles), limit: 10)
        #expect(next.cycles.map(\.number) == [4], "the new cycle is above the cursor")
        #expect(next.cycles[0].id > sent.lastID!)
    }

    @Test func aPurgeOfCyclesTheSiteHasNotConfirmedIsRefusedUnlessForced() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for number in 1...3 { try journal.record(cycle("W1", number)) }
        // A journal that never synced is not part of a site: purge as ever.
        let unsynced = try Journal(path: temp.path + "/alone.db")
        try unsynced.record(cycle("W1", 1))
        #expect(try unsynced.purge(before: Self.day).cycles == 1)

        let sent = try journal.unsentCycles(after: 0, limit: 1)
        try journal.markSent(.cycles, through: sent.lastID!, at: 1)
        #expect(throws: JournalError.unsentCycles(path: journal.path, count: 2)) { try journal.purge(before: Self.day) }
        #expect(try journal.cycleCount() == 3, "nothing was deleted")
        #expect(JournalError.unsentCycles(path: "j.db", count: 2).description.contains("--force-unsent"))
        #expect(try journal.purge(before: Self.day, forceUnsent: true).cycles == 3)
    }

    @Test func centralLevelChangesAreStoredOnceAndTheLaterSetAtWins() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.setLevel(worker: "W1", product: "cap", level: 2, by: "anna", reason: nil, at: 100)
        let central = [Outbox.Level(id: 7, worker: "W1", product: "cap", level: 3, at: 200, by: "piet", reason: "site"),
                       Outbox.Level(id: 9, worker: "W2", product: "cap", level: 2, at: 50, by: "piet", reason: nil)]
        #expect(try journal.receiveCentralLevels(central, through: 9) == 2)
        #expect(try journal.receiveCentralLevels(central, through: 9) == 0, "taken down twice, stored once")
        #expect(try journal.centralLevelsThrough() == 9)
        #expect(try journal.currentLevel(worker: "W1", product: "cap") == 3, "the centre's change is later")
        #expect(try journal.levelHistory(worker: "W1").map(\.level) == [2, 3], "both stay in the history")
        try journal.receiveCentralLevels([Outbox.Level(id: 10, worker: "W1", product: "cap", level: 1, at: 150, by: "piet",
                                                       reason: nil)], through: 10)
        #expect(try journal.currentLevel(worker: "W1", product: "cap") == 3, "an older central change does not win")
        #expect(try journal.unsentLevels(after: 0, limit: 10).map(\.by) == ["anna"], "changes from the centre are not sent back")
    }

    @Test func copiesOfRowsGiveTheSameExport() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for number in 1...4 { try journal.record(cycle("W\(number % 2)", number, start: Int64(number) * 10_000_000)) }
        let copy = try Journal(path: temp.path + "/copy.db")
        try copy.storeCopies(try journal.unsentCycles(after: 0, limit: 100))
        for table in JournalExport.Table.allCases {
            #expect(try JournalExport(journal: copy).render(table, format: .csv, filter: .init())
                    == JournalExport(journal: journal).render(table, format: .csv, filter: .init()))
        }
    }

    @Test func theStationsExportPutsTheStationFirstInEveryFormat() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record(cycle("W1", 1))
        let export = StationsExport(sections: [.init(station: "s-1", journal: journal), .init(station: "=s2", journal: journal)])
        var csv: [UInt8] = []
        try export.write(.cycles, format: .csv, filter: .init()) { csv += $0 }
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        let single = try JournalExport(journal: journal).render(.cycles, format: .csv, filter: .init()).split(separator: "\n")
        #expect(lines[0] == "station," + single[0])
        #expect(lines[1] == "s-1," + single[1])
        #expect(lines[2] == "'=s2," + single[1], "the formula guard holds for the station too")
        var json: [UInt8] = []
        try export.write(.steps, format: .json, filter: .init()) { json += $0 }
        let objects = try JSONSerialization.jsonObject(with: Data(json)) as? [[String: Any]]
        #expect(objects?.count == 4)
        #expect(objects?.first?["station"] as? String == "s-1")
    }
}
