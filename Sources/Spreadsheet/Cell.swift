/// One cell of a worksheet, typed: what a spreadsheet shows and computes
/// with. The export's rows are mapped to cells by their owner (Operations);
/// this module knows nothing of journals.
public enum Cell: Equatable, Sendable {
    /// Always a text cell, whatever it looks like (`=1+1` stays text).
    case string(String)
    case number(Double)
    /// Written as a number cell too (a spreadsheet has no integer type);
    /// exact up to 2^53.
    case integer(Int64)
    /// A date cell holding this wall-clock time.
    case dateTime(LocalDateTime)
    /// Nothing is written.
    case empty
}

/// A wall-clock time, as a spreadsheet's date cell holds it: no zone (the
/// writer names the zone elsewhere, e.g. in the column header).
public struct LocalDateTime: Equatable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    /// 0 ..< 60, with a fraction (milliseconds survive a spreadsheet).
    public let second: Double

    /// Nil unless the fields make a time that a spreadsheet's date cell
    /// holds: 1900-01-01 00:00:00 ... 9999-12-31 23:59:59.999, each field
    /// within its range (the day within its month).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double) {
        guard (1900...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
              (0...59).contains(minute), second >= 0, second < 60,
              day >= 1, day <= Self.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
