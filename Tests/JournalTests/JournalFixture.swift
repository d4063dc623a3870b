import Journal
import StationEngine
import StationModel
import TestSupport

/// Runs engine inputs for the fixture station and records them into a
/// journal, the way the runtime does.
struct JournalFixture {
    static let origin: Int64 = 1_772_438_400_000_000  // 2026-03-02T08:00:00Z

    let temp = TemporaryDirectory()
    let station: Station
    let journal: Journal
    var engine: StepEngine
    var recorder: CycleRecorder

    init() throws {
        station = try StationFixture().load()
        journal = try Journal(path: temp.path + "/journal.db")
        engine = StepEngine(station: station, history: EngineHistory(
            lastCycleNumber: { [journal] w, p in (try? journal.lastCycleNumber(worker: w, product: p)) ?? 0 },
            level: { _, _ in 1 }))
        recorder = CycleRecorder(station: station, origin: Self.origin)
    }

    /// Feeds `input` at `t` seconds and writes what the recorder completes.
    mutating func at(_ t: Double, _ input: EngineInput) throws {
        for event in engine.handle(input, at: Micros((t * 1_000_000).rounded())) {
            switch recorder.take(event) {
            case let .login(worker, at)?: try journal.recordLogin(worker: worker, station: station.id, at: at)
            case let .logout(worker, at)?: try journal.recordLogout(worker: worker, station: station.id, at: at)
            case let .cycle(record)?: try journal.record(record)
            case let write?: try journal.record([write], station: station.id)
            case nil: break
            }
        }
    }

    mutating func press(_ t: Double, _ name: String) throws { try at(t, .input(name, .press)) }

    /// One `cap` cycle (a single step at bin-2) taking `duration` seconds from `start`.
    mutating func capCycle(start: Double, duration: Double) throws {
        try press(start + duration, "bin-2")
    }
}
