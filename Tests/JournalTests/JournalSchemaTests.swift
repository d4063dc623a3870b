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
        #expect(try journal.schemaVersion() == "v8-site")
        #expect(try journal.lastCycleNumber(worker: "W1", product: "lamp") == 7)
        let errors = try JournalExport(journal: journal).rows(.errors, filter: .init())
        #expect(errors.count == 1 && errors.first?[5] == .text("wrong_input"))
        try journal.setLevel(worker: "W1", product: "lamp", level: 2, by: "S", reason: nil, at: 30)
        #expect(try journal.currentLevel(worker: "W1", product: "lamp") == 2)
        #expect(try journal.integrityCheck() == "ok")
    }

    /// A journal left at each older version, with rows in every table it
    /// has, keeps every row through the migrations that follow.
    @Test(arguments: ["v1", "v2-levels", "v3-audit"])
    func everyOlderVersionMigratesWithAllItsRows(version: String) throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/old.db"
        let tables = ["workers", "sessions", "cycles", "cycle_steps", "errors", "help_requests"]
            + (version == "v1" ? [] : ["levels"]) + (version == "v3-audit" ? ["audit"] : [])
        var before: [String: Int] = [:]
        do {
            let queue = try DatabaseQueue(path: path)
            try JournalSchema.migrator.migrate(queue, upTo: version)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO workers (id, first_seen_us) VALUES ('W1', 1), ('W2', 2)")
                try db.execute(sql: "INSERT INTO sessions (worker, station, login_us, logout_us) VALUES ('W1', 's', 1, 50), ('W2', 's', 60, NULL)")
                for number in 1...3 {
                    try db.execute(sql: "INSERT INTO cycles (worker, product, number, station, status, level, started_us, ended_us, duration_us, errors, help, norm_time_us) VALUES ('W1', 'lamp', ?, 's', 'done', 1, ?, ?, 10, 1, 1, 30)",
                                   arguments: [number, number * 100, number * 100 + 10])
                    let id = db.lastInsertedRowID
                    try db.execute(sql: "INSERT INTO cycle_steps (cycle_id, step, idx, started_us, duration_us, errors, help, blocked, slow) VALUES (?, 'pick', 1, ?, 10, 1, 1, 0, 0)",
                                   arguments: [id, number * 100])
                    try db.execute(sql: "INSERT INTO errors (cycle_id, step, idx, at_us, kind, input) VALUES (?, 'pick', 1, ?, 'wrong_input', 'bin-2')",
                                   arguments: [id, number * 100 + 2])
                    try db.execute(sql: "INSERT INTO help_requests (cycle_id, step, idx, at_us, level) VALUES (?, 'pick', 1, ?, 1)",
                                   arguments: [id, number * 100 + 3])
                }
                if tables.contains("levels") {
                    try db.execute(sql: "INSERT INTO levels (worker, product, level, set_us, set_by) VALUES ('W1', 'lamp', 2, 400, 'S001')")
                }
                if tables.contains("audit") {
                    try db.execute(sql: "INSERT INTO audit (at_us, action, details, by) VALUES (500, 'export', 'what=cycles', 'assessor')")
                }
                for table in tables { before[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") }
            }
        }
        let journal = try Journal(path: path)
        #expect(try journal.schemaVersion() == "v8-site")
        let after = try journal.queue.read { db in
            try tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
        #expect(after == tables.map { before[$0] ?? -2 }, "rows per table (\(tables)) after migrating from \(version)")
        #expect(try journal.lastCycleNumber(worker: "W1", product: "lamp") == 3)
        #expect(try journal.currentLevel(worker: "W1", product: "lamp") == (version == "v1" ? nil : 2))
        #expect(try JournalExport(journal: journal).rows(.steps, filter: .init()).count == 3)
        #expect(try journal.workerOverview().map { [$0.worker, $0.product, "\($0.cycles)", "\($0.lastCycleEnd ?? -1)"] }
                == [["W1", "lamp", "3", "310"]], "v7-advice counts the cycles already there")
        #expect(try journal.integrityCheck() == "ok")
    }

    @Test func migrationsAreInOrderAndNeverRenamed() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let applied = try journal.queue.read { db in try JournalSchema.migrator.appliedIdentifiers(db) }
        #expect(Array(applied).sorted() == ["v1", "v2-levels", "v3-audit", "v4-privacy", "v5-accounts", "v6-stations", "v7-advice", "v8-site"])
    }
}
