import Benchmarks
import Foundation
import Journal
import Testing
import TestSupport

/// `oss sync`, `oss export --postgres` and `oss level ... --postgres` as a
/// site runs them: real `oss` processes against a throwaway PostgreSQL,
/// stations simulated by `oss simulate` of a generated shift.
@Suite("oss sync", .serialized)
struct SyncCommandTests {
    static let inpak = Repository.root + "/stations/inpak-2"

    /// A journal of station inpak-2 made by `oss simulate` of a generated shift.
    static func simulatedJournal(_ path: String, hours: Double, in temp: TemporaryDirectory,
                                 start: String = "2026-03-02T08:00:00Z") throws {
        try simulate(path, script: shiftScript(hours: hours, in: temp), start: start)
    }

    /// A generated shift of `hours` at inpak-2, written once per folder.
    static func shiftScript(hours: Double, in temp: TemporaryDirectory) throws -> String {
        let script = temp.path + "/shift-\(hours).jsonl"
        if !FileManager.default.fileExists(atPath: script) {
            _ = temp.write("shift-\(hours).jsonl", try generatedScript(station: inpak, hours: hours))
        }
        return script
    }

    static func simulate(_ path: String, script: String, start: String) throws {
        let run = try oss("simulate", "--station", inpak, "--events", script, "--journal", path, "--start", start)
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// Rows of one table, sorted, as sqlite3 and psql print them (`|` between fields).
    static func journalRows(_ path: String, _ sql: String) throws -> [String] {
        try ExternalTool("sqlite3", package: "sqlite3").run([path, sql]).output.split(separator: "\n").map(String.init).sorted()
    }

    /// The site's export must be every journal's export, the station first.
    static func expectExportsEqual(_ server: ScratchPostgres, journals: [String], what: String = "steps",
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let site = try oss("export", "--postgres", server.url, "--what", what, "--include-abandoned")
        #expect(site.status == 0, "\(site.stderr)", sourceLocation: sourceLocation)
        var expected: [String] = []
        var header = ""
        for journal in journals {
            let local = try oss("export", "--journal", journal, "--what", what, "--include-abandoned")
            let lines = local.stdout.split(separator: "\n").map(String.init)
            header = "station," + lines[0]
            expected += lines.dropFirst().map { "inpak-2," + $0 }
        }
        let siteLines = site.stdout.split(separator: "\n").map(String.init)
        #expect(siteLines.first == header, sourceLocation: sourceLocation)
        #expect(siteLines.dropFirst().sorted() == expected.sorted(), "\(what): the site's rows are the journals' rows",
                sourceLocation: sourceLocation)
    }

