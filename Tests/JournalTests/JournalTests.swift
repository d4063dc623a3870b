import Foundation
import GRDB
@testable import Journal
import StationEngine
import Synchronization
import Testing
import TestSupport

@Suite("Journal")
struct JournalTests {
    @Test func opensInWALModeWithFullSyncAndTheCurrentSchema() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(try journal.schemaVersion() == "v8-site")
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

    // MARK: Faults and hostile files

    private func cycle(_ worker: String, _ number: Int, start: Int64 = 1_000_000) -> CycleRecord {
        CycleRecord(station: "s", worker: worker, product: "lamp", number: number, level: 1, status: .done,
                    startedAt: start, endedAt: start + 20_000_000, duration: 20_000_000, errors: 0, help: 0,
                    normTime: 15_000_000, steps: [.init(step: "pick", index: 1, startedAt: start, duration: 20_000_000)])
    }

    /// Two writers numbering the same worker and product from one snapshot:
    /// the later cycle takes the next free number instead of being lost.
    @Test func aTakenCycleNumberMovesToTheNextFreeOne() throws {
        let temp = TemporaryDirectory()
        let first = try Journal(path: temp.path + "/j.db"), second = try Journal(path: temp.path + "/j.db")
        try first.record(cycle("W1", 1))
        try first.record(cycle("W1", 2))
        try second.record(cycle("W1", 1, start: 5_000_000))
        try second.record([.cycle(cycle("W1", 2, start: 6_000_000))], station: "s")
        let numbers = try JournalExport(journal: first).rows(.cycles, filter: .init()).map { $0[2] }
        #expect(numbers == [.integer(1), .integer(2), .integer(3), .integer(4)])
    }

    /// A NUL in a badge id used to be cut off by SQLite, merging W1 and
    /// "W1\0x", and its UNIQUE failure rolled back the whole batch. Now only
    /// that row fails, with a message naming it, and the rest is committed.
    @Test func aBadRowInABatchCostsOnlyItself() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let writes: [CycleRecorder.Write] = [
            .login(worker: "W1", at: 0), .cycle(cycle("W1", 1)), .cycle(cycle("W1\0x", 1)), .cycle(cycle("W1", 2)),
            .logout(worker: "W1", at: 99_000_000),
        ]
        do {
            try journal.record(writes, station: "s")
            Issue.record("the bad row was not reported")
        } catch {
            guard case let .rowsRejected(path, failures) = error else { Issue.record("\(error)"); return }
            #expect(path == journal.path)
            #expect(failures.map(\.row) == [#"cycle 1 of 'W1\u{0}x' on 'lamp'"#])
            #expect(error.description.contains("contains a NUL character"))
            #expect(!error.description.contains("INSERT") && !error.description.contains("\0"))
        }
        #expect(try journal.cycleCount() == 2)
        #expect(try journal.lastCycleNumber(worker: "W1", product: "lamp") == 2)
        #expect(throws: JournalError.self) { try journal.record(cycle("W2\0", 1)) }
        #expect(throws: JournalError.invalidLevel(path: journal.path, level: 4)) {
            try journal.setLevel(worker: "W1", product: "lamp", level: 4, by: "S", reason: nil, at: 0)
        }
    }

    /// The journal is made 0600 before SQLite opens it; SQLite gives its
    /// -wal and -shm the main file's mode. Before, all three were 0644.
    @Test func journalAndCompanionsAreOwnerOnly() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record(cycle("W1", 1))
        for suffix in ["", "-wal", "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: journal.path + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "j.db\(suffix) has mode \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func theSchemaVersionIsInUserVersion() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(try journal.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == JournalSchema.version)
    }

    enum Newer: String, CaseIterable { case userVersion, unknownMigration }

    /// A journal from a newer oss is refused for reading and writing with
    /// both versions named, and not one byte of it changes.
    @Test(arguments: Newer.allCases)
    func aJournalFromANewerOSSIsRefusedUntouched(kind: Newer) throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/j.db"
        do {
            let journal = try Journal(path: path)
            try journal.record(cycle("W1", 1))
            try journal.queue.writeWithoutTransaction { db in
                switch kind {
                case .userVersion: try db.execute(sql: "PRAGMA user_version = 9")
                case .unknownMigration: try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-shifts')")
                }
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try Journal(path: path)
            Issue.record("a newer journal was opened")
        } catch {
            #expect(error == .newer(path: path, schema: 9, known: JournalSchema.version))
            #expect(error.description == "journal \(path) was written by a newer oss (schema v9); this oss knows up to v\(JournalSchema.version); upgrade oss")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aSQLiteFileOfAnotherProgramIsNotAnOSSJournal() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/other.db"
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: JournalError.notAnOSSJournal(path: path)) { try Journal(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let text = temp.write("notes.txt", String(repeating: "this is not sqlite\n", count: 200))
        #expect(throws: JournalError.notSQLite(path: text)) { try Journal(path: text) }
        #expect(throws: JournalError.missing(path: temp.path + "/none.db")) { try Journal(path: temp.path + "/none.db", create: false) }
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/none.db"))
    }

    /// Many processes may open one brand-new journal at once: the migrations
    /// run under one write lock, so each runs exactly once.
    @Test func manyConnectionsMigrateOneNewJournalOnce() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/new.db"
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            do { _ = try Journal(path: path) } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 } == [])
        let journal = try Journal(path: path)
        #expect(try journal.queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
            == JournalSchema.migrations.map(\.identifier))
    }

    /// Errors speak of the journal, never of SQL.
    @Test func sqliteErrorsBecomeMessagesWithoutSQL() {
        let error = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full", sql: "INSERT INTO cycles VALUES (1)")
        let mapped = JournalError(error, path: "/data/oss.db")
        #expect(mapped.description == "disk full writing journal /data/oss.db; free space and try again")
        let busy = JournalError(DatabaseError(resultCode: .SQLITE_BUSY, sql: "BEGIN IMMEDIATE"), path: "j.db")
        #expect(busy.description.hasPrefix("journal j.db is busy") && !busy.description.contains("BEGIN"))
        let other = JournalError(DatabaseError(resultCode: .SQLITE_MISMATCH, sql: "SELECT secret"), path: "j.db")
        #expect(!other.description.contains("SELECT"))
    }
}
