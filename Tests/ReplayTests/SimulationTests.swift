import BoardProtocol
import Foundation
import JSONLines
import Journal
import FrameOutput
import Pipeline
import Replay
import Scripts
import StationEngine
import StationModel
import Testing
import TestSupport

/// Parses JSON Lines into values, skipping blank lines.
private func jsonLines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        .map { try JSONParser.parse(String($0)) }
}

/// Compares like JSON: numbers by value, objects by members regardless of order.
private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case let (.number(x), .number(y)): return x.doubleValue == y.doubleValue
    case let (.object(x), .object(y)):
        return Set(x.keys) == Set(y.keys) && x.members.allSatisfy { member in same(member.value, y[member.key]!) }
    case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy(same)
    default: return a == b
    }
}

private let origin = UTCTime.parse("2026-03-02T08:00:00Z")!

private func simulate(_ station: Station, _ scriptText: String, journal: Journal) throws -> [String] {
    let script = try EventScript.parse(scriptText, file: "script", station: station)
    var lines: [String] = []
    _ = try Simulation(station: station, journal: journal, origin: origin).run(script) { lines.append(TraceEncoding.line($0)) }
    return lines
}

@Suite("Simulation")
struct SimulationTests {
    @Test func referenceExampleProducesTheExpectedTraceExactly() throws {
        let directory = Repository.demo1
        let station = try StationLoader.load(directory: directory)
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let script = try EventScript.load(path: directory + "/events.jsonl", station: station)
        var produced: [String] = []
        _ = try Simulation(station: station, journal: journal, origin: origin).run(script) { produced.append(TraceEncoding.line($0)) }

        let expected = try jsonLines(String(contentsOfFile: directory + "/expected-trace.jsonl", encoding: .utf8))
        let got = try jsonLines(produced.joined(separator: "\n"))
        #expect(got.count == expected.count)
        for (index, (g, e)) in zip(got, expected).enumerated() {
            #expect(same(g, e), "line \(index + 1): got \(produced[index])")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Repository.sharedDemo1)))
    func fixtureCopyOfTheReferenceExampleEqualsTheContract() throws {
        for file in ["station.yaml", "products/bike-light.yaml", "events.jsonl", "expected-trace.jsonl"] {
            let contract = try String(contentsOfFile: Repository.sharedDemo1 + "/" + file, encoding: .utf8)
            let copy = try String(contentsOfFile: Repository.fixtureDemo1 + "/" + file, encoding: .utf8)
            #expect(contract == copy, "Tests/Fixtures/demo-1/\(file) differs from ../shared; copy it again")
        }
    }

    @Test func finishedCycleIsInTheJournalBeforeItsTraceLine() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let script = try EventScript.parse("""
            {"t": 0, "login": "W1"}
            {"t": 1, "product": "cap"}
            {"t": 2, "input": "bin-2"}
            {"t": 3, "input": "bin-2"}
            """, file: "s", station: station)
        // Group commit (the default) and a commit per cycle (as oss run does).
        for (cyclesPerCommit, expected) in [(64, [2, 2]), (1, [3, 4])] {
            var checks: [Int] = []
            _ = try Simulation(station: station, journal: journal, origin: origin + Int64(expected[0]) * 1_000_000_000,
                               cyclesPerCommit: cyclesPerCommit).run(script) { event in
                if case .cycleDone = event.kind {
                    checks.append((try? journal.cycleCount(status: .done)) ?? -1)
                }
            }
            #expect(checks == expected, "each cycle_done is emitted only after its cycle is committed")
        }
    }

    @Test func aSimulationRegistersTheStationAndLeavesItsFinalLiveState() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        _ = try simulate(station, """
            {"t": 0, "login": "W1"}
            {"t": 1, "product": "lamp"}
            {"t": 2, "input": "bin-1"}
            {"t": 3, "input": "torque", "ok": false}
            """, journal: journal)
        let rows = try journal.stationsLive()
        #expect(rows == [StationLiveRecord(
            station: "test-1", name: "Test station", products: station.products.map(\.id),
            live: StationLiveState(state: .blocked, worker: "W1", product: "lamp", step: "screws",
                                   openError: .init(kind: "tool_not_ok", input: "torque")),
            updatedAt: origin + 3_000_000)])
        #expect(Set(rows.first?.products ?? []) == ["lamp", "cap"])
        _ = try simulate(station, """
            {"t": 0, "login": "W2"}
            """, journal: journal)
        #expect(try journal.stationsLive().map(\.live) == [StationLiveState(state: .idle, worker: "W2")],
                "the next run's last state replaces it")
    }

    @Test func theLiveStateIsWrittenWithTheGroupCommitsNotPerEvent() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        var lines = [#"{"t": 0, "login": "W1"}"#]
        for cycle in 0..<10 {
            lines.append(#"{"t": \#(cycle * 2 + 1), "product": "cap"}"#)
            lines.append(#"{"t": \#(cycle * 2 + 2), "input": "bin-2"}"#)
        }
        let script = try EventScript.parse(lines.joined(separator: "\n"), file: "s", station: station)
        var seen: [Int64] = []
        _ = try Simulation(station: station, journal: journal, origin: origin, cyclesPerCommit: 4).run(script) { event in
            if case .cycleDone = event.kind, let updated = try? journal.stationsLive().first?.updatedAt { seen.append(updated) }
        }
        // Commits after cycles 4 and 8 and at the end: the live row moved with each, and only then.
        #expect(seen == [Int64](repeating: origin + 8_000_000, count: 4) + [Int64](repeating: origin + 16_000_000, count: 4)
                + [origin + 20_000_000, origin + 20_000_000], "\(seen)")
        #expect(try journal.stationsLive().first?.updatedAt == origin + 20_000_000)
    }

    /// The fifth clean, fast `cap` cycle brings a `level_advice`; the
    /// journal keeps it (at the cycle's end) without changing the level.
    @Test func theLevelAdviceOfARunIsKeptInTheJournal() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let presses = (1...6).map { #"{"t": \#($0 * 5), "input": "bin-2"}"# }.joined(separator: "\n")
        let lines = try simulate(station, #"{"t": 0, "login": "W1"}"# + "\n" + #"{"t": 0, "product": "cap"}"# + "\n" + presses,
                                 journal: journal)
        let advice = try #require(lines.first { $0.contains(#""type": "level_advice""#) })
        #expect(advice.hasPrefix(#"{"t": 25.0, "#))
        let record = try #require(try journal.workerOverview().first)
        #expect(record.worker == "W1" && record.product == "cap" && record.cycles == 6 && record.level == nil)
        #expect(record.advice?.from == 1 && record.advice?.level == 2 && record.advice?.at == origin + 25_000_000)
        #expect(record.advice.map { advice.contains(#""reason": "\#($0.reason)""#) } == true)
        #expect(try journal.levelHistory().isEmpty, "without levels.auto the advice changes no level")
    }

    /// With `levels.auto` the same run also records the level change, in the same batch, set by `auto`.
    @Test func anAppliedAdviceIsKeptBesideItsLevelChange() throws {
        let yaml = StationFixture.stationYAML.replacingOccurrences(of: "supervisors: [S001]",
                                                                   with: "supervisors: [S001]\nlevels: { auto: true }")
        let station = try StationFixture(station: yaml).load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let presses = (1...6).map { #"{"t": \#($0 * 5), "input": "bin-2"}"# }.joined(separator: "\n")
        _ = try simulate(station, #"{"t": 0, "login": "W1"}"# + "\n" + #"{"t": 0, "product": "cap"}"# + "\n" + presses,
                         journal: journal)
        let record = try #require(try journal.workerOverview().first)
        #expect(record.level == 2 && record.levelSetAt == origin + 25_000_000)
        #expect(record.advice?.level == 2 && record.advice?.at == origin + 25_000_000)
        #expect(try journal.levelHistory().map(\.by) == ["auto"])
    }

    @Test func cycleNumbersContinueAcrossRunsOnTheSameJournal() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let script = """
            {"t": 0, "login": "W1"}
            {"t": 1, "product": "cap"}
            {"t": 2, "input": "bin-2"}
            {"t": 3, "logout": true}
            """
        let first = try simulate(station, script, journal: Journal(path: temp.path + "/j.db"))
        #expect(first.contains { $0.contains(#""type": "cycle_done""#) && $0.contains(#""cycle": 1"#) })
        #expect(first.contains { $0.contains(#""type": "cycle_abandoned""#) && $0.contains(#""cycle": 2"#) })
        let second = try simulate(station, script, journal: Journal(path: temp.path + "/j.db"))
        #expect(second.contains { $0.contains(#""type": "cycle_start""#) && $0.contains(#""cycle": 3"#) })
        #expect(second.contains { $0.contains(#""type": "cycle_abandoned""#) && $0.contains(#""cycle": 4"#) })
    }

    @Test func shippedDemoScriptRunsWithSeveralCyclesErrorsAndHelp() throws {
        let directory = Repository.root + "/stations/fietslamp-1"
        let station = try StationLoader.load(directory: directory)
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let script = try EventScript.load(path: directory + "/scripts/demo-shift.jsonl", station: station)
        var types: [String] = []
        let summary = try Simulation(station: station, journal: journal, origin: origin).run(script) { types.append($0.type) }
        #expect(summary.cyclesDone >= 3)
        #expect(types.contains("error") && types.contains("help") && types.contains("cleared"))
        #expect(try journal.cycleCount(status: .done) == summary.cyclesDone)
    }

    @Test func aBadgeWithANulIsDroppedAndTheCyclesAroundItAreAllRecorded() throws {
        let station = try StationFixture().load()
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        var text = #"{"t": 0, "login": "W1"}"# + "\n"
        for cycle in 0..<3 { text += #"{"t": \#(10 * cycle + 1), "product": "cap"}"# + "\n" + #"{"t": \#(10 * cycle + 2), "input": "bin-2"}"# + "\n" }
        text += #"{"t": 40, "login": "W1\u0000X"}"# + "\n" + #"{"t": 40.5, "input": "badge", "text": "W2\u001b[2J"}"# + "\n"
        for cycle in 5..<8 { text += #"{"t": \#(10 * cycle + 1), "product": "cap"}"# + "\n" + #"{"t": \#(10 * cycle + 2), "input": "bin-2"}"# + "\n" }
        let lines = try simulate(station, text, journal: journal)
        let dropped = lines.filter { $0.contains(#""type": "dropped""#) }
        #expect(dropped == [
            #"{"t": 40.0, "type": "dropped", "source": "script", "reason": "bad text for login: control character U+0000 at character 3"}"#,
            #"{"t": 40.5, "type": "dropped", "source": "script", "reason": "bad text for input \"badge\": control character U+001B at character 3"}"#,
        ])
        #expect(!lines.contains { $0.contains(#""type": "login""#) && !$0.contains(#""worker": "W1""#) }, "no other worker")
        #expect(lines.filter { $0.contains(#""type": "cycle_done""#) }.count == 6)
        #expect(try journal.cycleCount(status: .done) == 6, "every valid cycle is recorded, before and after the bad badge")
    }

    /// Both boards of the two-board station: the right one is unplugged in the
    /// middle of a cycle, which blocks the left one's pick, and comes back.
    @Test func aTwoBoardScriptGivesTheExpectedTrace() throws {
        let station = try StationFixture.twoBoards().load()
        let temp = TemporaryDirectory()
        var sequences: [String: UInt8] = [:]
        func board(_ name: String, _ message: BoardMessage) -> StationInput {
            if case .identify = message { sequences[name] = 0 }
            defer { sequences[name, default: 0] &+= 1 }
            return .board(name: name, bytes: BoardEncoder.encode(BoardFrame(sequence: sequences[name, default: 0], message: message)))
        }
        func identify(_ serial: String) -> BoardMessage {
            .identify(BoardIdentity(protocolVersion: BoardFraming.protocolVersion, firmware: (1, 0, 0), sensors: 8, lights: 8,
                                    tools: 1, serial: serial))
        }
        let pick = BoardMessage.sensorChange(channel: 1, state: 1, timeMicros: 0)
        let inputs: [(Micros, StationInput)] = [
            (0, .boardLink(name: "left", change: .connected)), (0, board("left", identify("SB-L"))),
            (0, .boardLink(name: "right", change: .connected)), (0, board("right", identify("SB-R"))),
            (100_000, .engine(.badge("W1"))), (200_000, .engine(.product("pair"))),
            (300_000, board("right", pick)),
            (400_000, .boardLink(name: "right", change: .disconnected)),
            (500_000, board("left", pick)),
            (600_000, .boardLink(name: "right", change: .connected)), (700_000, board("right", identify("SB-R"))),
            (800_000, board("left", pick)),
            (900_000, .engine(.logout)),
        ]
        let text = inputs.compactMap { EventScript.line(for: $1, at: $0) }.joined(separator: "\n")
        let lines = try simulate(station, text, journal: Journal(path: temp.path + "/j.db"))
        // The left board's pick at 0.5 s meets the blocked station: no event; the one at 0.8 s counts.
        #expect(lines == [
            #"{"t": 0.1, "type": "login", "worker": "W1"}"#,
            #"{"t": 0.2, "type": "cycle_start", "worker": "W1", "product": "pair", "cycle": 1, "level": 1}"#,
            #"{"t": 0.2, "type": "step", "step": "right", "index": 1}"#,
            #"{"t": 0.3, "type": "step_done", "step": "right", "duration_s": 0.1}"#,
            #"{"t": 0.3, "type": "step", "step": "left", "index": 2}"#,
            #"{"t": 0.4, "type": "error", "step": "left", "kind": "device", "input": "right"}"#,
            #"{"t": 0.7, "type": "cleared", "step": "left", "by": "auto"}"#,
            #"{"t": 0.8, "type": "step_done", "step": "left", "duration_s": 0.5}"#,
            #"{"t": 0.8, "type": "cycle_done", "worker": "W1", "product": "pair", "cycle": 1, "duration_s": 0.6, "errors": 1, "help": 0}"#,
            #"{"t": 0.8, "type": "cycle_start", "worker": "W1", "product": "pair", "cycle": 2, "level": 1}"#,
            #"{"t": 0.8, "type": "step", "step": "right", "index": 1}"#,
            #"{"t": 0.9, "type": "cycle_abandoned", "worker": "W1", "product": "pair", "cycle": 2}"#,
            #"{"t": 0.9, "type": "logout", "worker": "W1"}"#,
        ])
    }
}
