import BoardProtocol
import InputMapping
import Journal
import Runtime
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("StationCore")
struct StationCoreTests {
    private func core() throws -> StationCore {
        let station = try StationFixture().load()
        return StationCore(station: station, history: .empty, origin: 1_000_000, renderer: try PNGFrameWriter.renderer(for: station))
    }

    @Test func aPictureIsRenderedOnlyWhenSomethingChanged() throws {
        let core = try core()
        #expect(core.render(at: 0) != nil, "the first picture is drawn whole")
        #expect(core.render(at: 0) == nil)
        core.handle(.badge("W1"), at: 1)
        #expect(core.render(at: 1) != nil)
        core.handle(.input("bin-3", .press), at: 2)  // nothing runs yet: no change
        #expect(core.render(at: 2) == nil)
    }

    @Test func lightsFollowTheCurrentStep() throws {
        let core = try core()
        #expect(core.wantedLights.allSatisfy { !$0 })
        core.handle(.badge("W1"), at: 1)
        core.handle(.product("lamp"), at: 2)
        #expect(core.wantedLights.first == true, "the pick step lights bin-1")
        core.handle(.input("bin-1", .press), at: 3)
        #expect(core.wantedLights.first == false)
    }

    @Test func journalWritesWaitUntilTakenAndAreTakenOnce() throws {
        let core = try core()
        core.handle(.badge("W1"), at: 1)
        core.handle(.product("cap"), at: 2)
        core.handle(.input("bin-2", .press), at: 3)
        let writes = core.takeWrites()
        #expect(writes.count == 2)
        #expect(writes.first == .login(worker: "W1", at: 1_000_001))
        if case .cycle(let record)? = writes.last { #expect(record.product == "cap" && record.status == .done) } else {
            Issue.record("the finished cycle is not among the writes")
        }
        #expect(core.takeWrites().isEmpty)
    }

    @Test func badBoardBytesAreCountedAsDropped() throws {
        let core = try core()
        var reasons: [String] = []
        core.onDropped = { reasons.append("\($0): \($1)") }
        _ = core.boardTransfer([0xA5, 0x01, 0x82, 0x03, 0x01, 0x01, 0x00, 0x00, 0x00], at: 1)
        #expect(core.dropped["board", default: 0] >= 1)
        #expect(reasons.first?.hasPrefix("board: ") == true)
    }

    @Test func badTextFromAReaderIsCountedAsDroppedUnderItsDevice() throws {
        let core = try core()
        var reasons: [String] = []
        core.onDropped = { reasons.append("\($0): \($1)") }
        let reader = EvdevDeviceIdentity(name: "RFID Reader")
        let long = String(repeating: "w", count: InputText.maxBadgeLength + 1)
        for event in KeyboardWedge.events(typing: long, device: reader)! { core.evdev(event, at: 1) }
        #expect(reasons == ["evdev: bad text for input \"badge\": longer than 64 characters"], "the engine's rule, with the device as source")
        #expect(core.engine.worker == nil)
        #expect(core.dropped["evdev"] == 1)
    }
}
