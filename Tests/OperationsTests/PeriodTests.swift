import Operations
import Testing

@Suite("Period")
struct PeriodTests {
    @Test func keepsTheTimesAndTheirText() throws {
        let period = try Period(since: "2026-03-02", until: "2026-03-03T12:00:00Z")
        #expect(period.since == 1_772_409_600_000_000 && period.until == 1_772_539_200_000_000)
        #expect(period.sinceText == "2026-03-02" && period.untilText == "2026-03-03T12:00:00Z")
        #expect(try Period(since: nil, until: nil) == .always)
    }

    @Test func refusesATimeThatIsNoTime() {
        #expect(throws: OperationError.invalidTime(.until, "yesterday")) { try Period(since: nil, until: "yesterday") }
        #expect(OperationError.invalidTime(.since, "x").description.contains("since 'x' is not a date or time"))
    }

    @Test func refusesAnEmptyPeriod() {
        #expect(throws: OperationError.emptyPeriod(since: "2026-03-03", until: "2026-03-02")) {
            try Period(since: "2026-03-03", until: "2026-03-02")
        }
        #expect(throws: OperationError.self) { try Period(since: "2026-03-03", until: "2026-03-03") }
    }
}
