import Foundation
import FrameOutput
import Journal
import LinuxSystem
import LiveRuntime
import Pipeline
import Replay
import Scripts
import StationEngine
import StationModel
import Testing
import TestSupport

/// Inputs handed to the loop at given times, without any descriptor: the
/// loop's own `DeviceSource` protocol, driven by a manual clock.
final class ScriptedSource: DeviceSource {
    let name = "scripted"
    private var pending: [(time: Micros, input: StationInput)]

    init(_ inputs: [(Micros, StationInput)]) {
        pending = inputs.map { (time: $0.0, input: $0.1) }
    }

    var descriptors: [(descriptor: Int32, events: Epoll.Events)] { [] }
    var nextWake: Micros? { pending.first?.time }

    func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {}

    func tick(at time: Micros, into sink: StationSink) {
        while let first = pending.first, first.time <= time {
            pending.removeFirst()
            sink.take(first.input, at: first.time)
        }
    }
}

/// The live loop on an injected clock and in-memory sources: no devices, no
/// threads, no sleeping. Each test turns the loop itself.
@Suite("LiveStation on a manual clock")
struct LiveStationTests {
    let fixture = StationFixture()
    let temp = TemporaryDirectory()

    /// A worker does one `lamp` cycle; the pick is late (the step is slow at 10.6 s).
    static let inputs: [(Micros, StationInput)] = [
        (100_000, .engine(.badge("W42"))),
        (600_000, .engine(.product("lamp"))),
        (13_000_000, .engine(.input("bin-1", .press))),
        (14_000_000, .engine(.input("torque", .tool(ok: true)))),
        (15_000_000, .engine(.input("torque", .tool(ok: true)))),
        (16_000_000, .engine(.input("scanner", .text("LMP-001")))),
        (17_000_000, .engine(.input("bin-3", .press))),
        (18_000_000, .engine(.input("confirm", .press))),
        (19_000_000, .engine(.logout)),
    ]

    /// Runs the inputs through a LiveStation, turning the loop every `step` µs
    /// until 20 s; returns the trace and the frame file names.
    func runLive(turnEvery step: Micros, name: String) throws -> (trace: String, frames: [String], journal: Journal) {
        let clock = ManualClock()
        var options = LiveStation.Options()
        options.journalPath = temp.path + "/\(name).db"
        options.framesDirectory = temp.path + "/\(name)-frames"
        options.tracePath = temp.path + "/\(name).jsonl"
        options.realtime = false
        options.handleSignals = false
        let live = try LiveStation(station: try fixture.load(), options: options, clock: clock,
                                   sources: [ScriptedSource(Self.inputs)], standardSources: false)
        live.begin()
        var time: Micros = 0
        while time <= 20_000_000 {
            clock.set(time)
            live.turn(ready: [])
            time += step
        }
        live.finish()
        let trace = try String(contentsOfFile: options.tracePath!, encoding: .utf8)
        let frames = try FileManager.default.contentsOfDirectory(atPath: options.framesDirectory!).sorted()
        return (trace, frames, try Journal(path: options.journalPath))
    }

    @Test func aCycleReachesTheJournalTraceAndFramesOnTheInjectedClock() throws {
        let run = try runLive(turnEvery: 10_000, name: "fine")
        #expect(try run.journal.cycleCount(status: .done) == 1)
        let lines = run.trace.split(separator: "\n")
        #expect(lines.first == "{\"t\": 0.1, \"type\": \"login\", \"worker\": \"W42\"}")
        #expect(lines.contains("{\"t\": 10.6, \"type\": \"slow\", \"step\": \"pick\", \"duration_s\": 10.0}"),
                "the slow step is noticed at its deadline, not at a turn of the loop: \(run.trace)")
        #expect(lines.last == "{\"t\": 19.0, \"type\": \"logout\", \"worker\": \"W42\"}")
        #expect(run.frames.count >= 5)
    }

    @Test func howOftenTheLoopTurnsChangesNothingInTheTraceOrFrames() throws {
        let fine = try runLive(turnEvery: 10_000, name: "fine")
        let coarse = try runLive(turnEvery: 700_000, name: "coarse")
        #expect(fine.trace == coarse.trace)
        #expect(fine.frames == coarse.frames)
    }

    @Test func theLiveLoopAndSimulateGiveTheSameTrace() throws {
        let live = try runLive(turnEvery: 250_000, name: "live")
        let station = try fixture.load()
        let script = EventScript(lines: Self.inputs.enumerated().map { .init(number: $0 + 1, time: $1.0, action: $1.1) })
        var replay = ""
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/replay.db"), origin: 0)
            .run(script) { replay += TraceEncoding.line($0) + "\n" }
        #expect(replay == live.trace)
    }

    @Test func journalWritesOfATurnAreInTheJournalBeforeTheirTraceLines() throws {
        // The trace of a run stopped at any turn lists no cycle the journal lacks.
        let run = try runLive(turnEvery: 1_000_000, name: "order")
        let done = run.trace.split(separator: "\n").filter { $0.contains("\"cycle_done\"") }.count
        #expect(done == 1)
        #expect(try run.journal.cycleCount(status: .done) == done)
    }
}
