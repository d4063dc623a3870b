import Journal
import Spreadsheet

/// The xlsx export: the journal's typed rows (`forEachTypedRow`: the
/// columns and values of the CSV and JSON exports) as workbook cells, one
/// sheet named after the table.
///
/// - text → a text cell, always (no formula, whatever it starts with);
/// - integers and decimals → number cells;
/// - times → date cells holding the wall clock of `request.zone` to the
///   millisecond, the zone named in the column header as in excel-nl; a
///   time no date cell holds (before 1900, a tampered journal) is the
///   ISO 8601 UTC text of the JSON export;
/// - missing values → empty cells.
enum WorkbookExport {
    /// The creation time in every workbook's properties: 1980-01-01
    /// 00:00 UTC, the zip format's own epoch, which libxlsxwriter also gives
    /// each member. A workbook carries no time of its making, so the same
    /// export is the same bytes from `oss export` and the console, today
    /// and tomorrow (the audit row keeps when it was made).
    static let fixedCreationTime: Int64 = 315_532_800

    static func write(_ request: ExportRequest, journal: Journal,
                      to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        let header = JournalExport.header(request.table, zone: request.zone, withNames: request.withNames)
        try write(request, header: header, rows: { body in
            try JournalExport(journal: journal).forEachTypedRow(request.table, filter: request.filter,
                                                                withNames: request.withNames, body)
        }, to: output)
    }

    /// The site's workbook: the `station` column first.
    static func write(_ request: ExportRequest, stations: StationsExport,
                      to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        try write(request, header: StationsExport.header(request.table, zone: request.zone), rows: { body in
            try stations.forEachTypedRow(request.table, filter: request.filter, body)
        }, to: output)
    }

    private static func write(_ request: ExportRequest, header: [String],
                              rows: (([JournalExport.Value]) throws -> Void) throws -> Void,
                              to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        let workbook = try XLSXWorkbook(sheetName: request.table.rawValue, header: header,
                                        created: fixedCreationTime)
        try rows { row in try workbook.append(row.map { cell($0, zone: request.zone) }) }
        // After the journal's read: the bytes go out only once the workbook is whole.
        try workbook.finish(to: output)
    }

    static func cell(_ value: JournalExport.Value, zone: LocalTime) -> Cell {
        switch value {
        case .text(let text): .string(text)
        case .integer(let integer): .integer(integer)
        case .decimal(let decimal): Double(decimal).map(Cell.number) ?? .string(decimal)
        case .time(let micros): dateTime(micros, zone: zone).map(Cell.dateTime) ?? .string(UTCTime.format(micros))
        case .missing: .empty
        }
    }

    static func dateTime(_ micros: Int64, zone: LocalTime) -> LocalDateTime? {
        guard let wall = zone.wallClock(micros) else { return nil }
        return LocalDateTime(year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute,
                             second: Double(wall.second) + Double(wall.millisecond) / 1000)
    }
}
