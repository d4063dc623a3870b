import BoardProtocol
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

/// Things that happen at given times, handed out once their time has come.
struct Timeline<Event> {
    private var pending: [(time: Micros, event: Event)]

    init(_ events: [(Micros, Event)]) {
        pending = events.map { (time: $0.0, event: $0.1) }
    }

    var next: Micros? { pending.first?.time }

    /// The events due by `time`, in order, each once.
    mutating func due(by time: Micros) -> [(time: Micros, event: Event)] {
        let count = pending.prefix { $0.time <= time }.count
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }
}

/// Inputs handed to the loop at given times, without any descriptor: the
/// loop's own `DeviceSource` protocol, driven by a manual clock.
final class ScriptedSource: DeviceSource {
    let name = "scripted"
    private var timeline: Timeline<StationInput>

    init(_ inputs: [(Micros, StationInput)]) { timeline = Timeline(inputs) }

    var descriptors: [(descriptor: Int32, events: Epoll.Events)] { [] }
    var nextWake: Micros? { timeline.next }
    func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {}

    func tick(at time: Micros, into sink: StationSink) {
        for (time, input) in timeline.due(by: time) { sink.take(input, at: time) }
    }
}

/// One station board in memory: it is plugged in (and identifies itself),
/// unplugged and picked at given times, and keeps what the loop sent it.
final class MemoryBoard: BoardTransport {
    enum Event { case plug, unplug, pick(UInt8) }

    let name: String
    private let serial: String
    private var timeline: Timeline<Event>
    private var sequence: UInt8 = 0
    private(set) var received: [BoardMessage] = []
    private(set) var flushed: [BoardMessage] = []

    init(name: String, serial: String, _ events: [(Micros, Event)]) {
        self.name = name
        self.serial = serial
        timeline = Timeline(events)
    }

    var descriptors: [(descriptor: Int32, events: Epoll.Events)] { [] }
    var nextWake: Micros? { timeline.next }
    func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {}

    func tick(at time: Micros, into sink: StationSink) {
        for (time, event) in timeline.due(by: time) {
            switch event {
            case .plug:
                sink.take(.boardLink(name: name, change: .connected), at: time)
                sequence = 0
                transfer(.identify(BoardIdentity(protocolVersion: BoardFraming.protocolVersion, firmware: (1, 0, 0), sensors: 8,
                                                 lights: 8, tools: 1, serial: serial)), at: time, into: sink)
            case .unplug:
                sink.take(.boardLink(name: name, change: .disconnected), at: time)
            case .pick(let sensor):
                transfer(.sensorChange(channel: sensor, state: 1, timeMicros: 0), at: time, into: sink)
            }
        }
    }

    private func transfer(_ message: BoardMessage, at time: Micros, into sink: StationSink) {
        sink.take(.board(name: name, bytes: BoardEncoder.encode(BoardFrame(sequence: sequence, message: message))), at: time)
        sequence &+= 1
    }

    func send(_ frame: BoardFrame, log: (String) -> Void) { received.append(frame.message) }
    func sendAndFlush(_ frames: [BoardFrame]) { flushed += frames.map(\.message) }
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

    /// Options for a loop the test turns itself: journal `NAME.db` and frames
    /// `NAME-frames` in the temporary folder, no signals, no real-time.
    func managedOptions(_ name: String) -> LiveStation.Options {
        var options = LiveStation.Options()
        options.journalPath = temp.path + "/\(name).db"
        options.framesDirectory = temp.path + "/\(name)-frames"
        options.realtime = false
        options.handleSignals = false
        return options
    }

