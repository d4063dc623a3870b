import Benchmarks
import Foundation
import JSONLines
import Replay
import Scripts
import StationModel
import Testing
import TestSupport

/// A long replay of the reference station: one worker, `cycles` clean cycles.
private func longScript(cycles: Int) -> String {
    var lines = [#"{"t": 0, "login": "W042"}"#, #"{"t": 0.5, "product": "bike-light"}"#]
    var t = 1.0
    for cycle in 0..<cycles {
        for input in [#""input": "bin-1""#, #""input": "bin-2""#, #""input": "fixture""#, #""input": "torque", "ok": true"#,
                      #""input": "torque", "ok": true"#, #""input": "bin-3""#,
                      #""input": "scanner", "text": "LMP-\#(String(format: "%06d", cycle))""#, #""input": "confirm""#] {
            lines.append("{\"t\": \(t), \(input)}")
            t += 0.5
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// A long generated shift (ShiftPlan: many workers, errors of every clearing
/// kind, help) on a station the hand-written script does not know.
func generatedScript(station path: String, hours: Double) throws -> String {
    let station = try StationLoader.load(directory: path)
    let plan = try ShiftPlan(station: station, hours: hours, workers: 40, seed: 11)
    return plan.entries.compactMap { EventScript.line(for: $0.input, at: $0.time) }.joined(separator: "\n") + "\n"
}

@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    enum Replay: String, CaseIterable, CustomTestStringConvertible {
        case demo1, inpak2
        var testDescription: String { rawValue }
    }

    @Test(arguments: Replay.allCases)
    func killedReplayKeepsTheJournalIntactAndEveryFinishedCycle(replay: Replay) throws {
        let temp = TemporaryDirectory()
        let stationPath = replay == .demo1 ? Repository.demo1 : Repository.root + "/stations/inpak-2"
        let script = temp.write("long.jsonl", replay == .demo1 ? longScript(cycles: 20_000)
                                                               : try generatedScript(station: stationPath, hours: 400))
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        var random = TestRandom.forTest("killedReplay \(replay)")
        var killedWithCycles = 0
        for round in 0..<10 {
            let journal = temp.path + "/j\(round).db", trace = temp.path + "/t\(round).jsonl"
            let process = Process()
            process.executableURL = binary
            // The trace goes to standard output, redirected to a file: a file named by
            // --trace appears only when complete, a stream shows every line as it goes.
            process.arguments = ["simulate", "--station", stationPath, "--events", script, "--journal", journal, "--trace", "-"]
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "UMOCKDEV_DIR")
            process.environment = environment
            FileManager.default.createFile(atPath: trace, contents: nil)
            let traceHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: trace))
            defer { try? traceHandle.close() }
            process.standardOutput = traceHandle
            process.standardError = Pipe()
            try process.run()
            // Kill at a random moment once cycles are being written.
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Date() < deadline,
                  ((try? FileManager.default.attributesOfItem(atPath: trace)[.size] as? Int) ?? 0) == 0 {
                usleep(5_000)
            }
            usleep(UInt32.random(in: 0...600_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the replay ended before the kill")

            // Every cycle_done already in the trace (a torn last line aside) is in the journal.
            let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
            var done: [Int] = []
            let lines = text.split(separator: "\n")
            // Whole lines only: at most the very last one may be torn (a kill inside write(2)).
            let torn = lines.dropLast().filter { (try? JSONParser.parse(String($0))) == nil }
            #expect(torn.isEmpty, "round \(round): torn trace lines \(torn.prefix(3))")
            for line in lines {
                guard case .object(let event)? = try? JSONParser.parse(String(line)), event["type"] == .string("cycle_done"),
                      case .number(let cycle)? = event["cycle"] else { continue }
                done.append(Int(cycle.doubleValue))
            }
            guard FileManager.default.fileExists(atPath: journal) else {
                #expect(done.isEmpty, "no journal, so no cycle may be in the trace")
                continue
            }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { Issue.record("sqlite3 missing"); return }
            check.arguments = [journal, "PRAGMA integrity_check; SELECT number FROM cycles WHERE status = 'done';"]
            check.environment = environment
            let out = Pipe()
            check.standardOutput = out
            try check.run()
            let answer = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
            check.waitUntilExit()
            #expect(answer.first == "ok", "round \(round): integrity_check says \(answer.first ?? "nothing")")
            let stored = Set(answer.dropFirst().compactMap { Int($0) })
            #expect(Set(done).isSubset(of: stored), "round \(round): cycles in the trace but not in the journal: \(Set(done).subtracting(stored))")
            if !done.isEmpty && process.terminationReason == .uncaughtSignal { killedWithCycles += 1 }
        }
        #expect(killedWithCycles >= 8, "kills should land while cycles are being written")
    }
}
