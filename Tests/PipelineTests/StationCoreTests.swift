import BoardProtocol
import Display
import FrameOutput
import InputMapping
import Pipeline
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("StationCore")
struct StationCoreTests {
    private func core(rendering: Bool = false) throws -> StationCore {
        let station = try StationFixture().load()
        return StationCore(station: station, history: .empty, origin: 1_000_000,
                           renderer: rendering ? try PNGFrameWriter.renderer(for: station) : nil)
    }

    private func identify(sequence: UInt8 = 0, serial: String = "SB-1") -> [UInt8] {
        BoardEncoder.encode(BoardFrame(sequence: sequence, message: .identify(BoardIdentity(
            protocolVersion: BoardFraming.protocolVersion, firmware: (1, 0, 0), sensors: 8, lights: 8, tools: 1, serial: serial))))
    }

    /// The two-board station (`left`: SB-L, `right`: SB-R), both boards connected and identified.
    private func twoBoardCore() throws -> StationCore {
        let core = StationCore(station: try StationFixture.twoBoards().load(), history: .empty, origin: 1_000_000)
        for (board, serial) in [("left", "SB-L"), ("right", "SB-R")] {
            core.take(.boardLink(name: board, change: .connected), at: 0)
            core.take(.board(name: board, bytes: identify(serial: serial)), at: 1)
        }
        return core
    }

    private func pick(_ sensor: UInt8, sequence: UInt8) -> [UInt8] {
        BoardEncoder.encode(BoardFrame(sequence: sequence, message: .sensorChange(channel: sensor, state: 1, timeMicros: 0)))
    }

    @Test func aPictureIsRenderedOnlyWhenSomethingChanged() throws {
        let core = try core(rendering: true)
        #expect(core.render(at: 0) != nil, "the first picture is drawn whole")
        #expect(core.render(at: 0) == nil)
        core.take(.engine(.badge("W1")), at: 1)
        #expect(core.render(at: 1) != nil)
        core.take(.engine(.input("bin-3", .press)), at: 2)  // nothing runs yet: no change
        #expect(core.render(at: 2) == nil)
    }

    @Test func lightsFollowTheCurrentStepAndGoToTheBoardOnceOnline() throws {
        let core = try core()
        var sent: [BoardMessage] = []
        core.onBoardFrame = { _, frame in sent.append(frame.message) }
        core.take(.boardLink(.connected), at: 0)
        #expect(sent == [.hello(protocolVersion: BoardFraming.protocolVersion)], "the handshake starts at connection")
        core.take(.board(identify()), at: 10)
        #expect(core.session.isOnline)
        core.take(.engine(.badge("W1")), at: 20)
        core.take(.engine(.product("lamp")), at: 30)
        #expect(core.wantedLights.first == true, "the pick step lights bin-1")
        #expect(sent.last == .setLights([true]))
        core.take(.board(pick(1, sequence: 1)), at: 40)
        #expect(core.wantedLights.first == false)
        #expect(sent.last == .setLights([false]))
    }

    @Test func journalWritesWaitUntilTakenAndAreTakenOnce() throws {
        let core = try core()
        core.take(.engine(.badge("W1")), at: 1)
        core.take(.engine(.product("cap")), at: 2)
        core.take(.engine(.input("bin-2", .press)), at: 3)
        let writes = core.takeWrites()
        #expect(writes.count == 2)
        #expect(writes.first == .login(worker: "W1", at: 1_000_001))
        if case .cycle(let record)? = writes.last { #expect(record.product == "cap" && record.status == .done) } else {
            Issue.record("the finished cycle is not among the writes")
        }
        #expect(core.takeWrites().isEmpty)
    }

    @Test func aTimerDueBeforeAnInputFiresFirstAsItsOwnBatch() throws {
        let core = try core()
        var batches: [(Micros, [String])] = []
        var current: [String] = []
        core.onEvent = { current.append($0.type) }
        core.onPicture = { time, _ in batches.append((time, current)); current = [] }
        core.take(.engine(.badge("W1")), at: 0)
        core.take(.engine(.product("lamp")), at: 1_000_000)
        // The pick step's max_s is 10: `slow` is due at 11 s, before this input at 12 s.
        core.take(.engine(.input("bin-1", .press)), at: 12_000_000)
        #expect(batches.map(\.0) == [0, 1_000_000, 11_000_000, 12_000_000])
        #expect(batches[2].1 == ["slow"])
        #expect(batches[3].1.first == "step_done")
    }

