import Foundation
@testable import Reports
import Testing

@Suite("ChartAxis")
struct ChartAxisTests {
    private let calendar = LocalCalendar(zone: TimeZone(identifier: "Europe/Amsterdam")!, text: .dutch)

    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(ChartAxis.niceStep(span: 73, maxTicks: 5) == 20)
        #expect(ChartAxis.niceStep(span: 480, maxTicks: 8) == 100)
        #expect(ChartAxis.niceStep(span: 1.3, maxTicks: 5) == 0.5)
        #expect(ChartAxis.niceStep(span: 0.04, maxTicks: 4) == 0.01)
        #expect(ChartAxis.niceStep(span: 9, maxTicks: 5) == 2)
        #expect(ChartAxis.niceStep(span: .infinity, maxTicks: 5) == 1 && ChartAxis.niceStep(span: -3, maxTicks: 5) == 1)
    }

    @Test func numberTicksCoverTheRangeWithTheLanguagesDecimalMark() {
        let axis = ChartAxis.numbers(lower: 0, upper: 1.37, title: "productiviteit", text: .dutch)
        #expect(axis.ticks.map(\.label) == ["0,0", "0,5", "1,0", "1,5"])
        #expect(axis.lower == 0 && axis.upper == 1.5)
        let cycles = ChartAxis.numbers(lower: 0, upper: 3.5, maxTicks: 8, from: 1, wholeNumbers: true, title: "", text: .english)
        #expect(cycles.ticks.map(\.label) == ["1", "2", "3", "4"], "whole cycles from 1")
        let hostile = ChartAxis.numbers(lower: 0, upper: 1e300, title: "", text: .english)
        #expect(hostile.ticks.count <= 7 && hostile.upper >= 1e300, "huge values neither trap nor explode")
    }

    @Test func aMonthHasATickEachMonday() {
        let first = calendar.day(1_793_602_800_000_000)  // Monday 2 November 2026
        let axis = ChartAxis.days(first: first, end: first + 26, title: "", calendar: calendar)
        #expect(axis.ticks.map(\.label) == ["2 nov", "9 nov", "16 nov", "23 nov"])
        let week = ChartAxis.days(first: first + 2, end: first + 7, title: "", calendar: calendar)
        #expect(week.ticks.map(\.label) == ["4 nov", "5 nov", "6 nov", "7 nov", "8 nov"], "a tick a day")
    }

    @Test func aLongSpanHasMonthTicksAndAYearWhereItChanges() {
        let first = calendar.day(1_793_602_800_000_000)
        let year = ChartAxis.days(first: first, end: first + 365, title: "", calendar: calendar)
        #expect(year.ticks.map(\.label) == ["jan 2027", "mrt 2027", "mei 2027", "jul 2027", "sep 2027", "nov 2027"], "every other month from January")
        let turn = ChartAxis.days(first: first + 50, end: first + 70, title: "", calendar: calendar)
        #expect(turn.ticks.first?.label == "28 dec 2026", "dates carry the year when the axis crosses one")
        let ages = ChartAxis.days(first: -700_000, end: 2_900_000, title: "", calendar: calendar)
        #expect(!ages.ticks.isEmpty && ages.ticks.count <= 8)
    }
}