    /// Runs the inputs through a LiveStation, turning the loop every `step` µs
    /// until 20 s; returns the trace and the frame file names.
    func runLive(turnEvery step: Micros, name: String) throws -> (trace: String, frames: [String], journal: Journal) {
        let clock = ManualClock()
        var options = managedOptions(name)
        options.tracePath = temp.path + "/\(name).jsonl"
        let live = try LiveStation(station: try fixture.load(), options: options, clock: clock,
                                   sources: [ScriptedSource(Self.inputs)], standardSources: false)
        live.begin()
        var time: Micros = 0
        while time <= 20_000_000 {
            clock.set(time)
            live.turn(ready: [])
            time += step
        }
        try live.finish()
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

    /// Runs the inputs turning every 0.5 s until 20 s; returns the error `finish` threw ("" and an issue when none).
    func runExpectingFailure(_ station: Station, options: LiveStation.Options) throws -> String {
        let clock = ManualClock()
        let live = try LiveStation(station: station, options: options, clock: clock,
                                   sources: [ScriptedSource(Self.inputs)], standardSources: false)
        live.begin()
        for time in stride(from: Micros(0), through: 20_000_000, by: 500_000) {
            clock.set(time)
            live.turn(ready: [])
        }
        do {
            try live.finish()
            Issue.record("the run ended as a success")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func aRecordingThatCannotBeWrittenEndsTheRunWithAnError() throws {
        var options = managedOptions("full")
        options.recordPath = "/dev/full"
        let error = try runExpectingFailure(try fixture.load(), options: options)
        #expect(error.contains("/dev/full: No space left on device"), "\(error)")
        #expect(try Journal(path: options.journalPath).cycleCount(status: .done) == 1, "the journal has the cycle all the same")
    }

    @Test func theLiveStateIsWrittenAtTheEndOfEachTurnThatChangedIt() throws {
        let clock = ManualClock()
        let options = managedOptions("live-state")
        let live = try LiveStation(station: try fixture.load(), options: options, clock: clock,
                                   sources: [ScriptedSource(Self.inputs)], standardSources: false)
        let reader = try Journal(path: options.journalPath)
        let origin = clock.wallMicros()
        #expect(try reader.stationsLive().map(\.station) == ["test-1"], "registered at start")
        #expect(try reader.stationsLive().first?.products.sorted() == ["cap", "lamp"])
        live.begin()
        var written: [(at: Int64, state: StationLiveState)] = []
        var time: Micros = 0
        while time <= 20_000_000 {
            clock.set(time)
            if time > 0 { live.turn(ready: []) }
            let row = try #require(try reader.stationsLive().first)
            #expect(row.live == live.core.liveState, "the turn's own state is in the journal when the turn ends (t = \(time))")
            if written.last?.at != row.updatedAt { written.append((row.updatedAt, row.live)) }
            time += 50_000
        }
        try live.finish()
        let states = written.map(\.state)
        #expect(zip(states, states.dropFirst()).allSatisfy { $0 != $1 }, "a row is written only when the state changed: \(states)")
        #expect(states.first == .idle && states.last == .idle)
        #expect(written.count > 1 && written[1] == (origin + 100_000, StationLiveState(state: .idle, worker: "W42")))
        #expect(states.contains(StationLiveState(state: .working, worker: "W42", product: "lamp", step: "pick")))
        #expect(written.last?.at == origin + 19_000_000, "stamped with the turn that saw the logout")
    }

    @Test func aLiveStateThatCannotBeWrittenIsLoggedAndEndsTheRunWithAnErrorNotACrash() throws {
        var options = managedOptions("unregistered")
        final class Lines { var all: [String] = [] }
        let log = Lines()
        options.log = { log.all.append($0) }
        var station = try fixture.load()
        station.name = "Test\0station"  // refused by the journal: the station is not registered, so neither is its live state
        let error = try runExpectingFailure(station, options: options)
        #expect(error.contains("not everything was written"), "\(error)")
        #expect(log.all.contains { $0.contains("station name") }, "\(log.all)")
        #expect(log.all.contains { $0.hasPrefix("journal: not stored: live state of station") }, "\(log.all)")
        let journal = try Journal(path: options.journalPath)
        #expect(try journal.cycleCount(status: .done) == 1, "the station worked on and recorded its cycle")
        #expect(try journal.stationsLive().isEmpty)
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

    /// The fixture's `cap` product is one step at bin-2: the pick at 1 s finishes a cycle (events 4-7),
    /// and the "well done" feedback ends at 2.5 s, between two turns of the loop.
    @Test func theLoopShowsAPictureOfTimeAloneAtItsDueTimeAndItsRecordingReplaysToTheSameFrames() throws {
        let clock = ManualClock()
        var options = managedOptions("timed")
        options.recordPath = temp.path + "/timed.jsonl"
        let inputs: [(Micros, StationInput)] = [(100_000, .engine(.badge("W42"))), (600_000, .engine(.product("cap"))),
                                                (1_000_000, .engine(.input("bin-2", .press)))]
        let live = try LiveStation(station: try fixture.load(), options: options, clock: clock,
                                   sources: [ScriptedSource(inputs)], standardSources: false)
        var shown: [String] = []
        let show = live.core.onPicture
        live.core.onPicture = { time, name in
            shown.append("\(time) \(name)")
            show(time, name)
        }
        live.begin()
        for time in stride(from: Micros(0), through: 4_200_000, by: 700_000) {
            clock.set(time)
            live.turn(ready: [])
            if time == 1_400_000 { #expect(live.core.nextDeadline == 2_500_000, "the loop's timer is armed for the feedback's end") }
        }
        try live.finish()
        #expect(shown.last == "2500000 000007-01", "at its due time, not at the turn (2.8 s): \(shown)")
        let frames = try FileManager.default.contentsOfDirectory(atPath: options.framesDirectory!).sorted()
        #expect(frames.contains("000007-01.png"), "\(frames)")
        #expect(try String(contentsOfFile: options.recordPath!, encoding: .utf8).contains("{\"t\": 2.8, \"tick\": true}"))

        let station = try fixture.load()
        let replay = temp.path + "/timed-replay"
        let writer = try PNGFrameWriter(directory: replay, renderer: try PNGFrameWriter.renderer(for: station))
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/timed-replay.db"), origin: 0, frames: writer)
            .run(try EventScript.load(path: options.recordPath!, station: station)) { _ in }
        #expect(try FileManager.default.contentsOfDirectory(atPath: replay).sorted() == frames)
        for name in frames {
            #expect(FileManager.default.contentsEqual(atPath: replay + "/" + name, andPath: options.framesDirectory! + "/" + name), "\(name)")
        }
    }

    @Test func eachBoardsFramesGoToItsOwnLinkAndEitherBoardsUnplugBlocks() throws {
        let fixture = StationFixture.twoBoards()
        let clock = ManualClock()
        var options = managedOptions("boards")
        let left = MemoryBoard(name: "left", serial: "SB-L", [(0, .plug), (500_000, .pick(1)), (800_000, .pick(1))])
        let right = MemoryBoard(name: "right", serial: "SB-R", [(0, .plug), (300_000, .pick(1)), (400_000, .unplug), (600_000, .plug)])
        let worker = ScriptedSource([(100_000, .engine(.badge("W1"))), (200_000, .engine(.product("pair"))), (900_000, .engine(.logout))])
        let live = try LiveStation(station: try fixture.load(), options: options, clock: clock,
                                   sources: [worker, left, right], standardSources: false)
        live.begin()
        func turn(at time: Micros) {
            clock.set(time)
            live.turn(ready: [])
        }
        for time in stride(from: Micros(0), through: 300_000, by: 100_000) { turn(at: time) }
        #expect(live.core.engine.offlineDevices.isEmpty)
        #expect(right.received.contains(.setLights([true])), "the first step lights bin-3 on the right board")
        #expect(left.received.last == .setLights([true]), "the second step lights bin-1 on the left board")
        #expect(right.received.last == .setLights([false]))
        turn(at: 400_000)
        #expect(live.core.engine.offlineDevices == ["right"], "the right board's unplug blocks the station")
        #expect(left.received.last == .setLights([false]), "no light while blocked")
        turn(at: 500_000)
        #expect(live.core.engine.cycle?.step.index == 1, "the left board's pick meets the blocked station")
        turn(at: 600_000)
        #expect(live.core.engine.offlineDevices.isEmpty, "the replug recovers")
        #expect(left.received.last == .setLights([true]))
        for time in stride(from: Micros(700_000), through: 1_000_000, by: 100_000) { turn(at: time) }
        try live.finish()
        #expect(try Journal(path: options.journalPath).cycleCount(status: .done) == 1)
        #expect(left.received.first == .hello(protocolVersion: BoardFraming.protocolVersion))
        #expect(right.received.filter { $0 == .hello(protocolVersion: BoardFraming.protocolVersion) }.count == 2, "one hello per plug")
        #expect(left.flushed == [.setLights([false])] && right.flushed == [.setLights([false])], "each board's lights off at the end")
    }
}