    @Test func theSameInputsAtTheSameTimesGiveTheSameEventsHoweverTheyAreGrouped() throws {
        // A live loop may fire timers in a turn of its own or just before an input: the events must not differ.
        func events(tickingAt ticks: [Micros]) throws -> [String] {
            let core = try core()
            var lines: [String] = []
            core.onEvent = { lines.append("\($0.time) \($0.type)") }
            core.take(.engine(.badge("W1")), at: 0)
            core.take(.engine(.product("lamp")), at: 1_000_000)
            for tick in ticks { core.advance(to: tick) }
            core.take(.engine(.input("bin-1", .press)), at: 12_000_000)
            return lines
        }
        #expect(try events(tickingAt: []) == events(tickingAt: [5_000_000, 11_000_000, 11_500_000]))
    }

    @Test func aBoardThatIsAbsentBlocksTheStationUntilItIdentifiesItself() throws {
        let core = try core()
        core.take(.engine(.badge("W1")), at: 0)
        core.take(.engine(.product("lamp")), at: 1)
        core.take(.boardLink(.absent), at: 2)
        #expect(core.engine.offlineDevices == ["board"])
        core.take(.engine(.input("bin-1", .press)), at: 3)
        #expect(core.engine.cycle?.step.index == 0, "a blocked station takes no step")
        core.take(.boardLink(.connected), at: 4)
        core.take(.board(identify()), at: 5)
        #expect(core.engine.offlineDevices.isEmpty)
        core.take(.board(pick(1, sequence: 1)), at: 6)
        #expect(core.engine.cycle?.step.index == 1)
    }

    @Test func aSilentBoardGoesOfflineAtItsDeadlineNotWhenSomebodyLooks() throws {
        let core = try core()
        var notices: [String] = []
        core.onNotice = { notices.append($0) }
        core.take(.boardLink(.connected), at: 0)
        core.take(.board(identify()), at: 1_000)
        #expect(core.nextDeadline == 1_000 + BoardSession.silenceTimeout)
        core.take(.engine(.badge("W1")), at: 10_000_000)
        #expect(core.engine.offlineDevices == ["board"])
        #expect(notices.contains("board offline: board silent for 3 s"))
    }

    @Test func anUnpluggedBoardBlocksAndAReplugRecovers() throws {
        let core = try core()
        core.take(.boardLink(.connected), at: 0)
        core.take(.board(identify()), at: 1)
        core.take(.engine(.badge("W1")), at: 2)
        core.take(.engine(.product("lamp")), at: 3)
        core.take(.boardLink(.disconnected), at: 4)
        #expect(core.engine.offlineDevices == ["board"])
        #expect(core.wantedLights.allSatisfy { !$0 }, "no light while the station is blocked")
        core.take(.boardLink(.connected), at: 5)
        core.take(.board(identify()), at: 6)
        #expect(core.engine.offlineDevices.isEmpty)
        core.take(.board(pick(1, sequence: 1)), at: 7)
        #expect(core.engine.cycle?.step.index == 1)
    }

    @Test func badBoardBytesAreADroppedTraceEvent() throws {
        let core = try core()
        var events: [TraceEvent] = []
        core.onEvent = { events.append($0) }
        core.take(.board([0xA5, 0x01, 0x82, 0x03, 0x01, 0x01, 0x00, 0x00, 0x00]), at: 1)
        #expect(core.dropped["board", default: 0] >= 1)
        guard case .dropped(let source, _)? = events.first?.kind else {
            Issue.record("no dropped event: \(events)")
            return
        }
        #expect(source == .board)
    }

