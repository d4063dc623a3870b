import Foundation
import Testing
import TestSupport

/// Every file below `folder` with its bytes and mode, to prove a command changed nothing.
private func snapshot(_ folder: String) -> [String: (Data, Int)] {
    var result: [String: (Data, Int)] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let name = enumerator?.nextObject() as? String {
        let path = folder + "/" + name
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { continue }
        result[name] = (FileManager.default.contents(atPath: path) ?? Data(), attributes[.posixPermissions] as? Int ?? 0)
    }
    return result
}

private func same(_ a: [String: (Data, Int)], _ b: [String: (Data, Int)]) -> Bool {
    a.count == b.count && a.allSatisfy { key, value in b[key].map { $0.0 == value.0 && $0.1 == value.1 } ?? false }
}

private func mode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

/// A journal with the demo's cycles, its station and script, in a scratch folder.
private struct Workspace {
    let temp = TemporaryDirectory()
    let station = Repository.root + "/stations/fietslamp-1"
    var script: String { temp.path + "/events.jsonl" }
    var journal: String { temp.path + "/journal.db" }

    init() throws {
        try FileManager.default.copyItem(atPath: station + "/scripts/demo-shift.jsonl", toPath: temp.path + "/events.jsonl")
        let run = try oss("simulate", "--station", station, "--events", temp.path + "/events.jsonl",
                          "--journal", temp.path + "/journal.db", "--start", "2026-03-02T08:00:00Z")
        #expect(run.status == 0, "\(run.stderr)")
    }
}

/// Issue 11: the hostile cases found at the command line, one test per class.
@Suite("hostile input at the command line", .serialized)
struct HostileCommandTests {
    // 1. An output never destroys an input.
    @Test func anOutputNamingAnInputIsRefusedAndNoByteChanges() throws {
        let work = try Workspace()
        let before = snapshot(work.temp.path)
        let cases: [[String]] = [
            ["simulate", "--station", work.station, "--events", work.script, "--journal", work.journal, "--trace", work.journal],
            ["simulate", "--station", work.station, "--events", work.script, "--journal", work.journal, "--trace", work.script],
            ["simulate", "--station", work.station, "--events", work.script, "--journal", work.journal,
             "--trace", work.journal + "-wal"],
            ["export", "--journal", work.journal, "--what", "cycles", "--out", work.journal],
            ["export", "--journal", work.journal, "--what", "cycles", "--out", work.temp.path + "/./journal.db"],
            ["report", "--journal", work.journal, "--worker", "W101", "--out", work.journal],
            ["simulate", "--station", work.station, "--events", work.script, "--journal", work.script],
        ]
        for arguments in cases {
            let run = try oss(arguments, in: work.temp.path)
            #expect(run.status == 1 && run.stderr.contains("input of this command"), "\(arguments): \(run.stderr)")
            #expect(run.isClean)
        }
        // Through a link, too.
        try FileManager.default.createSymbolicLink(atPath: work.temp.path + "/link.csv", withDestinationPath: work.journal)
        let linked = try oss("export", "--journal", work.journal, "--what", "cycles", "--out", work.temp.path + "/link.csv")
        #expect(linked.status == 1, "\(linked.stderr)")
        try FileManager.default.removeItem(atPath: work.temp.path + "/link.csv")
        #expect(same(before, snapshot(work.temp.path)), "an input changed")
    }

