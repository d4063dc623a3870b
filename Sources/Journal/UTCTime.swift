/// ISO 8601 UTC times from and to microseconds since the Unix epoch, without
/// Foundation's locale- and time-zone-dependent formatters.
public enum UTCTime {
    /// `2026-11-24T08:00:03.500Z` (always milliseconds, always `Z`).
    public static func format(_ micros: Int64) -> String {
        let f = fields(micros)
        return pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2) + "T"
            + pad(f.hour, 2) + ":" + pad(f.minute, 2) + ":" + pad(f.second, 2) + "." + pad(f.millisecond, 3) + "Z"
    }

    /// The calendar fields of an instant in UTC, floored to milliseconds
    /// (what `format` prints).
    static func fields(_ micros: Int64)
        -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64) {
        let millis = floorDiv(micros, 1000)
        let seconds = floorDiv(millis, 1000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, millis - seconds * 1000)
    }

    /// Parses `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DDTHH:MM[:SS[.fff]]`
    /// with `Z` or a `±HH:MM` offset. Nil when the text is not such a time.
    /// Every field has a fixed number of digits (the year 4), so no input
    /// can make the arithmetic overflow: the result lies within ±2^58.
    public static func parse(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= chars.count, !range.isEmpty else { return nil }
            var value: Int64 = 0
            for i in range {
                guard chars[i] >= 48, chars[i] <= 57 else { return nil }
                value = value * 10 + Int64(chars[i] - 48)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var micros = days(fromCivil: year, month, day) * 86_400_000_000
        if chars.count == 10 { return micros }
        guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let hour = number(11..<13), chars.count > 13, chars[13] == UInt8(ascii: ":"),
              let minute = number(14..<16), hour < 24, minute < 60 else { return nil }
        micros += (hour * 3600 + minute * 60) * 1_000_000
        var i = 16
        if i < chars.count, chars[i] == UInt8(ascii: ":") {
            guard let second = number(i + 1..<i + 3), second < 60 else { return nil }
            micros += second * 1_000_000
            i += 3
            if i < chars.count, chars[i] == UInt8(ascii: ".") {
                var scale: Int64 = 100_000
                i += 1
                let start = i
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                    micros += Int64(chars[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        guard i < chars.count else { return nil }
        if chars[i] == UInt8(ascii: "Z"), i + 1 == chars.count { return micros }
        guard chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-"), chars.count == i + 6,
              let offsetHours = number(i + 1..<i + 3), chars[i + 3] == UInt8(ascii: ":"),
              let offsetMinutes = number(i + 4..<i + 6), offsetHours < 24, offsetMinutes < 60 else { return nil }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * 1_000_000
        return chars[i] == UInt8(ascii: "+") ? micros - offset : micros + offset
    }

    /// Appends `format(micros)` as ASCII, without making strings (exports).
    static func append(_ micros: Int64, to out: inout [UInt8]) {
        let millis = floorDiv(micros, 1000)
        let seconds = floorDiv(millis, 1000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func digits(_ value: Int64, _ width: Int) {
            if value < 0 || value >= [1, 10, 100, 1000, 10000][width] {
                out.append(contentsOf: pad(value, width).utf8)
                return
            }
            var divisor: Int64 = [1, 1, 10, 100, 1000][width]
            while divisor > 0 {
                out.append(UInt8(48 + value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T")); digits(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); out.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: ".")); digits(millis - seconds * 1000, 3); out.append(UInt8(ascii: "Z"))
    }

    /// Rounds towards minus infinity; b > 0. No negation, so Int64.min is fine.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a / b - (a % b < 0 ? 1 : 0)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms (public for the report's local calendar).
    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a day number since 1970-01-01.
    public static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