    @Test func badTextFromAReaderIsDroppedUnderItsDevice() throws {
        let core = try core()
        var events: [TraceEvent] = []
        core.onEvent = { events.append($0) }
        let reader = EvdevDeviceIdentity(name: "RFID Reader")
        let long = String(repeating: "w", count: InputText.maxBadgeLength + 1)
        for event in KeyboardWedge.events(typing: long, device: reader)! { core.take(.evdev(event), at: 1) }
        #expect(events.map(\.kind) == [.dropped(source: .evdev, reason: "bad text for input \"badge\": longer than 64 characters")],
                "the engine's rule, with the device as source")
        #expect(core.engine.worker == nil)
        #expect(core.dropped["evdev"] == 1)
    }

    @Test func everyInputIsOfferedForRecordingWithTheTimeItIsHandledAt() throws {
        let core = try core()
        var recorded: [(StationInput, Micros)] = []
        core.onInput = { recorded.append(($0, $1)) }
        core.take(.engine(.badge("W1")), at: 5)
        core.take(.engine(.logout), at: 3)  // earlier than the last: handled at 5
        #expect(recorded.map(\.1) == [5, 5])
        #expect(recorded.map(\.0) == [.engine(.badge("W1")), .engine(.logout)])
    }

    @Test func eachBoardIsItsOwnDeviceUnderItsName() throws {
        let core = StationCore(station: try StationFixture.twoBoards().load(), history: .empty, origin: 1_000_000)
        #expect(core.boardNames == ["left", "right"])
        core.take(.boardLink(name: "left", change: .absent), at: 0)
        core.take(.boardLink(name: "right", change: .absent), at: 0)
        #expect(core.engine.offlineDevices == ["left", "right"])
        core.take(.boardLink(name: "left", change: .connected), at: 1)
        core.take(.board(name: "left", bytes: identify(serial: "SB-L")), at: 2)
        #expect(core.engine.offlineDevices == ["right"], "one board back is not enough")
        #expect(core.session(of: "left")?.isOnline == true && core.session(of: "right")?.isOnline == false)
    }

    @Test func unpluggingOneOfTwoBoardsBlocksTheOthersInputsUntilItIsBack() throws {
        let core = try twoBoardCore()
        var events: [TraceEvent] = []
        var notices: [String] = []
        core.onEvent = { events.append($0) }
        core.onNotice = { notices.append($0) }
        core.take(.engine(.badge("W1")), at: 2)
        core.take(.engine(.product("pair")), at: 3)
        core.take(.boardLink(name: "right", change: .disconnected), at: 4)
        #expect(core.engine.offlineDevices == ["right"])
        #expect(core.model(at: 4).offline)
        #expect(notices == ["board right offline: board disconnected", "error: device on right at step right"])
        let before = events.count
        core.take(.board(name: "left", bytes: pick(1, sequence: 1)), at: 5)
        #expect(events.count == before, "the left board's bin-1 is mapped (not dropped) but the blocked station takes nothing")
        #expect(core.engine.cycle?.step.index == 0)
        core.take(.boardLink(name: "right", change: .connected), at: 6)
        core.take(.board(name: "right", bytes: identify(serial: "SB-R")), at: 7)
        #expect(core.engine.offlineDevices.isEmpty)
        #expect(!core.model(at: 7).offline)
        core.take(.board(name: "right", bytes: pick(1, sequence: 1)), at: 8)
        #expect(core.engine.cycle?.step.index == 1, "sensor 1 of the right board is bin-3, the first step's")
        core.take(.board(name: "left", bytes: pick(1, sequence: 2)), at: 9)
        #expect(events.contains { $0.type == "cycle_done" })
        #expect(core.dropped.isEmpty)
    }

    @Test func eachBoardLightsItsOwnOutputs() throws {
        let core = try twoBoardCore()
        var sent: [(board: String, message: BoardMessage)] = []
        core.onBoardFrame = { board, frame in sent.append((board, frame.message)) }
        func lastLights(_ board: String) -> BoardMessage? { sent.last { $0.board == board && $0.message.isSetLights }?.message }
        core.take(.engine(.badge("W1")), at: 2)
        core.take(.engine(.product("pair")), at: 3)
        #expect(core.wantedLights(on: "right") == [true] && core.wantedLights(on: "left") == [false])
        #expect(lastLights("right") == .setLights([true]))
        core.take(.board(name: "right", bytes: pick(1, sequence: 1)), at: 4)
        #expect(lastLights("right") == .setLights([false]))
        #expect(lastLights("left") == .setLights([true]))
        core.take(.boardLink(name: "right", change: .disconnected), at: 5)
        #expect(core.wantedLights(on: "left") == [false], "no light on any board while one is away")
        #expect(lastLights("left") == .setLights([false]))
        #expect(core.lightsOff(on: "left").map(\.message) == [.setLights([false])])
    }

    @Test func dataOfABoardTheStationLacksIsDropped() throws {
        let core = try twoBoardCore()
        var events: [TraceEvent] = []
        core.onEvent = { events.append($0) }
        core.take(.board(pick(1, sequence: 1)), at: 2)
        #expect(events.map(\.kind) == [.dropped(source: .board, reason: "unknown board 'board'")])
    }

    // MARK: Pictures without a trace event

    /// One step that needs three good tool results.
    private static let trioYAML = """
        product: trio
        name: { nl: Drie }
        norm_time_s: 10
        steps:
          - id: three
            text: { nl: "Draai 3 schroeven" }
            done: { input: torque, ok: true, count: 3 }
        """

    /// The pictures a core reports, with the trace events and journal writes beside them.
    private final class Pictures {
        var shown: [(time: Micros, name: FrameName)] = []
        var events = 0
        init(_ core: StationCore) {
            core.onPicture = { [unowned self] in shown.append((time: $0, name: $1)) }
            core.onEvent = { [unowned self] _ in events += 1 }
        }
        var names: [String] { shown.map(\.name.description) }
    }

    @Test func theEndOfTheWellDoneFeedbackIsAPictureAtItsOwnTimeWithoutAnEvent() throws {
        let core = try core()
        let pictures = Pictures(core)
        core.take(.engine(.badge("W1")), at: 0)
        core.take(.engine(.product("cap")), at: 1_000_000)
        core.take(.engine(.input("bin-2", .press)), at: 2_000_000)  // cycle done: events 4-7
        #expect(core.model(at: 2_000_000).celebrating)
        #expect(core.nextPictureChange == 3_500_000 && core.nextDeadline == 3_500_000, "a live loop wakes when the feedback ends")
        let events = pictures.events
        _ = core.takeWrites()
        let engine = core.engine
        core.take(.engine(.input("bin-3", .press)), at: 5_000_000)  // ignored: no event, no change of its own
        #expect(pictures.shown.last?.time == 3_500_000, "at the feedback's end, not at the next input")
        #expect(pictures.names.last == "000007-01")
        #expect(pictures.events == events && core.takeWrites().isEmpty && core.engine.phase == engine.phase,
                "no trace event, no journal write, the engine untouched")
        #expect(core.nextDeadline == nil)
    }

    @Test func aCountedInputIsAPictureOfItsOwnAndTheChangesAfterAnEventAreCounted() throws {
        let core = StationCore(station: try StationFixture(products: ["trio": Self.trioYAML]).load(), history: .empty, origin: 0)
        let pictures = Pictures(core)
        core.take(.engine(.badge("W1")), at: 0)
        core.take(.engine(.product("trio")), at: 1_000_000)  // events 2, 3
        core.take(.engine(.input("torque", .tool(ok: true))), at: 2_000_000)  // "1 van 3": no event
        core.take(.engine(.input("torque", .tool(ok: true))), at: 3_000_000)  // "2 van 3"
        core.take(.engine(.input("bin-1", .press)), at: 3_500_000)  // nothing changes: no picture
        core.take(.engine(.input("torque", .tool(ok: true))), at: 4_000_000)  // done: events 4-7, celebrating
        core.advance(to: 6_000_000)  // the feedback ended at 5.5 s
        #expect(pictures.names == ["000001", "000003", "000003-01", "000003-02", "000007", "000007-01"])
        #expect(pictures.shown.map(\.time) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_500_000])
        guard case .step(let view) = core.model(at: 3_000_000).screen else { Issue.record("no step"); return }
        #expect(view.counted == 0, "the next cycle starts at zero")
    }

    @Test func aPictureChangeDueAtAnInputsTimeIsThatInputsPicture() throws {
        let core = try core()
        let pictures = Pictures(core)
        core.take(.engine(.badge("W1")), at: 0)
        core.take(.engine(.product("cap")), at: 1_000_000)
        core.take(.engine(.input("bin-2", .press)), at: 2_000_000)
        core.take(.engine(.input("bin-2", .press)), at: 3_500_000)  // the next cycle done as the feedback ends
        #expect(pictures.names == ["000001", "000003", "000007", "000011"])
        #expect(core.nextPictureChange == 5_000_000)
    }

    @Test func nothingChangedIsNoPicture() throws {
        let core = try core()
        let pictures = Pictures(core)
        core.take(.engine(.input("bin-1", .press)), at: 1_000_000)  // nobody logged in
        core.advance(to: 60_000_000)
        core.take(.time, at: 61_000_000)
        #expect(pictures.shown.isEmpty)
        core.take(.boardLink(.absent), at: 62_000_000)  // offline while nothing runs: the picture changes, no event
        #expect(pictures.names == ["000000-01"])
    }
}

private extension BoardMessage {
    var isSetLights: Bool { if case .setLights = self { true } else { false } }
}
