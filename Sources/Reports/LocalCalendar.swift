#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Journal

/// Dates and times of the report in one time zone (the station's own, shown
/// on the page), written in words of the report's language: "3 december
/// 2026", "09:45". Days are numbered since 1970-01-01 in that zone, so that
/// a cycle at 00:30 local time belongs to its local day.
struct LocalCalendar {
    let zone: TimeZone
    let text: ReportText

    struct Moment {
        var day: Int64
        var year: Int64, month: Int64, dayOfMonth: Int64
        var hour: Int64, minute: Int64
    }

    /// The local calendar fields of an instant (µs since the epoch). Times
    /// beyond the years 1 to 9999 (a tampered journal) are clamped to them,
    /// as the export's local times are (`LocalTime.range`): nothing overflows.
    func moment(_ micros: Int64) -> Moment {
        let clamped = min(max(micros, LocalTime.range.lowerBound), LocalTime.range.upperBound)
        let seconds = UTCTime.floorDiv(clamped, 1_000_000)
        let local = seconds + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        let day = UTCTime.floorDiv(local, 86_400), second = local - day * 86_400
        let (year, month, dayOfMonth) = UTCTime.civil(fromDays: day)
        return Moment(day: day, year: year, month: month, dayOfMonth: dayOfMonth, hour: second / 3600, minute: second / 60 % 60)
    }

    /// The local day number of an instant.
    func day(_ micros: Int64) -> Int64 { moment(micros).day }

    /// "3 december 2026".
    func date(day: Int64) -> String {
        let (year, month, dayOfMonth) = UTCTime.civil(fromDays: day)
        return "\(dayOfMonth) \(text.months[Int(month) - 1]) \(year)"
    }

    /// "3 dec", for axis ticks; `withYear` adds the year: "3 dec 2026".
    func shortDate(day: Int64, withYear: Bool = false) -> String {
        let (year, month, dayOfMonth) = UTCTime.civil(fromDays: day)
        return "\(dayOfMonth) \(text.shortMonths[Int(month) - 1])" + (withYear ? " \(year)" : "")
    }

    /// "dec 2026", for month ticks.
    func month(day: Int64) -> String {
        let (year, month, _) = UTCTime.civil(fromDays: day)
        return "\(text.shortMonths[Int(month) - 1]) \(year)"
    }

    /// "09:45".
    func time(_ micros: Int64) -> String {
        let moment = moment(micros)
        return (moment.hour < 10 ? "0" : "") + "\(moment.hour):" + (moment.minute < 10 ? "0" : "") + "\(moment.minute)"
    }

    /// "3 december 2026, 09:45".
    func dateAndTime(_ micros: Int64) -> String { text.dateAndTime(date(day: day(micros)), time(micros)) }

    /// The zone as shown on the page: its tz name, e.g. `Europe/Amsterdam`.
    var zoneName: String { zone.identifier }

    /// Day numbers of the day of the week: 1970-01-01 was a Thursday, so
    /// Mondays are the days with `(day + 3) % 7 == 0`.
    static func isMonday(_ day: Int64) -> Bool { ((day + 3) % 7 + 7) % 7 == 0 }
}
