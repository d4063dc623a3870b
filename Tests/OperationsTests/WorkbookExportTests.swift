import Foundation
@testable import Journal
@testable import Operations
import Testing
import TestSupport

/// The xlsx export read back by a reader library (openpyxl) against the
/// JSON export of the same request: the same columns, typed cells equal to
/// the JSON values, times the same instants once the header's zone is applied.
@Suite("WorkbookExport")
struct WorkbookExportTests {
    static let amsterdam = LocalTime(zone: TimeZone(identifier: "Europe/Amsterdam")!)

    /// The export of `request` as openpyxl reads it.
    static func workbook(_ fixture: OperationsFixture, _ request: ExportRequest) throws -> WorkbookReader {
        let bytes = try fixture.exports().export(request, by: fixture.assessor)
        let path = fixture.temp.path + "/\(request.table.rawValue).xlsx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try WorkbookReader(path: path)
    }

    /// `2026-03-02T09:00:01.500000`, a wall clock in `zone`, as µs since the epoch.
    static func instant(_ text: String, zone: TimeZone) -> Int64? {
        let parts = text.split(whereSeparator: { "-T:.".contains($0) }).compactMap { Int($0) }
        guard parts.count == 7 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
                                        second: parts[5])
        guard let date = calendar.date(from: components) else { return nil }
        return Int64(date.timeIntervalSince1970) * 1_000_000 + Int64(parts[6])
    }

    @Test(arguments: JournalExport.Table.allCases)
    func everyCellEqualsTheJSONExport(table: JournalExport.Table) throws {
        let fixture = try OperationsFixture()
        try fixture.names().apply(try NameChange(worker: "W9", name: "=Ann \"de\" Vries"), by: .localUser("jan"))
        let xlsx = try ExportRequest(table: table, format: .xlsx, zone: Self.amsterdam, includeAbandoned: true,
                                     withNames: true, destination: "out.xlsx")
        let json = try ExportRequest(table: table, format: .json, includeAbandoned: true, withNames: true, destination: "stdout")
        let book = try Self.workbook(fixture, xlsx)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(fixture.exports().export(json, by: fixture.assessor)))
                                   as? [[String: Any]])
        let columns = JournalExport.header(table, zone: nil, withNames: true)
        let timeColumns = Set(JournalExport.timeColumns(table).map { JournalExport.columns(table)[$0] })

        #expect(book.sheetNames == [table.rawValue])
        #expect(book.freezePanes == "A2")
        #expect(book.rows.first?.allSatisfy { $0.bold && $0.dataType == "s" } == true, "a bold text header")
        let header = book.rows.first?.map { cell -> String in
            guard case .string(let title) = cell.value else { return "" }
            return title
        } ?? []
        #expect(header == columns.map { timeColumns.contains($0) ? "\($0) (Europe/Amsterdam)" : $0 })
        #expect(book.rows.count == objects.count + 1)
        #expect(objects.count >= 2)

        for (index, (row, object)) in zip(book.rows.dropFirst(), objects).enumerated() {
            #expect(Set(object.keys) == Set(columns))
            for (column, name) in columns.enumerated() {
                let cell = try #require(column < row.count ? row[column] : nil, "row \(index + 2) is short")
                let where_ = "\(table) row \(index + 2) \(name): \(cell)"
                switch object[name] {
                case let number as NSNumber:
                    #expect(cell.dataType == "n", "\(where_)")
                    switch cell.value {
                    case .integer(let integer): #expect(Double(integer) == number.doubleValue, "\(where_)")
                    case .float(let float): #expect(float == number.doubleValue, "\(where_)")
                    default: Issue.record("not a number: \(where_)")
                    }
                case let text as String where timeColumns.contains(name):
                    #expect(cell.dataType == "d" && cell.numberFormat == "yyyy-mm-dd hh:mm:ss", "\(where_)")
                    guard case .dateTime(let local) = cell.value,
                          let seen = Self.instant(local, zone: Self.amsterdam.zone), let want = UTCTime.parse(text) else {
                        Issue.record("not a date: \(where_)")
                        continue
                    }
                    // openpyxl rounds the day fraction to µs; the export holds ms.
                    #expect(JournalExport.roundedMillis(seen) * 1000 == want, "\(where_) vs \(text)")
                case let text as String where text.isEmpty:
                    #expect(cell.value == .none, "an empty text is an empty cell: \(where_)")
                case let text as String:
                    #expect(cell.dataType == "s" && cell.value == WorkbookReader.Cell.Value.string(text), "\(where_)")
                default:
                    #expect(cell.value == .none, "null is an empty cell: \(where_)")
                }
            }
        }
        if table == .cycles {
            // The fixture's worker "=W1" and the name "=Ann ..." stay text.
            #expect(book.rows.contains { $0.first?.value == .string("=W1") && $0.first?.dataType == "s" })
            #expect(book.rows.contains { $0.count > 1 && $0[1].value == .string("=Ann \"de\" Vries") })
        }
    }

    @Test func theAuditRowSaysXLSX() throws {
        let fixture = try OperationsFixture()
        let request = try ExportRequest(table: .steps, format: .xlsx, dialect: .excelNL, destination: "steps.xlsx")
        #expect(request.dialect == .standard, "xlsx has one spelling")
        _ = try fixture.exports().export(request, by: fixture.assessor)
        #expect(try fixture.auditRows().map(\.details) == ["what=steps format=xlsx out=steps.xlsx"])
    }

    /// A time before 1900 (a tampered journal) fits no date cell: it is the
    /// JSON export's UTC text instead; numbers and texts map one to one.
    @Test func valuesMapToCells() {
        let zone = Self.amsterdam
        #expect(WorkbookExport.cell(.time(-5_364_662_400_000_000), zone: zone) == .string("1800-01-01T00:00:00.000Z"))
        #expect(WorkbookExport.cell(.time(1_772_438_401_500_000), zone: zone)
                == .dateTime(.init(year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: 1.5)!))
        #expect(WorkbookExport.cell(.decimal("37.500"), zone: zone) == .number(37.5))
        #expect(WorkbookExport.cell(.integer(-3), zone: zone) == .integer(-3))
        #expect(WorkbookExport.cell(.text("@SUM(1)"), zone: zone) == .string("@SUM(1)"))
        #expect(WorkbookExport.cell(.missing, zone: zone) == .empty)
    }
}
