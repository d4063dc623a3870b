import Benchmarks
import Foundation
import Journal
import Operations
@testable import SiteStore
import StationEngine
import Testing
import TestSupport

/// `SiteSync` against a real PostgreSQL (a throwaway server per test).
@Suite("Site sync", .serialized)
struct SiteSyncTests {
    static let origin: Int64 = 1_772_438_400_000_000  // 2026-03-02T08:00:00Z

    /// A journal with `count` cycles of workers W1…W3 at station `station`.
    static func journal(_ path: String, cycles count: Int, station: String = "s1", start: Int = 1) throws -> Journal {
        let journal = try Journal(path: path)
        try journal.registerStation(id: station, name: "Station \(station)", products: ["cap", "lamp"], at: origin)
        var random = TestRandom(seed: 7)
        for number in start..<(start + count) {
            let begin = origin + Int64(number) * 60_000_000
            let steps = (1...(Int(random.next(upperBound: UInt64(5))) + 1)).map { index in
                CycleRecord.StepRecord(step: "step-\(index)", index: index, startedAt: begin + Int64(index) * 1000,
                                       duration: index == 3 ? nil : 1000, errors: index % 2, help: 0, blocked: 0, slow: false)
            }
            try journal.record(CycleRecord(
                station: station, worker: "W\(number % 3 + 1)", product: number % 4 == 0 ? "lamp" : "cap", number: number,
                level: 1, status: number % 7 == 0 ? .abandoned : .done, startedAt: begin, endedAt: begin + 30_000_000,
                duration: number % 7 == 0 ? nil : 30_000_000, errors: 1, help: 0, normTime: 25_000_000, steps: steps,
                errorRecords: [.init(step: "step-1", index: 1, at: begin + 5, kind: "wrong_bin", input: "bin\t\\3\nx",
                                     clearedBy: number % 2 == 0 ? nil : "acknowledge", clearedAt: number % 2 == 0 ? nil : begin + 9)],
                helpRequests: [.init(step: "step-1", index: 1, at: begin + 7, level: 1)]))
        }
        return journal
    }

    static func connect(_ server: ScratchPostgres) async throws -> SiteDatabase {
        let database = try await SiteDatabase.connect(to: SiteAddress(server.url))
        try await CentralSchema.bringUpToDate(database)
        return database
    }

    static func sync(_ journal: Journal, _ database: SiteDatabase, batch: Int = 7,
                     now: Int64 = origin + 86_400_000_000) async throws -> SiteSync.Outcome {
        try await SiteSync(journal: journal, database: database, batchSize: batch, now: { now }).run()
    }

    @Test func aSecondSyncSendsNothingAndTheCentreHoldsExactlyTheJournalsRows() async throws {
        try await DedicatedExecutor.run {
            let temp = TemporaryDirectory()
            let server = try ScratchPostgres()
            let journal = try Self.journal(temp.path + "/a.db", cycles: 40)
            try journal.setLevel(worker: "W1", product: "cap", level: 2, by: "anna", reason: "ready", at: Self.origin)
            try journal.audit(action: "export", details: "what=cycles", by: "piet", at: Self.origin)
            let database = try await Self.connect(server)
            let first = try await Self.sync(journal, database)
            #expect(first.cycles == 40 && first.levelChanges == 1 && first.auditRows == 1)
            let second = try await Self.sync(journal, database)
            #expect(second.cycles == 0 && second.levelChanges == 0 && second.auditRows == 0)
            #expect(try server.psql("SELECT count(*) FROM cycles") == "40")
            let steps = try journal.unsentCycles(after: 0, limit: 1000).steps.count
            #expect(try server.psql("SELECT count(*) FROM cycle_steps") == String(steps))
            #expect(try server.psql("SELECT count(*) FROM errors") == "40")
            #expect(try server.psql("SELECT count(*) FROM help_requests") == "40")
            #expect(try server.psql("SELECT input FROM errors LIMIT 1") == "bin\t\\3\nx", "COPY keeps tabs, backslashes and newlines")
            #expect(try server.psql("SELECT station, name, state FROM stations") == "s1|Station s1|idle")
            // Every export of the site equals the journal's, with the station first.
            for table in JournalExport.Table.allCases {
                for includeAbandoned in [false, true] {
                    let filter = JournalExport.Filter(includeAbandoned: includeAbandoned)
                    let site = try await SiteExport(database: database).withStations(filter: filter) { stations in
                        var bytes: [UInt8] = []
                        try stations.write(table, format: .csv, filter: filter) { bytes += $0 }
                        return String(decoding: bytes, as: UTF8.self)
                    }
                    var local: [UInt8] = []
                    try StationsExport(sections: [.init(station: "s1", journal: journal)])
                        .write(table, format: .csv, filter: filter) { local += $0 }
                    let expected = String(decoding: local, as: UTF8.self)
                    #expect(expected.hasPrefix("station,") && expected.contains("\ns1,") || table == .summary)
                    #expect(site == expected, "\(table) abandoned=\(includeAbandoned)")
                }
            }
            await database.close()
        }
    }

