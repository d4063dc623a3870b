import Foundation
@testable import Spreadsheet
import Testing
import TestSupport

@Suite("XLSXWorkbook")
struct XLSXWorkbookTests {
    /// 2026-03-02T08:00:00Z.
    static let created: Int64 = 1_772_438_400

    /// Writes `rows` under `header` and reads the file back with openpyxl.
    static func roundTrip(sheet: String = "cycles", header: [String], rows: [[Cell]]) throws -> WorkbookReader {
        let workbook = try XLSXWorkbook(sheetName: sheet, header: header, created: Self.created)
        for row in rows { try workbook.append(row) }
        var bytes: [UInt8] = []
        try workbook.finish { bytes.append(contentsOf: $0) }
        let temp = TemporaryDirectory()
        let path = temp.path + "/out.xlsx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try WorkbookReader(path: path)
    }

    static func time(_ second: Double) -> Cell {
        .dateTime(LocalDateTime(year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: second)!)
    }

    @Test func cellsKeepTheirTypesAndTextNeverBecomesAFormula() throws {
        let formulas = ["=1+1", "@SUM(A1:A2)", "+cmd", "-2", "=HYPERLINK(\"http://x\")"]
        let rows: [[Cell]] = formulas.enumerated().map { index, text in
            [.string(text), .integer(Int64(index) - 2), .number(37.5 + Double(index)), Self.time(1.5 + Double(index)), .empty]
        }
        let book = try Self.roundTrip(header: ["text", "integer", "number", "when (Europe/Amsterdam)", "nothing"], rows: rows)
        #expect(book.sheetNames == ["cycles"])
        #expect(book.freezePanes == "A2")
        #expect(book.created == "2026-03-02T08:00:00", "the caller's time, so that the bytes repeat")
        #expect(book.rows.count == 1 + formulas.count)
        #expect(book.rows[0].map(\.value) == [.string("text"), .string("integer"), .string("number"),
                                              .string("when (Europe/Amsterdam)"), .string("nothing")])
        #expect(book.rows[0].allSatisfy { $0.bold && $0.dataType == "s" }, "a bold text header")
        for (index, row) in book.rows.dropFirst().enumerated() {
            #expect(row[0].dataType == "s" && row[0].value == .string(formulas[index]), "text stays text: \(row[0])")
            #expect(row[1].dataType == "n" && row[1].value == .integer(Int64(index) - 2))
            #expect(row[2].dataType == "n" && row[2].value == .float(37.5 + Double(index)))
            #expect(row[3].dataType == "d" && row[3].numberFormat == XLSXWorkbook.dateFormat)
            #expect(row[3].value == .dateTime("2026-03-02T09:00:0\(index + 1).500000"))
            #expect(row[4].value == .none)
            #expect(!row.contains { $0.bold }, "only the header is bold")
        }
    }

    @Test func columnsAreAsWideAsTheirContentUpToALimit() throws {
        let long = String(repeating: "lang", count: 50)
        let book = try Self.roundTrip(header: ["worker", "n", "started_at"],
                                      rows: [[.string("W1"), .integer(123_456), Self.time(0)], [.string(long), .integer(7), .empty]])
        #expect(book.columnWidths["A"].map { $0 >= ColumnWidths.limit && $0 < ColumnWidths.limit + 1 } == true,
                "capped: \(book.columnWidths)")
        // "started_at" in bold is 11 characters; a date shows 19.
        #expect(book.columnWidths["C"].map { $0 >= 21 && $0 < 22 } == true, "\(book.columnWidths)")
        #expect(book.columnWidths["B"].map { $0 >= 6 && $0 < 10 } == true, "\(book.columnWidths)")
    }

    @Test func unicodeAndControlCharactersSurvive() throws {
        let texts = ["Björk Ørsted – 北京", "two\nlines", "tab\there", "nul\u{0}byte"]
        let book = try Self.roundTrip(header: ["text"], rows: texts.map { [.string($0)] })
        let expected: [WorkbookReader.Cell.Value] = [.string(texts[0]), .string(texts[1]), .string(texts[2]),
                                                     .string("nul\u{FFFD}byte")]
        #expect(book.rows.dropFirst().map { $0.first?.value } == expected)
    }

    @Test func aBadSheetNameIsATypedError() {
        for name in ["a/b", "", String(repeating: "x", count: 32), "'quoted'"] {
            #expect(throws: SpreadsheetError.invalidSheetName(name)) { try XLSXWorkbook(sheetName: name, header: ["a"], created: Self.created) }
        }
    }

    @Test func aTextLongerThanACellHoldsIsATypedError() throws {
        let workbook = try XLSXWorkbook(sheetName: "errors", header: ["a", "b"], created: Self.created)
        let limit = XLSXWorkbook.maximumTextLength
        try workbook.append([.empty, .string(String(repeating: "x", count: limit))])
        #expect(throws: SpreadsheetError.textTooLong(row: 3, column: 2, characters: limit + 1, limit: limit)) {
            try workbook.append([.empty, .string(String(repeating: "x", count: limit + 1))])
        }
        #expect(SpreadsheetError.textTooLong(row: 3, column: 2, characters: limit + 1, limit: limit).description
                == "the text in row 3, column 2 has 32768 characters; a cell holds at most 32767")
    }

    @Test func aNumberThatIsNotFiniteIsATypedError() throws {
        let workbook = try XLSXWorkbook(sheetName: "summary", header: ["a"], created: Self.created)
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(throws: SpreadsheetError.notFinite(row: 2, column: 1)) { try workbook.append([.number(value)]) }
        }
    }

    /// The private folder (0700) is gone after finishing, after a failing
    /// output and when an unfinished workbook is dropped.
    @Test func theTemporaryFolderIsPrivateAndRemovedOnEveryPath() throws {
        struct Gone: Error, Equatable {}
        let manager = FileManager.default
        var finished = try XLSXWorkbook(sheetName: "s", header: ["a"], created: Self.created)
        let attributes = try manager.attributesOfItem(atPath: finished.temporaryPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        var path = finished.temporaryPath
        try finished.finish { _ in }
        #expect(!manager.fileExists(atPath: path), "after finish")

        finished = try XLSXWorkbook(sheetName: "s", header: ["a"], created: Self.created)
        path = finished.temporaryPath
        try finished.append([.string("x")])
        #expect(throws: Gone()) { try finished.finish { _ in throw Gone() } }
        #expect(!manager.fileExists(atPath: path), "after the output failed")

        var dropped: XLSXWorkbook? = try XLSXWorkbook(sheetName: "s", header: ["a"], created: Self.created)
        path = dropped?.temporaryPath ?? ""
        try dropped?.append([.integer(1)])
        #expect(manager.fileExists(atPath: path))
        dropped = nil
        #expect(!manager.fileExists(atPath: path), "after an unfinished workbook was dropped")
    }

    @Test func onlyTimesADateCellHoldsAreDates() {
        #expect(LocalDateTime(year: 1899, month: 12, day: 31, hour: 23, minute: 59, second: 59) == nil)
        #expect(LocalDateTime(year: 2026, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(LocalDateTime(year: 2028, month: 2, day: 29, hour: 0, minute: 0, second: 0) != nil)
        #expect(LocalDateTime(year: 2026, month: 3, day: 2, hour: 24, minute: 0, second: 0) == nil)
        #expect(LocalDateTime(year: 2026, month: 3, day: 2, hour: 23, minute: 59, second: 60) == nil)
        #expect(LocalDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59.999) != nil)
    }
}