    @Test func aStationFileIsNeverAnOutput() throws {
        let fixture = StationFixture()
        let before = snapshot(fixture.stationPath)
        let script = fixture.directory.write("s.jsonl", #"{"t": 0, "login": "W1"}"#)
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal",
                          fixture.directory.path + "/j.db", "--trace", fixture.stationPath + "/station.yaml")
        #expect(run.status == 1 && run.stderr.contains("station.yaml"), "\(run.stderr)")
        let calibration = try oss("calibrate", "--station", fixture.stationPath, "--out", fixture.stationPath + "/station.yaml")
        #expect(calibration.status == 1, "\(calibration.stderr)")
        let journal = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal",
                              fixture.stationPath + "/products/lamp.yaml")
        #expect(journal.status == 1 && journal.stderr.contains("input of this command"), "\(journal.stderr)")
        #expect(same(before, snapshot(fixture.stationPath)))
    }

    @Test func standardStreamsOnAnInputAreRefused() throws {
        let work = try Workspace()
        let before = snapshot(work.temp.path)
        let cases: [([String], String)] = [
            (["export", "--journal", work.journal, "--what", "cycles"], work.journal),
            (["level", "show", "--journal", work.journal], work.journal),
            (["audit", "--journal", work.journal], work.journal + "-wal"),
            (["simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/x.db", "--trace", "-"],
             work.script),
        ]
        for (arguments, target) in cases {
            if !FileManager.default.fileExists(atPath: target) { FileManager.default.createFile(atPath: target, contents: Data()) }
            let handle = try #require(FileHandle(forUpdatingAtPath: target))   // as `1<> FILE` does
            let run = try oss(arguments, standardOutput: handle)
            try handle.close()
            #expect(run.status == 1 && run.stderr.contains("standard output is"), "\(arguments): \(run.stderr)")
            try? FileManager.default.removeItem(atPath: work.journal + "-wal")
        }
        var after = snapshot(work.temp.path)
        after["journal.db-wal"] = nil
        after["x.db"] = nil
        #expect(same(before.filter { $0.key != "journal.db-wal" }, after), "an input changed")
    }

    @Test func aFailedRunKeepsTheOldTrace() throws {
        let work = try Workspace()
        let trace = work.temp.path + "/old.trace"
        try "OLD\n".write(toFile: trace, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: work.temp.path + "/frames/000003.png", withIntermediateDirectories: true)
        let run = try oss("simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/t.db",
                          "--trace", trace, "--frames", work.temp.path + "/frames")
        #expect(run.status == 1 && run.stderr.contains("000003.png"), "\(run.stderr)")
        #expect(try String(contentsOfFile: trace, encoding: .utf8) == "OLD\n")
    }

    @Test func readersNeverMakeAJournalOfAnEmptyFile() throws {
        let temp = TemporaryDirectory()
        let empty = temp.path + "/e.db"
        for arguments in [["level", "show"], ["audit"], ["export", "--what", "cycles"], ["names", "--worker", "W1", "--remove"],
                          ["purge", "--older-than", "1"], ["report", "--worker", "W1", "--out", temp.path + "/r.html"]] {
            FileManager.default.createFile(atPath: empty, contents: Data())
            let run = try oss(arguments + ["--journal", empty])
            #expect(run.status == 1 && run.stderr.contains("not an oss journal"), "\(arguments): \(run.stderr)")
            #expect(FileManager.default.contents(atPath: empty) == Data(), "\(arguments) wrote into the file")
        }
    }

    @Test func devicesAndPipesAreWrittenNotReplaced() throws {
        let work = try Workspace()
        let fifo = work.temp.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let run = try oss("export", "--journal", work.journal, "--what", "cycles", "--out", fifo)
        let csv = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(csv.hasPrefix("worker,product,cycle"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
        let full = try oss("export", "--journal", work.journal, "--what", "cycles", "--out", "/dev/full")
        #expect(full.status == 1 && full.stderr.contains("/dev/full") && full.stderr.contains("No space left"), "\(full.stderr)")
        #expect(lstat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/full is still a device")
    }

    @Test func theDemoWritesOnlyIntoItsOwnFolder() throws {
        let temp = TemporaryDirectory()
        let foreign = temp.path + "/mine"
        try FileManager.default.createDirectory(atPath: foreign + "/frames", withIntermediateDirectories: true)
        try "precious".write(toFile: foreign + "/journal.db", atomically: false, encoding: .utf8)
        try "precious".write(toFile: foreign + "/frames/notes.txt", atomically: false, encoding: .utf8)
        let before = snapshot(foreign)
        let refused = try oss("demo", "--out", foreign, in: Repository.root)
        #expect(refused.status == 1 && refused.stderr.contains("not made by oss demo"), "\(refused.stderr)")
        #expect(same(before, snapshot(foreign)))

        let own = temp.path + "/demo"
        #expect(try oss("demo", "--out", own, in: Repository.root).status == 0)
        try "mine".write(toFile: own + "/frames/notes.txt", atomically: false, encoding: .utf8)
        let again = try oss("demo", "--out", own, in: Repository.root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: own + "/frames/notes.txt", encoding: .utf8) == "mine", "only the demo's own files go")

        // A frame name the demo did not write stays; an input of the demo is never removed.
        try "mine".write(toFile: own + "/frames/999999.png", atomically: false, encoding: .utf8)
        let script = try String(contentsOfFile: Repository.root + "/stations/fietslamp-1/scripts/demo-shift.jsonl", encoding: .utf8)
        try script.write(toFile: own + "/trace.jsonl", atomically: false, encoding: .utf8)
        let input = try oss("demo", "--out", own, "--events", own + "/trace.jsonl", in: Repository.root)
        #expect(input.status == 1 && input.stderr.contains("input of this demo"), "\(input.stderr)")
        #expect(try String(contentsOfFile: own + "/trace.jsonl", encoding: .utf8) == script)
        #expect(try oss("demo", "--out", own, in: Repository.root).status == 0)
        #expect(try String(contentsOfFile: own + "/frames/999999.png", encoding: .utf8) == "mine")
    }

    @Test func theDemoNeverFollowsALinkOutOfItsFolder() throws {
        let temp = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: temp.path + "/victim", withIntermediateDirectories: true)
        try "precious".write(toFile: temp.path + "/victim/000001.png", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temp.path + "/d", withIntermediateDirectories: true)
        try "frames/000001.png\n".write(toFile: temp.path + "/d/.oss-demo", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: temp.path + "/d/frames", withDestinationPath: "../victim")
        let run = try oss("demo", "--out", temp.path + "/d", in: Repository.root)
        #expect(run.status == 1 && run.stderr.contains("is a link"), "\(run.stderr)")
        #expect(try String(contentsOfFile: temp.path + "/victim/000001.png", encoding: .utf8) == "precious")
    }

    // 2. No predictable temporary file: a planted link or a loose .part is never used.
    @Test func aPlantedLinkBesideTheOutputIsNeverFollowed() throws {
        let work = try Workspace()
        let victim = work.temp.path + "/victim.txt"
        try "do not touch".write(toFile: victim, atomically: false, encoding: .utf8)
        let out = work.temp.path + "/export.csv"
        try FileManager.default.createSymbolicLink(atPath: out + ".part", withDestinationPath: victim)
        FileManager.default.createFile(atPath: work.temp.path + "/.export.csv.part", contents: Data(), attributes: [.posixPermissions: 0o666])
        let run = try oss("export", "--journal", work.journal, "--what", "cycles", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "do not touch")
        #expect(mode(out) == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: work.temp.path)
        #expect(!names.contains { $0.hasPrefix(".export.csv.") && $0 != ".export.csv.part" }, "no temporary file left: \(names)")
    }

    // 4. Person data is private; the acting account is the system's, not $USER.
    @Test func personDataIsCreatedPrivateAndTheAuditNamesTheRealAccount() throws {
        let work = try Workspace()
        let out = work.temp.path + "/frames"
        let run = try oss("simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/new.db",
                          "--trace", work.temp.path + "/t.jsonl", "--frames", out)
        #expect(run.status == 0, "\(run.stderr)")
        for path in [work.journal, work.temp.path + "/new.db", work.temp.path + "/t.jsonl"] { #expect(mode(path) == 0o600, "\(path)") }
        #expect(mode(out) == 0o700)
        let frames = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(!frames.isEmpty && frames.allSatisfy { mode(out + "/" + $0) == 0o600 })
        #expect(try oss("export", "--journal", work.journal, "--what", "cycles", "--out", work.temp.path + "/c.csv").status == 0)
        #expect(try oss("report", "--journal", work.journal, "--worker", "W101", "--out", work.temp.path + "/r.html").status == 0)
        #expect(mode(work.temp.path + "/c.csv") == 0o600 && mode(work.temp.path + "/r.html") == 0o600)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/id")
        process.arguments = ["-un"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let account = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = try oss(["export", "--journal", work.journal, "--what", "cycles", "--out", work.temp.path + "/d.csv"],
                             environment: ["USER": "mallory", "SUDO_USER": "mallory", "LOGNAME": "mallory"])
        #expect(forged.status == 0)
        let audit = try oss("audit", "--journal", work.journal)
        #expect(!audit.stdout.contains("mallory"))
        #expect(audit.stdout.split(separator: "\n").filter { $0.contains(" export ") }.allSatisfy { $0.contains("  \(account)  ") },
                "\(audit.stdout)")
    }

    // 7. One refused record never costs a good one, and the message shows no SQL.
    @Test func aRefusedRecordCostsNoOtherAndTheRunSaysSo() throws {
        let work = try Workspace()
        let journal = work.temp.path + "/refusing.db"
        // A journal that refuses W205's cycles (as a damaged or hostile one might).
        let empty = work.temp.path + "/empty.jsonl"
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try oss("simulate", "--station", work.station, "--events", empty, "--journal", journal).status == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [journal, "CREATE TRIGGER refuse BEFORE INSERT ON cycles WHEN NEW.worker = 'W205' "
                                     + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)

        let run = try oss("simulate", "--station", work.station, "--events", work.script, "--journal", journal, "--trace", "-")
        #expect(run.status == 1 && run.isClean, "\(run.stderr)")
        #expect(run.stderr.contains("W205") && run.stderr.contains("not stored"), "\(run.stderr)")
        #expect(!run.stderr.contains("INSERT") && !run.stderr.contains("SELECT"), "no SQL: \(run.stderr)")
        let traced = run.stdout.split(separator: "\n").filter { $0.contains("cycle_done") && $0.contains("W101") }.count
        let stored = try oss("export", "--journal", journal, "--what", "cycles", "--worker", "W101")
        let normal = try oss("export", "--journal", work.journal, "--what", "cycles", "--worker", "W101")
        let count = { (run: Run) in run.stdout.split(separator: "\n").count - 1 }
        #expect(traced > 0 && count(stored) == traced && count(stored) == count(normal), "every W101 cycle is stored")
    }

    // 8. A failed write is a failed command.
    @Test func writeFailuresEndInANonZeroExit() throws {
        let work = try Workspace()
        for arguments in [["level", "show", "--journal", work.journal], ["audit", "--journal", work.journal]] {
            let run = try oss(arguments, standardOutput: FileHandle(forWritingAtPath: "/dev/full"))
            #expect(run.status == 1 && run.stderr.contains("standard output"), "\(arguments): \(run.stderr)")
        }
        let trace = try oss("simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/x.db",
                            "--trace", "/dev/full")
        #expect(trace.status == 1 && trace.stderr.contains("/dev/full"), "\(trace.stderr)")
    }

    // 10. No trap on numbers from outside.
    @Test func hugeNumbersOfDaysAreNotATrap() throws {
        let work = try Workspace()
        for days in ["106751992", String(Int.max)] {
            let run = try oss("purge", "--journal", work.journal, "--older-than", days)
            #expect(run.status == 1 && run.isClean && run.stderr.contains("give at most"), "\(days): \(run.stderr)")
        }
        let count = try oss("export", "--journal", work.journal, "--what", "cycles")
        #expect(count.stdout.split(separator: "\n").count > 1, "nothing was purged")
    }

    // 11. Commands check what they are given.
    @Test func commandsRefuseWhatCannotBeRight() throws {
        let work = try Workspace()
        let missing = work.temp.path + "/none.db"
        for arguments in [["level", "set", "--journal", missing, "--worker", "W1", "--product", "koplamp-led", "2"],
                          ["names", "--journal", missing, "--worker", "W101", "--name", "Ann"]] {
            let run = try oss(arguments)
            #expect(run.status == 1 && run.stderr.contains("does not exist"), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "no journal is created by a supervisor command")
        let unknownProduct = try oss("level", "set", "--journal", work.journal, "--worker", "W101", "--product", "nope", "2")
        #expect(unknownProduct.status == 1 && unknownProduct.stderr.contains("unknown"))
        for id in ["", "-W1", "W\u{1B}[2J"] {
            let run = try oss("level", "set", "--journal", work.journal, "--worker", id, "--product", "koplamp-led", "2")
            #expect(run.status != 0 && !run.stderr.contains("\u{1B}"), "'\(id)': \(run.stderr)")
        }
        let removeNothing = try oss("names", "--journal", work.journal, "--worker", "W101", "--remove")
        #expect(removeNothing.status == 0 && removeNothing.stdout.contains("nothing removed"), "\(removeNothing.stdout)")
        let unknownWorker = try oss("names", "--journal", work.journal, "--worker", "W999", "--name", "Ann")
        #expect(unknownWorker.status == 1)
        let backwards = try oss("export", "--journal", work.journal, "--what", "cycles", "--since", "2026-03-03", "--until", "2026-03-02")
        #expect(backwards.status == 1 && backwards.stderr.contains("not after --since"), "\(backwards.stderr)")
        let nobody = try oss("report", "--journal", work.journal, "--worker", "W999", "--out", work.temp.path + "/r.html")
        #expect(nobody.status == 1 && nobody.stderr.contains("W999"))
        let nothing = try oss("report", "--journal", work.journal, "--worker", "W101", "--product", "nope", "--out", work.temp.path + "/r.html")
        #expect(nothing.status == 1 && nothing.stderr.contains("product nope"))
        #expect(!FileManager.default.fileExists(atPath: work.temp.path + "/r.html"))
    }

    // 12. Clear messages: no Swift type names, no NSError dumps, no escape sequences.
    @Test func messagesAreForPeople() throws {
        let work = try Workspace()
        let runs = [
            try oss("simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/no/such/j.db"),
            try oss("simulate", "--station", work.station, "--events", work.script, "--journal", work.temp.path + "/y.db",
                    "--frames", work.script),
            try oss("report", "--journal", work.journal, "--worker", "W101", "--out", work.temp.path + "/no/such/r.html"),
            try oss("export", "--journal", work.journal, "--what", "cycles", "--worker", "W\u{1B}]0;owned\u{07}"),
        ]
        for run in runs {
            #expect(run.status == 1, "\(run.stderr)")
            for bad in ["ExitCode", "rawValue", "Error Domain", "NSCocoaErrorDomain", "\u{1B}", "\u{07}"] {
                #expect(!run.stderr.contains(bad), "\(bad) in: \(run.stderr)")
            }
            #expect(run.stderr.hasPrefix("error: ") || run.stderr.contains("\nerror: "), "\(run.stderr)")
        }
    }
}
