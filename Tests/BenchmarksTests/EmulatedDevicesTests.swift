import Benchmarks
import Runtime
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("EmulatedDevices")
struct EmulatedDevicesTests {
    /// Device data through the live decoding and mapping must do exactly what
    /// the logical inputs do to the engine: the bench measures real work.
    @Test func deviceDataGivesTheSameEventsAsTheLogicalInputs() throws {
        let station = try ShiftPlanTests.fietslamp()
        let plan = try ShiftPlan(station: station, hours: 1, workers: 2, seed: 3)

        var engine = StepEngine(station: station)
        var direct: [TraceEvent] = []
        for entry in plan.entries {
            direct += engine.advance(to: entry.time)
            direct += engine.handle(entry.input, at: entry.time)
        }

        let core = StationCore(station: station, history: .empty, origin: 0, renderer: try PNGFrameWriter.renderer(for: station))
        var viaDevices: [TraceEvent] = []
        core.onEvent = { viaDevices.append($0) }
        var devices = EmulatedDevices(station: station)
        _ = core.session.connected(at: 0)
        let answers = core.boardTransfer(devices.identify(), at: 0)
        #expect(answers.contains { if case .online = $0 { true } else { false } })
        var stimuli = 0
        for entry in plan.entries {
            core.advance(to: entry.time)
            for stimulus in devices.stimuli(for: entry.input) {
                stimuli += 1
                switch stimulus {
                case .evdev(let event): core.evdev(event, at: entry.time)
                case .board(let bytes): _ = core.boardTransfer(bytes, at: entry.time)
                }
            }
        }
        #expect(stimuli > 5 * plan.entries.count)
        #expect(core.dropped.isEmpty)
        #expect(viaDevices == direct)
    }
}