    @Test func aSecondSyncSendsNothingAndTheSiteExportEqualsTheJournals() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let journals = [temp.path + "/a.db", temp.path + "/b.db"]
        for journal in journals { try Self.simulatedJournal(journal, hours: 2, in: temp) }
        let cycles = try journals.map { Int(try Self.journalRows($0, "SELECT count(*) FROM cycles")[0])! }
        #expect(cycles.allSatisfy { $0 > 20 })
        for (journal, count) in zip(journals, cycles) {
            let first = try oss("sync", "--journal", journal, "--postgres", server.url)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "synced \(count) cycles, 0 level changes\n")
            let second = try oss("sync", "--journal", journal, "--postgres", server.url)
            #expect(second.stdout == "synced 0 cycles, 0 level changes\n")
        }
        #expect(try server.psql("SELECT count(*) FROM cycles") == String(cycles.reduce(0, +)))
        for what in ["cycles", "steps", "errors"] { try Self.expectExportsEqual(server, journals: journals, what: what) }
        let audit = try server.psql("SELECT action, by FROM audit WHERE journal IS NULL")
        #expect(audit.contains("export|"), "the site export is audited centrally")
        let names = try oss("export", "--postgres", server.url, "--what", "cycles", "--with-names")
        #expect(names.status == 1 && names.stderr.contains("keeps no names"))
    }

    /// Kills `oss sync` 20 times at a random moment; then one sync finishes
    /// and the centre holds exactly the journal's rows.
    @Test func twentyKillsLoseNothingAndDoubleNothing() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let journal = temp.path + "/a.db"
        try Self.simulatedJournal(journal, hours: 40, in: temp)
        var random = TestRandom.forTest("twentyKills")
        var killedMidway = 0
        for round in 0..<20 {
            let process = try OSSProcess.start(["sync", "--journal", journal, "--postgres", server.url, "--batch", "50"])
            usleep(UInt32.random(in: 20_000...400_000, using: &random))
            kill(process.identifier, SIGKILL)
            let status = process.wait()
            if status == -SIGKILL { killedMidway += 1 } else { #expect(status == 0, "round \(round)") }
        }
        #expect(killedMidway >= 5, "the kills should land while the sync runs")
        let last = try oss("sync", "--journal", journal, "--postgres", server.url)
        #expect(last.status == 0, "\(last.stderr)")
        let local = try Self.journalRows(journal, "SELECT id, worker, product, number, started_us, duration_us FROM cycles")
        let central = try server.psql("SELECT id, worker, product, number, started_us, duration_us FROM cycles")
            .split(separator: "\n").map(String.init).sorted()
        #expect(central == local)
        #expect(try server.psql("SELECT count(*) FROM cycle_steps")
                == (try Self.journalRows(journal, "SELECT count(*) FROM cycle_steps")[0]))
        #expect(try server.psql("SELECT count(*) FROM errors") == (try Self.journalRows(journal, "SELECT count(*) FROM errors")[0]))
        try Self.expectExportsEqual(server, journals: [journal])
    }

    @Test func aServerStoppedMidSyncBlocksNothingAndTheNextSyncCompletes() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let journal = temp.path + "/a.db"
        try Self.simulatedJournal(journal, hours: 200, in: temp)
        let process = try OSSProcess.start(["sync", "--journal", journal, "--postgres", server.url, "--batch", "5"])
        // Stopped once the first batches are in.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (Int((try? server.psql("SELECT count(*) FROM cycles")) ?? "") ?? 0) < 50 { usleep(20_000) }
        try server.stop()
        let started = Date()
        let status = process.wait()
        #expect(Date().timeIntervalSince(started) < 30, "a one-shot sync gives up within 30 s")
        #expect(status == 1, "the server stopped in the middle of the sync")
        // One error line of ours. (When postgres-nio drops a COPY's continuation
        // on the stopped server, the Swift runtime may add its own warning line.)
        let errors = process.standardError().split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1 && errors.first?.contains("nothing was lost") == true, "\(process.standardError())")
        #expect(!process.standardError().contains("PSQLError"), "\(process.standardError())")
        // The station goes on working while the server is down.
        let before = Date()
        try Self.simulatedJournal(journal, hours: 1, in: temp, start: "2026-03-05T08:00:00Z")
        #expect(Date().timeIntervalSince(before) < 60)
        let down = try oss("sync", "--journal", journal, "--postgres", server.url)
        #expect(down.status == 1 && down.stderr.contains("cannot reach") && down.isClean, "\(down.stderr)")
        try server.start()
        let again = try oss("sync", "--journal", journal, "--postgres", server.url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try server.psql("SELECT count(*) FROM cycles") == (try Self.journalRows(journal, "SELECT count(*) FROM cycles")[0]))
        try Self.expectExportsEqual(server, journals: [journal])
    }

    /// 8 journals, each written by `oss simulate` runs while its own
    /// `oss sync --follow` sends; at the end the centre holds exactly the sum.
    @Test func eightStationsFollowingWhileTheyWork() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let script = try Self.shiftScript(hours: 1, in: temp)
        let journals = (0..<8).map { temp.path + "/station-\($0).db" }
        for journal in journals { try Self.simulatedJournal(journal, hours: 1, in: temp) }
        let followers = try journals.map {
            try OSSProcess.start(["sync", "--journal", $0, "--postgres", server.url, "--follow", "--interval", "1"])
        }
        DispatchQueue.concurrentPerform(iterations: journals.count) { index in
            for day in 3...5 {
                try? Self.simulate(journals[index], script: script, start: "2026-03-0\(day)T08:00:00Z")
            }
        }
        let total = try journals.map { Int(try Self.journalRows($0, "SELECT count(*) FROM cycles")[0])! }.reduce(0, +)
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, (try? server.psql("SELECT count(*) FROM cycles")) != String(total) { usleep(250_000) }
        #expect(try server.psql("SELECT count(*) FROM cycles") == String(total))
        for follower in followers { kill(follower.identifier, SIGTERM) }
        for follower in followers { #expect(follower.wait() == 0, "\(follower.standardError())") }
        #expect(try server.psql("SELECT count(DISTINCT journal) FROM cycles") == "8")
        try Self.expectExportsEqual(server, journals: journals, what: "cycles")
    }

    @Test func aLevelSetCentrallyIsUsedByTheStationsNextCycle() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let journal = temp.path + "/a.db"
        try Self.simulatedJournal(journal, hours: 1, in: temp)
        #expect(try oss("sync", "--journal", journal, "--postgres", server.url).status == 0)
        let pair = try Self.journalRows(journal, "SELECT worker || ' ' || product FROM cycles ORDER BY id DESC LIMIT 1")[0]
            .split(separator: " ").map(String.init)
        let set = try oss("level", "set", "--postgres", server.url, "--worker", pair[0], "--product", pair[1], "3",
                          "--reason", "site")
        #expect(set.status == 0, "\(set.stderr)")
        let shown = try oss("level", "show", "--postgres", server.url, "--worker", pair[0])
        #expect(shown.stdout.contains("\(pair[0])  \(pair[1])  level 3"), "\(shown.stdout)")
        let sync = try oss("sync", "--journal", journal, "--postgres", server.url)
        #expect(sync.stdout == "synced 0 cycles, 0 level changes\n", "a central change is taken down, not sent")
        #expect(try Self.journalRows(journal, "SELECT level, set_by FROM levels WHERE central_id IS NOT NULL").count == 1)
        try Self.simulatedJournal(journal, hours: 1, in: temp, start: "2026-03-03T08:00:00Z")
        let next = try Self.journalRows(journal, """
            SELECT level FROM cycles WHERE worker = '\(pair[0])' AND product = '\(pair[1])' AND started_us >= 1772524800000000
            ORDER BY started_us LIMIT 1
            """)
        #expect(next == ["3"], "the worker's next cycle there runs at the central level")
        let unknown = try oss("level", "set", "--postgres", server.url, "--worker", "W1", "--product", "kettle", "2")
        #expect(unknown.status == 1 && unknown.stderr.contains("product kettle is unknown to the site database"))
    }

    @Test func anUnreachableOrWrongSiteIsAClearErrorAndLosesNothing() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/a.db"
        try Self.simulatedJournal(journal, hours: 1, in: temp)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let started = Date()
        let gone = try oss("sync", "--journal", journal, "--postgres", "postgres://oss@%2Fnonexistent-oss:5432/site")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(gone.status == 1 && gone.isClean)
        #expect(gone.stderr.contains("cannot reach") && gone.stderr.contains("nothing was lost"), "\(gone.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        let password = try oss("sync", "--journal", journal, "--postgres", "postgres://oss:secret@localhost/site")
        #expect(password.status != 0 && password.stderr.contains("password") && !password.stderr.contains("secret"))
    }
}
