@testable import Journal
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("CycleRecorder")
struct CycleRecorderTests {
    private func ev(_ t: Int64, _ kind: TraceEvent.Kind) -> TraceEvent { TraceEvent(time: t, kind: kind) }

    @Test func foldsACycleWithStepsErrorsClearingAndHelp() throws {
        var recorder = CycleRecorder(station: try StationFixture().load(), origin: 1_000)
        let events = [
            ev(0, .login(worker: "W1")),
            ev(10, .cycleStart(worker: "W1", product: "lamp", cycle: 4, level: 2)),
            ev(10, .step(step: "pick", index: 1)),
            ev(20, .error(step: "pick", kind: .wrongInput, input: "bin-2")),
            ev(25, .blocked(step: "pick", input: "bin-1")),
            ev(30, .help(step: "pick", level: 1)),
            ev(40, .cleared(step: "pick", by: .acknowledge)),
            ev(45, .slow(step: "pick", duration: 35)),
            ev(50, .stepDone(step: "pick", duration: 40)),
            ev(50, .step(step: "screws", index: 2)),
            ev(60, .cycleDone(worker: "W1", product: "lamp", cycle: 4, duration: 50, errors: 1, help: 1)),
        ]
        var writes: [CycleRecorder.Write] = []
        for event in events { if let write = recorder.take(event) { writes.append(write) } }
        #expect(writes.count == 2)
        #expect(writes.first == .login(worker: "W1", at: 1_000))
        guard case .cycle(let record) = writes.last else { Issue.record("no cycle written"); return }
        #expect(record.status == .done && record.number == 4 && record.level == 2)
        #expect(record.startedAt == 1_010 && record.endedAt == 1_060 && record.duration == 50)
        #expect(record.errors == 1 && record.help == 1 && record.normTime == 60_000_000)
        #expect(record.steps == [
            .init(step: "pick", index: 1, startedAt: 1_010, duration: 40, errors: 1, help: 1, blocked: 1, slow: true),
            .init(step: "screws", index: 2, startedAt: 1_050, duration: nil),
        ])
        #expect(record.errorRecords == [.init(step: "pick", index: 1, at: 1_020, kind: "wrong_input", input: "bin-2",
                                              clearedBy: "acknowledge", clearedAt: 1_040)])
        #expect(record.helpRequests == [.init(step: "pick", index: 1, at: 1_030, level: 1)])
    }

    @Test func abandonedCycleKeepsItsUnclearedError() throws {
        var recorder = CycleRecorder(station: try StationFixture().load(), origin: 0)
        _ = recorder.take(ev(0, .cycleStart(worker: "W1", product: "cap", cycle: 1, level: 1)))
        _ = recorder.take(ev(0, .step(step: "take", index: 1)))
        _ = recorder.take(ev(5, .error(step: "take", kind: .outOfOrder, input: "bin-1")))
        let write = recorder.take(ev(9, .cycleAbandoned(worker: "W1", product: "cap", cycle: 1)))
        guard case .cycle(let record)? = write else { Issue.record("no cycle written"); return }
        #expect(record.status == .abandoned && record.duration == nil && record.endedAt == 9)
        #expect(record.errorRecords.first?.clearedBy == nil)
    }

    /// Every `level_advice` is kept in the journal; `levels.auto` also applies it.
    @Test func levelAdviceBecomesAnAdviceWriteAppliedOnlyWithAuto() throws {
        let event = ev(7, .levelAdvice(worker: "W1", product: "cap", from: 1, to: 2, reason: "clean"))
        var manual = CycleRecorder(station: try StationFixture().load(), origin: 100)
        #expect(manual.take(event) == .advice(worker: "W1", product: "cap", from: 1, to: 2, reason: "clean", at: 107, applied: false))
        let yaml = StationFixture.stationYAML.replacingOccurrences(of: "supervisors: [S001]", with: "supervisors: [S001]\nlevels: { auto: true }")
        var auto = CycleRecorder(station: try StationFixture(station: yaml).load(), origin: 100)
        #expect(auto.take(event) == .advice(worker: "W1", product: "cap", from: 1, to: 2, reason: "clean", at: 107, applied: true))
    }

    @Test func eventsOutsideACycleWriteNothing() throws {
        var recorder = CycleRecorder(station: try StationFixture().load(), origin: 0)
        #expect(recorder.take(ev(0, .help(step: "x", level: 1))) == nil)
        #expect(recorder.take(ev(0, .cycleDone(worker: "W", product: "p", cycle: 1, duration: 0, errors: 0, help: 0))) == nil)
        #expect(recorder.take(ev(0, .dropped(source: .evdev, reason: "unknown device"))) == nil)
    }
}
