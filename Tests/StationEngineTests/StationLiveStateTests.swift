import StationEngine
import StationModel
import Testing
import TestSupport

/// The live state the console shows, derived from the engine in every phase.
@Suite("StationLiveState")
struct StationLiveStateTests {
    private func engine() throws -> StepEngine { StepEngine(station: try StationFixture().load()) }

    @Test func loggedOutIsIdleWithoutWorker() throws {
        #expect(try engine().liveState == .idle)
        #expect(StationLiveState.idle == StationLiveState(state: .idle, worker: nil, product: nil, step: nil, openError: nil))
    }

    @Test func loggedInWithoutProductIsIdleWithWorker() throws {
        var engine = try engine()
        _ = engine.handle(.badge("W1"), at: 0)
        #expect(engine.liveState == StationLiveState(state: .idle, worker: "W1"))
    }

    @Test func aRunningCycleIsWorkingWithProductAndStep() throws {
        var engine = try engine()
        _ = engine.handle(.badge("W1"), at: 0)
        _ = engine.handle(.product("lamp"), at: 0)
        #expect(engine.liveState == StationLiveState(state: .working, worker: "W1", product: "lamp", step: "pick"))
        _ = engine.handle(.input("bin-1", .press), at: 1_000_000)
        #expect(engine.liveState.step == "screws")
    }

    @Test func anOpenErrorBlocksWithItsKindAndInputUntilCleared() throws {
        var engine = try engine()
        _ = engine.handle(.badge("W1"), at: 0)
        _ = engine.handle(.product("lamp"), at: 0)
        _ = engine.handle(.input("bin-1", .press), at: 1_000_000)
        _ = engine.handle(.input("torque", .tool(ok: false)), at: 2_000_000)
        #expect(engine.liveState == StationLiveState(state: .blocked, worker: "W1", product: "lamp", step: "screws",
                                                     openError: .init(kind: "tool_not_ok", input: "torque")))
        _ = engine.handle(.input("confirm", .press), at: 3_000_000)
        #expect(engine.liveState == StationLiveState(state: .working, worker: "W1", product: "lamp", step: "screws"))
    }

    @Test func anOfflineBoardBlocksDuringACycleAndWhileLoggedOut() throws {
        var engine = try engine()
        _ = engine.handle(.deviceOffline("board"), at: 0)
        #expect(engine.liveState == StationLiveState(state: .blocked, openError: .init(kind: "device", input: "board")))
        _ = engine.handle(.deviceOnline("board"), at: 1)
        _ = engine.handle(.badge("W1"), at: 2)
        _ = engine.handle(.product("lamp"), at: 3)
        _ = engine.handle(.deviceOffline("board"), at: 4)
        #expect(engine.liveState == StationLiveState(state: .blocked, worker: "W1", product: "lamp", step: "pick",
                                                     openError: .init(kind: "device", input: "board")))
        _ = engine.handle(.deviceOnline("board"), at: 5)
        #expect(engine.liveState.state == .working)
        #expect(engine.liveState.openError == nil)
    }

    @Test func logoutReturnsToIdleWithoutWorker() throws {
        var engine = try engine()
        _ = engine.handle(.badge("W1"), at: 0)
        _ = engine.handle(.product("lamp"), at: 0)
        _ = engine.handle(.logout, at: 1)
        #expect(engine.liveState == .idle)
    }
}
