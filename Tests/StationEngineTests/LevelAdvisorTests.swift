import StationEngine
import StationModel
import Testing
import TestSupport

private func s(_ seconds: Double) -> Micros { Micros((seconds * 1_000_000).rounded()) }

@Suite("LevelAdvisor")
struct LevelAdvisorTests {
    private func run(_ advisor: inout LevelAdvisor, level: Int, cycles: [(seconds: Double, errors: Int, help: Int)]) -> [LevelAdvisor.Advice?] {
        cycles.map { advisor.finished(worker: "W1", product: "p", level: level, duration: s($0.seconds), normTime: s(10),
                                      errors: $0.errors, help: $0.help) }
    }

    @Test func fiveCleanFastCyclesAdviseLessDetailOnce() {
        var advisor = LevelAdvisor(settings: LevelSettings())
        let advice = run(&advisor, level: 1, cycles: Array(repeating: (12, 0, 0), count: 7))
        #expect(advice.prefix(4).allSatisfy { $0 == nil })
        #expect(advice[4]?.from == 1 && advice[4]?.to == 2)
        #expect(advice[5] == nil && advice[6] == nil, "the same advice is not repeated")
    }

    @Test func slowErrorsOrHelpBreakTheSeries() {
        var advisor = LevelAdvisor(settings: LevelSettings())
        #expect(run(&advisor, level: 1, cycles: [(5, 0, 0), (5, 0, 0), (5, 0, 0), (5, 0, 0), (12.1, 0, 0)]).allSatisfy { $0 == nil },
                "12.1 s is slower than 1.2 × 10 s")
        #expect(run(&advisor, level: 1, cycles: [(5, 0, 0), (5, 0, 0), (5, 0, 0), (5, 0, 1)]).allSatisfy { $0 == nil })
    }

    @Test func twoOfTheLastThreeWithProblemsAdviseMoreDetail() {
        var advisor = LevelAdvisor(settings: LevelSettings())
        let advice = run(&advisor, level: 3, cycles: [(5, 1, 0), (5, 0, 0), (5, 0, 1)])
        #expect(advice[0] == nil && advice[1] == nil)
        #expect(advice[2]?.from == 3 && advice[2]?.to == 2)
    }

    @Test func levelOneCannotGetMoreDetailAndThreeNotLess() {
        var advisor = LevelAdvisor(settings: LevelSettings())
        #expect(run(&advisor, level: 1, cycles: [(5, 1, 0), (5, 1, 0), (5, 1, 0)]).allSatisfy { $0 == nil })
        #expect(run(&advisor, level: 3, cycles: Array(repeating: (5, 0, 0), count: 6)).allSatisfy { $0 == nil })
    }

    @Test func settingsChangeTheRule() {
        var settings = LevelSettings()
        settings.lessDetailAfter = 2
        settings.timeFactor = 1.0
        var advisor = LevelAdvisor(settings: settings)
        let advice = run(&advisor, level: 2, cycles: [(10, 0, 0), (10, 0, 0)])
        #expect(advice[1]?.to == 3)
    }
}