    @Test func aBatchSentAgainBecauseItsConfirmationWasLostIsStoredOnce() async throws {
        try await DedicatedExecutor.run {
            let temp = TemporaryDirectory()
            let server = try ScratchPostgres()
            let journal = try Self.journal(temp.path + "/a.db", cycles: 10)
            let database = try await Self.connect(server)
            let sync = SiteSync(journal: journal, database: database, batchSize: 10, now: { Self.origin })
            let key = try await sync.registerJournal()
            let batch = try journal.unsentCycles(after: 0, limit: 10)
            let first = try await sync.store(batch, key)
            // The COMMIT answered but the cursor was never moved (a kill): the same batch again.
            let again = try await sync.store(batch, key)
            #expect(first.cycles == 10 && first.children == batch.steps.count + 20)
            #expect(again.cycles == 0 && again.children == 0)
            #expect(try server.psql("SELECT count(*) FROM cycles") == "10")
            #expect(try server.psql("SELECT count(*) FROM cycle_steps") == String(batch.steps.count))
            #expect(try journal.sentThrough(.cycles) == 0)
            #expect(try await Self.sync(journal, database).cycles == 0, "the next sync finds them there and moves the cursor")
            #expect(try journal.sentThrough(.cycles) == batch.lastID)
            await database.close()
        }
    }

    @Test func twoStationsShareTheCentreAndTakeDownEachOthersLevelChanges() async throws {
        try await DedicatedExecutor.run {
            let temp = TemporaryDirectory()
            let server = try ScratchPostgres()
            let a = try Self.journal(temp.path + "/a.db", cycles: 5, station: "s1")
            let b = try Self.journal(temp.path + "/b.db", cycles: 5, station: "s2")
            try a.setLevel(worker: "W1", product: "cap", level: 3, by: "anna", reason: nil, at: Self.origin + 10)
            let database = try await Self.connect(server)
            _ = try await Self.sync(a, database)
            let outcome = try await Self.sync(b, database)
            #expect(outcome.receivedLevels == 1)
            #expect(try b.currentLevel(worker: "W1", product: "cap") == 3)
            #expect(try await Self.sync(a, database).receivedLevels == 0, "a station does not take its own changes back")
            #expect(try server.psql("SELECT count(*) FROM cycles") == "10")
            #expect(try server.psql("SELECT count(DISTINCT journal) FROM cycles") == "2")
            await database.close()
        }
    }

    @Test func aCentralChangeAppliesAtTheStationAndOneDatedInTheFutureIsRefusedThere() async throws {
        try await DedicatedExecutor.run {
            let temp = TemporaryDirectory()
            let server = try ScratchPostgres()
            let journal = try Self.journal(temp.path + "/a.db", cycles: 3)
            let database = try await Self.connect(server)
            _ = try await Self.sync(journal, database)
            let now = Self.origin + 86_400_000_000
            let levels = CentralLevels(database: database)
            let actor = Actor.console(account: "piet")
            try await levels.set(try LevelRequest(worker: "W2", product: "cap", level: 2), by: actor, at: now - 1)
            try await levels.set(try LevelRequest(worker: "W3", product: "cap", level: 3), by: actor, at: now + 600_000_000)
            let outcome = try await Self.sync(journal, database, now: now)
            #expect(outcome.receivedLevels == 1 && outcome.refusedLevels == 1)
            #expect(try journal.currentLevel(worker: "W2", product: "cap") == 2)
            #expect(try journal.currentLevel(worker: "W3", product: "cap") == nil, "10 minutes ahead of the station's clock")
            #expect(try journal.centralLevelsThrough() == 2, "the cursor moves past the refused change")
            await #expect(throws: OperationError.unknownProduct("kettle", journal: "the site database")) {
                try await levels.set(try LevelRequest(worker: "W2", product: "kettle", level: 2), by: actor, at: now)
            }
            await database.close()
        }
    }

    @Test func aStationChangeDatedInTheFutureIsKeptCentrallyButNotInForce() async throws {
        try await DedicatedExecutor.run {
            let temp = TemporaryDirectory()
            let server = try ScratchPostgres()
            let journal = try Self.journal(temp.path + "/a.db", cycles: 1)
            let wrongClock = Int64(Date().timeIntervalSince1970 * 1_000_000) + 3_600_000_000
            try journal.setLevel(worker: "W1", product: "cap", level: 3, by: "anna", reason: nil, at: wrongClock)
            let database = try await Self.connect(server)
            #expect(try await Self.sync(journal, database).levelChanges == 1)
            #expect(try server.psql("SELECT level, future FROM levels") == "3|t")
            #expect(try await CentralLevels(database: database).history().isEmpty)
            await database.close()
        }
    }
}
