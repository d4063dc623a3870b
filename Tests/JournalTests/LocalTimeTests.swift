import Foundation
@testable import Journal
import Testing

@Suite("LocalTime")
struct LocalTimeTests {
    private let amsterdam = LocalTime(zone: TimeZone(identifier: "Europe/Amsterdam")!)

    @Test func winterAndSummerTimeInAmsterdam() throws {
        #expect(amsterdam.name == "Europe/Amsterdam")
        #expect(amsterdam.format(try #require(UTCTime.parse("2026-03-02T08:00:01Z"))) == "2026-03-02 09:00:01")
        #expect(amsterdam.format(try #require(UTCTime.parse("2026-07-01T22:30:00Z"))) == "2026-07-02 00:30:00")
        // Summer time starts at 01:00 UTC on 29 March 2026.
        #expect(amsterdam.format(try #require(UTCTime.parse("2026-03-29T00:59:59Z"))) == "2026-03-29 01:59:59")
        #expect(amsterdam.format(try #require(UTCTime.parse("2026-03-29T01:00:00Z"))) == "2026-03-29 03:00:00")
    }

    /// Whole seconds, floored: a clock shows 08:00:01 until 08:00:02.
    @Test func fractionsOfASecondAreDropped() {
        let utc = LocalTime(zone: TimeZone(identifier: "UTC")!)
        #expect(utc.format(1_999_999) == "1970-01-01 00:00:01")
        #expect(utc.format(-1) == "1969-12-31 23:59:59")
        #expect(utc.format(-1_000_000) == "1969-12-31 23:59:59")
        #expect(utc.format(-1_000_001) == "1969-12-31 23:59:58")
    }

    /// A tampered journal's times beyond years 1...9999 never trap: they
    /// are the standard dialect's UTC text.
    @Test func timesOutsideTheCalendarFallBackToUTCText() {
        #expect(amsterdam.format(.max) == UTCTime.format(.max))
        #expect(amsterdam.format(.min) == UTCTime.format(.min))
        #expect(amsterdam.format(LocalTime.range.upperBound).hasPrefix("9999-12-3"))
        #expect(amsterdam.format(LocalTime.range.lowerBound).hasPrefix("0001-01-0"))
    }

    /// The fields of a date cell (xlsx): the wall clock to the millisecond,
    /// floored like the JSON export's times, the zone's offset of that moment.
    @Test func wallClockFieldsFollowTheZoneToTheMillisecond() throws {
        let winter = try #require(UTCTime.parse("2026-03-02T08:00:01.5009Z"))
        #expect(amsterdam.wallClock(winter)
                == .init(year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: 1, millisecond: 500))
        let summer = try #require(UTCTime.parse("2026-07-01T22:30:00Z"))
        #expect(amsterdam.wallClock(summer)
                == .init(year: 2026, month: 7, day: 2, hour: 0, minute: 30, second: 0, millisecond: 0))
        let utc = LocalTime(zone: TimeZone(identifier: "UTC")!)
        #expect(utc.wallClock(-1) == .init(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999))
        #expect(amsterdam.wallClock(.max) == nil && amsterdam.wallClock(.min) == nil)
        #expect(amsterdam.wallClock(LocalTime.range.upperBound)?.year == 9999)
    }
}
