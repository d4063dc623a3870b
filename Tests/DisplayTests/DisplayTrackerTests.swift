import Display
import StationEngine
import StationModel
import Testing
import TestSupport

private func s(_ seconds: Double) -> Micros { Micros((seconds * 1_000_000).rounded()) }

@Suite("DisplayTracker")
struct DisplayTrackerTests {
    private struct Run {
        var engine: StepEngine
        var tracker = DisplayTracker()

        init(level: Int = 1) throws {
            engine = StepEngine(station: try StationFixture().load(),
                                history: EngineHistory(lastCycleNumber: { _, _ in 0 }, level: { _, _ in level }))
        }

        mutating func at(_ t: Double, _ input: EngineInput) -> DisplayModel {
            for event in engine.handle(input, at: s(t)) { tracker.observe(event) }
            return tracker.model(of: engine, at: s(t))
        }
    }

    @Test func followsLoginProductAndSteps() throws {
        var run = try Run()
        #expect(run.tracker.model(of: run.engine, at: 0) == DisplayModel())
        #expect(run.at(0, .badge("W1")).screen == .idle(worker: "W1"))
        #expect(run.at(1, .product("lamp")).screen == .step(StepView(product: "lamp", index: 0, stepCount: 5, level: 1)))
        let screws = run.at(2, .input("bin-1", .press))
        #expect(screws.screen == .step(StepView(product: "lamp", index: 1, stepCount: 5, level: 1, needed: 2)))
        #expect(run.at(3, .input("torque", .tool(ok: true))).screen
            == .step(StepView(product: "lamp", index: 1, stepCount: 5, level: 1, counted: 1, needed: 2)))
    }

    @Test func showsErrorsBlockingAndClearing() throws {
        var run = try Run()
        _ = run.at(0, .badge("W1"))
        _ = run.at(0, .product("lamp"))
        let error = run.at(1, .input("bin-2", .press))
        guard case .step(let view) = error.screen else { Issue.record("no step"); return }
        #expect(view.error == ErrorView(kind: .wrongInput, input: "bin-2", clear: .acknowledge))
        #expect(!view.blocked)
        guard case .step(let blocked) = run.at(2, .input("bin-1", .press)).screen else { Issue.record("no step"); return }
        #expect(blocked.blocked)
        guard case .step(let cleared) = run.at(3, .input("confirm", .press)).screen else { Issue.record("no step"); return }
        #expect(cleared.error == nil && !cleared.blocked)
    }

    @Test func helpShowsOneLevelMoreDetail() throws {
        var run = try Run(level: 3)
        _ = run.at(0, .badge("W1"))
        guard case .step(let before) = run.at(0, .product("lamp")).screen else { Issue.record("no step"); return }
        #expect(before.level == 3 && !before.helped)
        guard case .step(let after) = run.at(1, .input("help", .press)).screen else { Issue.record("no step"); return }
        #expect(after.level == 2 && after.helped)
    }

    @Test func celebratesBrieflyAfterACycle() throws {
        var run = try Run()
        _ = run.at(0, .badge("W1"))
        _ = run.at(0, .product("cap"))
        #expect(run.at(1, .input("bin-2", .press)).celebrating)
        #expect(run.tracker.model(of: run.engine, at: s(2.4)).celebrating)
        #expect(!run.tracker.model(of: run.engine, at: s(2.5)).celebrating)
    }

    @Test func theFeedbacksEndIsTheNextChangeAndItIsNeverHiddenState() throws {
        var run = try Run()
        _ = run.at(0, .badge("W1"))
        _ = run.at(0, .product("cap"))
        #expect(run.tracker.nextChange(after: s(0)) == nil)
        _ = run.at(1, .input("bin-2", .press))
        #expect(run.tracker.nextChange(after: s(1)) == s(2.5))
        #expect(run.tracker.nextChange(after: s(2.5)) == nil)
        run.tracker.offline = true
        #expect(!run.tracker.model(of: run.engine, at: s(1)).celebrating, "no feedback behind the offline screen")
        run.tracker.offline = false
        #expect(!run.at(1.2, .logout).celebrating, "nor behind the logged-out screen")
    }

    /// The pick step's max_s is 10: the engine's `slow` fires at 10 s.
    @Test func aSlowStepIsShownUntilHelpIsAskedOrTheStepIsDone() throws {
        func lateRun() throws -> Run {
            var run = try Run()
            _ = run.at(0, .badge("W1"))
            _ = run.at(0, .product("lamp"))
            guard case .step(let early) = run.at(9, .input("torque", .tool(ok: true))).screen else { throw Missing.step }
            #expect(!early.slow)
            guard case .step(let late) = run.at(11, .input("torque", .tool(ok: true))).screen else { throw Missing.step }
            #expect(late.slow && !late.helped)
            return run
        }
        var helped = try lateRun()
        guard case .step(let help) = helped.at(12, .input("help", .press)).screen else { throw Missing.step }
        #expect(!help.slow && help.helped)
        var done = try lateRun()
        guard case .step(let next) = done.at(12, .input("bin-1", .press)).screen else { throw Missing.step }
        #expect(next.index == 1 && !next.slow)
    }

    private enum Missing: Error { case step }

    @Test func offlineIsSetByTheRuntime() throws {
        var run = try Run()
        run.tracker.offline = true
        #expect(run.tracker.model(of: run.engine, at: 0).offline)
    }
}
