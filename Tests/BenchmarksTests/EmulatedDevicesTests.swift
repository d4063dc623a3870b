import Benchmarks
import FrameOutput
import Pipeline
import Replay
import Scripts
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
        // Not connected: the board session's liveness (3 s without a frame) is not part of this comparison.
        var viaDevices: [TraceEvent] = []
        core.onEvent = { viaDevices.append($0) }
        var devices = EmulatedDevices(station: station)
        var stimuli = 0
        for entry in plan.entries {
            core.advance(to: entry.time)
            for stimulus in devices.stimuli(for: entry.input) {
                stimuli += 1
                switch stimulus {
                case .evdev(let event): core.take(.evdev(event), at: entry.time)
                case .board(let bytes): core.take(.board(bytes), at: entry.time)
                }
            }
        }
        #expect(stimuli > 5 * plan.entries.count)
        #expect(core.dropped.isEmpty)
        #expect(viaDevices == direct)
    }
}
