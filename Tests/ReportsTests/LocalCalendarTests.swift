import Foundation
@testable import Reports
import Testing

@Suite("LocalCalendar")
struct LocalCalendarTests {
    private let amsterdam = LocalCalendar(zone: TimeZone(identifier: "Europe/Amsterdam")!, text: .dutch)

    @Test func datesAndTimesAreLocalInWords() {
        #expect(amsterdam.dateAndTime(1_796_287_500_000_000) == "3 december 2026, 09:45")
        #expect(LocalCalendar(zone: amsterdam.zone, text: .english).dateAndTime(1_796_287_500_000_000) == "3 December 2026, 09:45")
        #expect(amsterdam.dateAndTime(1_783_000_000_000_000) == "2 juli 2026, 15:46", "summer time: UTC+2")
    }

    @Test func aCycleAfterLocalMidnightBelongsToTheNextDay() {
        let lateUTC: Int64 = 1_796_255_400_000_000  // 2 December 2026, 23:30 UTC = 3 December, 00:30 in Amsterdam
        #expect(amsterdam.date(day: amsterdam.day(lateUTC)) == "3 december 2026")
        let utc = LocalCalendar(zone: TimeZone(identifier: "UTC")!, text: .dutch)
        #expect(utc.date(day: utc.day(lateUTC)) == "2 december 2026")
    }

    @Test func timesBeyondTheCalendarAreClampedNotTrapped() {
        #expect(amsterdam.dateAndTime(.max).hasPrefix("31 december 9999"))
        #expect(amsterdam.dateAndTime(.min).hasPrefix("2 januari 1,"), "the first whole day of year 1")
    }

    @Test func mondays() {
        #expect(LocalCalendar.isMonday(4) && !LocalCalendar.isMonday(0) && LocalCalendar.isMonday(-3))
    }
}
