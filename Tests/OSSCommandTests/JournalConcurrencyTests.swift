import Foundation
import Testing
import TestSupport

/// One `oss` process started without waiting for it; output goes to files
/// so that no pipe can fill up while forty of them run.
private struct Started {
    let process: Process
    let label: String
    let stdout: String
    let stderr: String

    init(_ arguments: [String], label: String, folder: String) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process = Process()
        process.executableURL = FileManager.default.fileExists(atPath: binary.path)
            ? binary : URL(fileURLWithPath: Repository.root + "/.build/debug/oss")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "UMOCKDEV_DIR")
        process.environment = environment
        self.label = label
        stdout = folder + "/\(label).out"
        stderr = folder + "/\(label).err"
        FileManager.default.createFile(atPath: stdout, contents: nil)
        FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        try process.run()
    }

    func finish() -> Run {
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
    }
}

@Suite("Journal concurrency")
struct JournalConcurrencyTests {
    /// A worker doing `cycles` cap cycles (one press each) after logging in;
    /// the logout abandons the cycle that started after the last press.
    private func script(worker: String, cycles: Int, offset: Int) -> String {
        var lines = [#"{"t": 0, "login": "\#(worker)"}"#, #"{"t": 1, "product": "cap"}"#]
        for cycle in 0..<cycles { lines.append(#"{"t": \#(2 + cycle * 3 + offset % 2), "input": "bin-2"}"#) }
        lines.append(#"{"t": \#(4 + cycles * 3), "logout": true}"#)
        return lines.joined(separator: "\n") + "\n"
    }

    /// 40 processes on one brand-new journal: 16 replays (four per worker, so
    /// that their cycle numbers collide), 8 `level set`, 8 `export` (which
    /// also audits) and 8 `level show`. Before busy timeouts and IMMEDIATE
    /// transactions about half failed with "database is locked"; now all
    /// exit 0 and the journal holds exactly the cycles the replays report.
    @Test func fortyWritersAndReadersOnOneJournalAllSucceedAndNoCycleIsLost() throws {
        let temp = TemporaryDirectory()
        let fixture = StationFixture()
        let journal = temp.path + "/shared.db"
        var started: [Started] = []
        for i in 0..<16 {
            let events = temp.write("s\(i).jsonl", script(worker: "W\(i % 4)", cycles: 3 + i % 3, offset: i))
            started.append(try Started(["simulate", "--station", fixture.stationPath, "--events", events, "--journal", journal,
                                        "--start", "2026-03-02T08:00:00Z"], label: "simulate\(i)", folder: temp.path))
        }
        for i in 0..<8 {
            started.append(try Started(["level", "set", "--journal", journal, "--worker", "W\(i % 4)", "--product", "cap",
                                        "--by", "S001", String(1 + i % 3)], label: "level-set\(i)", folder: temp.path))
        }
        // Readers refuse a journal that does not exist yet: start them once the file is there.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: journal), Date() < deadline { usleep(1_000) }
        for i in 0..<8 {
            started.append(try Started(["export", "--journal", journal, "--what", i % 2 == 0 ? "cycles" : "summary"],
                                       label: "export\(i)", folder: temp.path))
            started.append(try Started(["level", "show", "--journal", journal], label: "level-show\(i)", folder: temp.path))
        }
        #expect(started.count == 40)

        var expectedCycles = 0
        for process in started {
            let run = process.finish()
            #expect(run.status == 0 && run.isClean, "\(process.label) exited \(run.status): \(run.stderr)")
            #expect(!run.stderr.contains("locked"), "\(process.label): \(run.stderr)")
            if process.label.hasPrefix("simulate") {
                // "N events, D cycles done, A abandoned; journal ..."
                let words = run.stderr.split(whereSeparator: { $0 == " " || $0 == "," })
                let done = words.firstIndex(of: "done").flatMap { Int(words[$0 - 2]) }
                let abandoned = words.firstIndex(of: "abandoned;").flatMap { Int(words[$0 - 1]) }
                #expect(done != nil && abandoned != nil, "\(process.label): \(run.stderr)")
                expectedCycles += (done ?? 0) + (abandoned ?? 0)
            }
        }
        #expect(expectedCycles == (0..<16).reduce(0) { $0 + 3 + $1 % 3 + 1 })

        let export = try oss("export", "--journal", journal, "--what", "cycles", "--include-abandoned")
        #expect(export.status == 0)
        let rows = export.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == expectedCycles, "every replay's cycles are in the journal")
        // Colliding numbers were moved to the next free one, never dropped or doubled.
        let keys = rows.map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
        #expect(Set(keys).count == keys.count)
        let levels = try oss("level", "show", "--journal", journal)
        #expect(levels.stdout.components(separatedBy: "S001").count - 1 >= 8, "every level set is in the history")
    }
}
