import Foundation
import FrameOutput
import Journal
import LiveRuntime
import Pipeline
import Replay
import Scripts
import StationModel
import Testing
import TestSupport
import UMockdevSupport

let umockdev = oss_umockdev_available() != 0

func code(_ name: String) -> UInt16 { LinuxKeyCodes.byName[name]! }

/// Waits up to 3 s for `condition`.
@discardableResult
func wait(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        usleep(5_000)
    }
    return true
}

/// A station with emulated buttons (event0), badge reader (event1),
/// scanner (event2) and board, and `oss run`'s loop on a thread.
final class LiveFixture: @unchecked Sendable {
    let tb: OpaquePointer
    let fixture = StationFixture()
    let temp = TemporaryDirectory()
    var live: LiveStation!
    var log: [String] = []
    let lock = NSLock()
    var thread: Thread?

    /// `recording`: the loop also writes `trace.jsonl` and `recording.jsonl` (its inputs as an event script).
    init(tb: OpaquePointer, startLoop: Bool = true, recording: Bool = false, withBoard: Bool = true) throws {
        self.tb = tb
        var buttons = [code("BTN_0"), code("BTN_1")]
        #expect(oss_testbed_add_evdev(tb, 0, "Station Buttons", "usb-1/input0", 0x1209, 0x0002, &buttons, 2) == 0)
        var keys = ["KEY_LEFTSHIFT", "KEY_ENTER", "KEY_MINUS"].map(code) + (0...9).map { code("KEY_\($0)") }
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { code("KEY_\($0)") }
        #expect(oss_testbed_add_evdev(tb, 1, "RFID Reader", "usb-2/input0", 0x08FF, 0x0009, &keys, keys.count) == 0)
        #expect(oss_testbed_add_evdev(tb, 2, "Barcode Scanner", "usb-3/input0", 0x05E0, 0x1200, &keys, keys.count) == 0)
        if withBoard { #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0001", 8, 3, 1) == 0) }
        var options = LiveStation.Options()
        options.journalPath = temp.path + "/journal.db"
        options.framesDirectory = temp.path + "/frames"
        options.realtime = false
        options.handleSignals = false
        if recording {
            options.tracePath = temp.path + "/trace.jsonl"
            options.recordPath = temp.path + "/recording.jsonl"
        }
        let echo = ProcessInfo.processInfo.environment["OSS_TEST_DEBUG"] != nil
        options.log = { [unowned self] line in
            if echo { FileHandle.standardError.write(Data("live: \(line)\n".utf8)) }
            lock.lock(); log.append(line); lock.unlock()
        }
        if startLoop { live = try LiveStation(station: try fixture.load(), options: options) }
    }

    func start() {
        thread = Thread { [self] in try? self.live.run() }
        thread?.start()
    }

    func stop() {
        live.requestStop()
        wait { self.logged("stopped:") }
    }

    func logged(_ text: String) -> Bool {
        count(text) > 0
    }

    /// Log lines containing `text`; the loop's thread appends under the lock.
    func count(_ text: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return log.filter { $0.contains(text) }.count
    }

    func type(_ text: String, on number: UInt32) {
        for character in text + "\n" {
            let name = character == "\n" ? "KEY_ENTER" : character == "-" ? "KEY_MINUS" : "KEY_\(character.uppercased())"
            if character.isUppercase { oss_testbed_evdev_event(tb, number, 1, code("KEY_LEFTSHIFT"), 1) }
            oss_testbed_evdev_event(tb, number, 1, code(name), 1)
            oss_testbed_evdev_event(tb, number, 1, code(name), 0)
            if character.isUppercase { oss_testbed_evdev_event(tb, number, 1, code("KEY_LEFTSHIFT"), 0) }
            oss_testbed_evdev_event(tb, number, 0, 0, 0)
        }
    }

    func press(_ button: String) {
        oss_testbed_evdev_event(tb, 0, 1, code(button), 1)
        oss_testbed_evdev_event(tb, 0, 1, code(button), 0)
        oss_testbed_evdev_event(tb, 0, 0, 0, 0)
    }
}

@Suite("oss run on umockdev", .serialized, .enabled(if: umockdev, "needs umockdev's preload: run make test"))
struct LiveStationDeviceTests {
    /// The `oss` binary in its own process on the emulated devices, as under
    /// umockdev-run: the child gets the preload and this testbed's folder.
    @Test func ossBinaryCompletesCyclesAndStopsOnSIGTERM() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb, startLoop: false)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process.arguments = ["run", "--station", f.fixture.stationPath, "--journal", f.temp.path + "/binary.db",
                             "--frames", f.temp.path + "/binary-frames", "--no-realtime"]
        var environment = ProcessInfo.processInfo.environment
        environment["UMOCKDEV_DIR"] = String(cString: oss_testbed_root(tb))
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        #expect(wait { oss_testbed_board_hellos(tb) >= 1 }, "the binary says HELLO to the board")
        usleep(500_000)
        f.type("W42", on: 1)
        usleep(200_000)
        f.type("cap", on: 2)
        usleep(300_000)
        for _ in 0..<2 {
            oss_testbed_board_sensor(tb, 2, 1)
            oss_testbed_board_sensor(tb, 2, 0)
            usleep(300_000)
        }
        // Each cycle is committed as it ends; a loaded machine (or ThreadSanitizer) may take longer than the pauses.
        let journalPath = f.temp.path + "/binary.db"
        #expect(wait(seconds: 20) { ((try? Journal(path: journalPath, create: false).cycleCount(status: .done)) ?? 0) >= 2 },
                "both cycles reach the journal while the binary runs")
        process.terminate()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("stopped: journal"), "\(stderr)")
        let journal = try Journal(path: f.temp.path + "/binary.db")
        #expect(try journal.cycleCount(status: .done) == 2, "\(stderr)")
    }

    @Test func completesACycleIntoTheJournalWithLightsAndStopsCleanly() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb)
        f.start()
        #expect(wait { f.logged("board SB-0001 online") })
        #expect(f.logged("serves confirm, help") && f.logged("serves badge") && f.logged("serves scanner"))
        #expect(oss_testbed_evdev_grabbed(tb, 1) == 1 && oss_testbed_evdev_grabbed(tb, 2) == 1, "badge reader and scanner grabbed")
        f.type("W42", on: 1)
        f.type("lamp", on: 2)
        #expect(wait { oss_testbed_board_lights(tb) == 0b1 }, "step pick lights bin-1")
        oss_testbed_board_sensor(tb, 1, 1)
        oss_testbed_board_sensor(tb, 1, 0)
        #expect(wait { oss_testbed_board_lights(tb) == 0 }, "step screws lights nothing")
        oss_testbed_board_tool(tb, 1, 1)
        oss_testbed_board_tool(tb, 1, 1)
        usleep(300_000)  // inputs from different devices are ordered by when they are read
        f.type("LMP-001", on: 2)
        usleep(300_000)
        oss_testbed_board_sensor(tb, 3, 1)
        usleep(300_000)
        f.press("BTN_0")
        let journal = try Journal(path: f.temp.path + "/journal.db")
        #expect(wait { (try? journal.cycleCount(status: .done)) == 1 })
        f.stop()
        #expect(oss_testbed_board_lights(tb) == 0, "lights off at the end")
        let frames = try FileManager.default.contentsOfDirectory(atPath: f.temp.path + "/frames")
        #expect(frames.count >= 5)
    }

    /// One pipeline: a live session on emulated devices, recorded, replays
    /// through `oss simulate`'s code to the identical trace and frames.
    @Test func aRecordedLiveSessionReplaysToTheSameTraceAndFrames() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb, recording: true)
        f.start()
        #expect(wait { f.logged("board SB-0001 online") })
        f.type("W42", on: 1)
        f.type("lamp", on: 2)
        #expect(wait { oss_testbed_board_lights(tb) == 0b1 })
        oss_testbed_board_sensor(tb, 2, 1)  // the wrong bin: an error
        oss_testbed_board_sensor(tb, 2, 0)
        #expect(wait { f.logged("error: wrong_input on bin-2") })
        // Inputs from different devices are ordered by when the loop reads them: a pause between devices.
        usleep(300_000)
        f.press("BTN_0")  // acknowledged
        usleep(300_000)
        oss_testbed_board_sensor(tb, 1, 1)
        oss_testbed_board_sensor(tb, 1, 0)
        #expect(wait { oss_testbed_board_lights(tb) == 0 })
        oss_testbed_board_tool(tb, 1, 1)
        oss_testbed_board_tool(tb, 1, 0)  // not ok
        oss_testbed_remove_board(tb)
        #expect(wait { f.count("board offline") >= 1 })
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0001", 8, 3, 1) == 0)
        #expect(wait { f.count("online") >= 2 })
        usleep(300_000)
        f.press("BTN_1")  // help
        usleep(300_000)
        f.type("LMP-0X1", on: 2)  // no match
        usleep(300_000)
        f.stop()

        let station = try f.fixture.load()
        let recording = try EventScript.load(path: f.temp.path + "/recording.jsonl", station: station)
        let liveTrace = try String(contentsOfFile: f.temp.path + "/trace.jsonl", encoding: .utf8)
        let replayFrames = f.temp.path + "/replay-frames"
        let writer = try PNGFrameWriter(directory: replayFrames, renderer: try PNGFrameWriter.renderer(for: station))
        var replayTrace = ""
        _ = try Simulation(station: station, journal: Journal(path: f.temp.path + "/replay.db"), origin: 0, frames: writer)
            .run(recording) { replayTrace += TraceEncoding.line($0) + "\n" }
        #expect(liveTrace.split(separator: "\n").count >= 8, "the session made a real trace:\n\(liveTrace)")
        #expect(["\"wrong_input\"", "\"acknowledge\"", "\"kind\": \"device\"", "\"help\""].allSatisfy { liveTrace.contains($0) }, "\(liveTrace)")
        #expect(replayTrace == liveTrace)
        let names = try FileManager.default.contentsOfDirectory(atPath: f.temp.path + "/frames").sorted()
        #expect(names.count >= 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: replayFrames).sorted() == names)
        for name in names {
            let live = try Data(contentsOf: URL(fileURLWithPath: f.temp.path + "/frames/" + name))
            let replay = try Data(contentsOf: URL(fileURLWithPath: replayFrames + "/" + name))
            #expect(live == replay, "frame \(name) differs")
        }
    }

    /// Hotplug by event: a board plugged in long after the start is found
    /// through its uevent (the port does not look for it every second).
    @Test func aBoardPluggedInLaterIsFoundThroughItsUevent() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb, withBoard: false)
        f.start()
        #expect(wait { f.logged("serves scanner") })
        #expect(!f.logged("no kernel device events"), "the uevent socket opened")
        usleep(2_500_000)  // past any retry a port might still have from its start
        #expect(oss_testbed_board_open(tb) == 0, "nobody opened the board before it was there")
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0001", 8, 3, 1) == 0)
        let plugged = Date()
        #expect(wait { f.logged("board SB-0001 online") })
        #expect(Date().timeIntervalSince(plugged) < 1.0, "found by its uevent, not by a periodic look")
        f.stop()
    }

    @Test func recoversFromTwentyUnplugsAndLogsEach() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb)
        f.start()
        #expect(wait { f.logged("online") })
        f.type("W42", on: 1)
        f.type("lamp", on: 2)
        #expect(wait { oss_testbed_board_lights(tb) == 0b1 })
        for round in 1...20 {
            oss_testbed_remove_board(tb)
            #expect(wait { f.count("board offline") >= round }, "unplug \(round) logged")
            #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0001", 8, 3, 1) == 0)
            #expect(wait { f.count("online") >= round + 1 }, "replug \(round) recovered")
            #expect(wait { oss_testbed_board_lights(tb) == 0b1 }, "lights restored after replug \(round)")
        }
        // The station works again: the pick is counted.
        oss_testbed_board_sensor(tb, 1, 1)
        #expect(wait { oss_testbed_board_lights(tb) == 0 })
        f.stop()
        let errors = f.count("error: device on board")
        #expect(errors == 20, "each unplug is an error of kind device")
    }
}

