import Foundation
import Journal
import StationEngine
import Testing
import TestSupport

@Suite("Journal")
struct JournalTests {
    @Test func opensInWALModeWithFullSyncAndTheCurrentSchema() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(try journal.schemaVersion() == "v4-privacy")
        #expect(try journal.integrityCheck() == "ok")
        #expect(FileManager.default.fileExists(atPath: temp.path + "/j.db-wal"), "WAL mode keeps a -wal file while open")
    }

    @Test func recordsCyclesAndFindsTheLastNumber() throws {
        var f = try JournalFixture()
        try f.at(0, .badge("W1"))
        try f.at(1, .product("cap"))
        try f.capCycle(start: 1, duration: 2)
        try f.capCycle(start: 3, duration: 4)
        try f.at(8, .logout)
        #expect(try f.journal.cycleCount(status: .done) == 2)
        #expect(try f.journal.cycleCount(status: .abandoned) == 1)
        #expect(try f.journal.lastCycleNumber(worker: "W1", product: "cap") == 3)
        #expect(try f.journal.lastCycleNumber(worker: "W2", product: "cap") == 0)
    }

    @Test func dataSurvivesReopening() throws {
        var f = try JournalFixture()
        try f.at(0, .badge("W1"))
        try f.at(1, .product("cap"))
        try f.capCycle(start: 1, duration: 2)
        let reopened = try Journal(path: f.journal.path)
        #expect(try reopened.cycleCount() == 1)
        #expect(try reopened.lastCycleNumber(worker: "W1", product: "cap") == 2 - 1)
    }

    @Test func levelsKeepTheirHistoryAndTheNewestCounts() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(try journal.currentLevel(worker: "W1", product: "lamp") == nil)
        try journal.setLevel(worker: "W1", product: "lamp", level: 2, by: "S001", reason: "fast and clean", at: 10)
        try journal.setLevel(worker: "W1", product: "lamp", level: 3, by: "auto", reason: nil, at: 20)
        try journal.setLevel(worker: "W2", product: "lamp", level: 1, by: "S001", reason: nil, at: 30)
        #expect(try journal.currentLevel(worker: "W1", product: "lamp") == 3)
        #expect(try journal.currentLevel(worker: "W1", product: "cap") == nil)
        #expect(try journal.levelHistory(worker: "W1").map(\.level) == [2, 3])
        #expect(try journal.levelHistory().map(\.by) == ["S001", "auto", "S001"])
        #expect(try journal.levelHistory(worker: "W1").first?.reason == "fast and clean")
    }

    @Test func refusesAPathThatCannotBeOpened() {
        #expect(throws: Journal.OpenError.self) { try Journal(path: "/nonexistent-folder/x/j.db") }
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let temp = TemporaryDirectory()
        let path = temp.write("not.db", String(repeating: "this is not sqlite\n", count: 200))
        #expect(throws: Journal.OpenError.self) { try Journal(path: path) }
    }
}
