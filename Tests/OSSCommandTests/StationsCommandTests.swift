import Foundation
import JSONLines
import Journal
import StationEngine
import Testing
import TestSupport

/// `oss stations` and the live state that `oss simulate` keeps in the journal,
/// seen by another process while the replay runs.
@Suite("oss stations")
struct StationsCommandTests {
    let temp = TemporaryDirectory()

    /// `cycles` one-step `cap` cycles, a new worker every 500 cycles; ends with a `lamp` cycle started.
    private func longScript(cycles: Int) -> String {
        var lines: [String] = []
        var t = 0.0
        for cycle in 0..<cycles {
            if cycle % 500 == 0 {
                if cycle > 0 { lines.append("{\"t\": \(t), \"logout\": true}") }
                lines.append("{\"t\": \(t), \"login\": \"W\(cycle / 500)\"}")
            }
            lines.append("{\"t\": \(t + 0.25), \"product\": \"cap\"}")
            lines.append("{\"t\": \(t + 0.5), \"input\": \"bin-2\"}")
            t += 1
        }
        lines.append("{\"t\": \(t), \"product\": \"lamp\"}")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func anotherProcessSeesTheLiveStateMoveWhileSimulateRuns() throws {
        let fixture = StationFixture()
        let script = temp.write("long.jsonl", longScript(cycles: 30_000))
        let journalPath = temp.path + "/j.db"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process.arguments = ["simulate", "--station", fixture.stationPath, "--events", script, "--journal", journalPath,
                             "--start", "2026-03-02T08:00:00Z"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "UMOCKDEV_DIR")
        process.environment = environment
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen: [StationLiveRecord] = []
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: journalPath), let journal = try? Journal(path: journalPath, create: false),
               let row = try? journal.stationsLive().first, seen.last != row {
                seen.append(row)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Set(seen.map(\.updatedAt)).count >= 2, "the live state moved while the replay ran: \(seen.count) states seen")
        #expect(Set(seen.compactMap(\.live.worker)).count >= 2, "workers change every 500 cycles: \(seen.map(\.live))")

        let run = try oss("stations", "--journal", journalPath, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        guard case .array(let rows) = try JSONParser.parse(run.stdout), case .object(let row)? = rows.first else {
            Issue.record("not an array of objects: \(run.stdout)")
            return
        }
        #expect(row.keys == ["station", "name", "worker", "product", "step", "state", "open_error", "updated_at"])
        #expect(row["station"] == .string("test-1"))
        #expect(row["worker"] == .string("W59"))
        #expect(row["product"] == .string("lamp"))
        #expect(row["step"] == .string("pick"))
        #expect(row["state"] == .string("working"))
        #expect(row["open_error"] == .null)
        #expect(row["updated_at"] == .string("2026-03-02T16:20:00.000Z"), "script time 30000 s")
    }

    @Test func hostileStationNamesComeBackExactlyAsTextAndJSON() throws {
        let name = #"Werk"plek" 'Zoë' 🚲 <script>x</script> \ end"#
        let yamlName = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let fixture = StationFixture(station: StationFixture.stationYAML.replacingOccurrences(of: "name: Test station", with: "name: " + yamlName))
        let events = temp.write("e.jsonl", "{\"t\": 0, \"login\": \"W'\\\"1\"}\n")
        let journalPath = temp.path + "/j.db"
        let simulate = try oss("simulate", "--station", fixture.stationPath, "--events", events, "--journal", journalPath)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let json = try oss("stations", "--journal", journalPath, "--json")
        guard case .array(let rows) = try JSONParser.parse(json.stdout), case .object(let row)? = rows.first else {
            Issue.record("not an array of objects: \(json.stdout)")
            return
        }
        #expect(row["name"] == .string(name))
        #expect(row["worker"] == .string("W'\"1"))
        #expect(row["state"] == .string("idle"))
        #expect(row["product"] == .null && row["step"] == .null)
        let text = try oss("stations", "--journal", journalPath)
        #expect(text.stdout.hasPrefix("test-1  \(name)  idle  W'\"1  -  -  -  "), "\(text.stdout)")
    }

    @Test func aJournalWithoutStationsSaysSo() throws {
        let journalPath = temp.path + "/empty.db"
        _ = try Journal(path: journalPath)
        #expect(try oss("stations", "--journal", journalPath, "--json").stdout == "[]\n")
        #expect(try oss("stations", "--journal", journalPath).stdout.contains("No station has run"))
        let missing = try oss("stations", "--journal", temp.path + "/none.db")
        #expect(missing.status != 0 && missing.isClean)
    }
}