/// `oss run` in its own process, without devices (it waits for them): every
/// stop signal ends it cleanly, the journal checkpointed and closed.
@Suite("oss run stops on signals", .serialized)
struct LiveStationSignalTests {
    @Test(arguments: [SIGHUP, SIGINT, SIGTERM])
    func stopsCleanlyWithTheJournalCheckpointed(signal: Int32) throws {
        let fixture = StationFixture()
        let temp = TemporaryDirectory()
        let journal = temp.path + "/journal.db"
        let process = Process()
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process.executableURL = FileManager.default.fileExists(atPath: beside.path) ? beside : URL(fileURLWithPath: Repository.root + "/.build/debug/oss")
        process.arguments = ["run", "--station", fixture.stationPath, "--journal", journal, "--frames", temp.path + "/frames", "--no-realtime"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "UMOCKDEV_DIR")
        process.environment = environment
        let err = Pipe()
        let stderr = CollectedOutput()
        err.fileHandleForReading.readabilityHandler = { stderr.append($0.availableData) }
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        func text() -> String { stderr.text }
        let deadline = Date().addingTimeInterval(20)
        while !text().contains("running;") && process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(text().contains("running;"), "\(text())")
        #expect(FileManager.default.fileExists(atPath: journal + "-wal"), "the journal is open in WAL mode while it runs")
        kill(process.processIdentifier, signal)
        // Not stopped in 10 s (a signal left pending, never read): a failure, not a hung test.
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        err.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "signal \(signal): \(text())")
        #expect(text().contains("stopped: journal"), "\(text())")
        for companion in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: journal + companion), "\(companion) left after signal \(signal)")
        }
    }
}

/// What a child process wrote, collected from the pipe's handler thread.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
