import GRDB
@testable import Journal
import Testing
import TestSupport

@Suite("JournalSchema")
struct JournalSchemaTests {
    @Test func aVersionOneJournalMigratesForwardWithoutLoss() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/old.db"
        do {
            let queue = try DatabaseQueue(path: path)
            try JournalSchema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO workers (id, first_seen_us) VALUES ('W1', 1)")
                try db.execute(sql: """
                    INSERT INTO cycles (worker, product, number, station, status, level, started_us, ended_us, duration_us,
                                        errors, help, norm_time_us) VALUES ('W1', 'lamp', 7, 's', 'done', 1, 10, 20, 10, 1, 0, 30)
                    """)
                try db.execute(sql: """
                    INSERT INTO errors (cycle_id, step, idx, at_us, kind, input, cleared_by, cleared_us)
                    VALUES (1, 'pick', 1, 12, 'wrong_input', 'bin-2', 'acknowledge', 13)
                    """)
            }
        }
        let journal = try Journal(path: path)
        #expect(try journal.schemaVersion() == "v4-privacy")
        #expect(try journal.lastCycleNumber(worker: "W1", product: "lamp") == 7)
        let errors = try JournalExport(journal: journal).rows(.errors, filter: .init())
        #expect(errors.count == 1 && errors.first?[5] == .text("wrong_input"))
        try journal.setLevel(worker: "W1", product: "lamp", level: 2, by: "S", reason: nil, at: 30)
        #expect(try journal.currentLevel(worker: "W1", product: "lamp") == 2)
        #expect(try journal.integrityCheck() == "ok")
    }

    @Test func migrationsAreInOrderAndNeverRenamed() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let applied = try journal.queue.read { db in try JournalSchema.migrator.appliedIdentifiers(db) }
        #expect(Array(applied).sorted() == ["v1", "v2-levels", "v3-audit", "v4-privacy"])
    }
}
