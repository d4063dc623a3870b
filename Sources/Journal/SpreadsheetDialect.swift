import Foundation

extension JournalExport {
    /// How CSV is spelled. `standard` is the contract's CSV (`,`, decimal
    /// point, LF, ISO 8601 UTC) and never changes; `excelNL` is what a
    /// spreadsheet with Dutch settings opens without mangling numbers.
    public enum Dialect: String, CaseIterable, Sendable {
        case standard
        /// `;`, decimal comma, UTF-8 BOM, CRLF, local time `YYYY-MM-DD HH:MM:SS`
        /// with the zone named in the header of each time column.
        case excelNL = "excel-nl"

        var separator: UInt8 { self == .excelNL ? UInt8(ascii: ";") : UInt8(ascii: ",") }
        var lineEnd: String { self == .excelNL ? "\r\n" : "\n" }
        /// Excel reads a file without a BOM as the Windows code page.
        var byteOrderMark: String { self == .excelNL ? "\u{FEFF}" : "" }
    }

    /// The indices (in `columns(table)`) of the columns holding a time.
    static func timeColumns(_ table: Table) -> [Int] {
        guard table != .summary else { return [] }
        return query(table, whereClause: "").columns.enumerated().compactMap { index, column in
            if case .time = column { return index }
            return nil
        }
    }

    /// The header of an export whose times are local to `zone` or UTC
    /// (nil). A local time column names its zone, `started_at
    /// (Europe/Amsterdam)`, as its cells carry no offset (excel-nl, xlsx).
    /// `withNames` puts `name` after `worker`.
    public static func header(_ table: Table, zone: LocalTime?, withNames: Bool) -> [String] {
        var columns = Self.columns(table)
        if let zone {
            for index in timeColumns(table) { columns[index] += " (\(zone.name))" }
        }
        if withNames { columns.insert("name", at: 1) }
        return columns
    }

    /// One CSV field: RFC 4180 quoting with the dialect's separator, the
    /// decimal mark of the dialect, and the formula guard for text cells
    /// (see `CSVExportStream.startsFormula`).
    static func field(_ value: Value, dialect: Dialect) -> String {
        var text: String
        switch value {
        case .text(let string): text = string
        case .integer(let int): return String(int)
        case .decimal(let decimal): return dialect == .excelNL ? decimal.replacingOccurrences(of: ".", with: ",") : decimal
        case .time(let micros): text = UTCTime.format(micros)
        case .missing: return ""
        }
        if let first = text.utf8.first, CSVExportStream.startsFormula(first) { text = "'" + text }
        let separator = dialect.separator
        guard text.utf8.contains(where: { $0 == separator || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Wall-clock time in one time zone, whole seconds: `2026-03-02 09:00:01`.
/// The offset comes from Foundation's `TimeZone` (the tz database), the
/// digits from `UTCTime`'s calendar arithmetic shifted by that offset.
///
/// A time in the hour that repeats when summer time ends reads the same
/// for both passes; the zone in the header says which rules apply.
public struct LocalTime: Sendable {
    public let zone: TimeZone

    /// `zone` defaults to the station's own: `TZ`, else `/etc/localtime`,
    /// else UTC (Foundation's `TimeZone.current`).
    public init(zone: TimeZone = .current) { self.zone = zone }

    /// The zone's tz database name, e.g. `Europe/Amsterdam`.
    public var name: String { zone.identifier }

    /// 0001-01-02 to 9999-12-30 UTC only (a zone's offset keeps the year
    /// within 1...9999): beyond them (a tampered journal) the cell is the
    /// ISO 8601 UTC text of the standard dialect, so nothing traps.
    public static let range: ClosedRange<Int64> = -62_135_510_400_000_000 ... 253_402_214_399_000_000

    /// The instant floored to whole seconds, in this zone.
    public func format(_ micros: Int64) -> String {
        guard Self.range.contains(micros) else { return UTCTime.format(micros) }
        let local = UTCTime.format(shifted(micros))
        // `YYYY-MM-DDTHH:MM:SS.mmmZ` → `YYYY-MM-DD HH:MM:SS`
        return String(local.prefix(10)) + " " + String(local.dropFirst(11).prefix(8))
    }

    /// The wall clock in this zone at an instant, to the millisecond (as
    /// the JSON export's times); nil outside `range` (a tampered journal).
    public func wallClock(_ micros: Int64) -> WallClock? {
        guard Self.range.contains(micros) else { return nil }
        let f = UTCTime.fields(shifted(micros))
        return WallClock(year: Int(f.year), month: Int(f.month), day: Int(f.day), hour: Int(f.hour), minute: Int(f.minute),
                         second: Int(f.second), millisecond: Int(f.millisecond))
    }

    /// The instant moved by this zone's offset at that moment (its whole
    /// second decides the offset), so that UTC arithmetic gives local fields.
    private func shifted(_ micros: Int64) -> Int64 {
        let seconds = micros >= 0 ? micros / 1_000_000 : -((-(micros + 1)) / 1_000_000) - 1
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        return micros + offset * 1_000_000
    }

    /// Calendar fields of a local time.
    public struct WallClock: Equatable, Sendable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }
}
