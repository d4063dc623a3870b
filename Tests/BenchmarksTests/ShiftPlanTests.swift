@testable import Benchmarks
import Journal
import Pipeline
import Replay
import Scripts
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("ShiftPlan")
struct ShiftPlanTests {
    static func fietslamp() throws -> Station {
        try StationLoader.load(directory: Repository.root + "/stations/fietslamp-1")
    }

    @Test func aShiftReplaysToTheCyclesItPlannedWithErrorsAndHelp() throws {
        let station = try Self.fietslamp()
        let plan = try ShiftPlan(station: station, hours: 2, workers: 3, seed: 5)
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let script = EventScript(lines: plan.entries.enumerated().map { .init(number: $0 + 1, time: $1.time, action: .engine($1.input)) })
        var kinds: [String: Int] = [:]
        let summary = try Simulation(station: station, journal: journal, origin: 0).run(script) { kinds[$0.type, default: 0] += 1 }
        #expect(plan.cycles > 50)
        #expect(summary.cyclesDone == plan.cycles)
        // The next cycle starts by itself after each finished one; each logout abandons it.
        #expect(summary.cyclesAbandoned == 3)
        #expect(kinds["error", default: 0] > 0 && kinds["cleared", default: 0] == kinds["error", default: 0])
        #expect(kinds["help", default: 0] > 0)
        #expect(kinds["login", default: 0] == 3 && kinds["logout", default: 0] == 3)
        #expect(kinds["dropped"] == nil)
        #expect(try journal.cycleCount(status: .done) == plan.cycles)
    }

    @Test func theSameSeedGivesTheSameShift() throws {
        let station = try Self.fietslamp()
        let a = try ShiftPlan(station: station, hours: 1, workers: 2, seed: 9)
        let b = try ShiftPlan(station: station, hours: 1, workers: 2, seed: 9)
        let c = try ShiftPlan(station: station, hours: 1, workers: 2, seed: 10)
        #expect(a.entries == b.entries)
        #expect(a.entries != c.entries)
    }

    @Test(arguments: ["^KL-[0-9]{6}$", "^SCH4-[0-9]{8}$", "^LMP-[0-9]{6}$", "[A-Z]{2}\\d+x?", "^a.c$"])
    func sampleTextsMatchTheirPattern(source: String) throws {
        var random = SplitMix64(seed: 1)
        let pattern = try TextPattern(source)
        let text = try #require(PatternSample.text(matching: pattern, random: &random))
        #expect(pattern.matches(text))
    }

    @Test func alternativesAreNotGuessed() throws {
        var random = SplitMix64(seed: 1)
        #expect(PatternSample.text(matching: try TextPattern("^(a|b)$"), random: &random) == nil)
    }
}
