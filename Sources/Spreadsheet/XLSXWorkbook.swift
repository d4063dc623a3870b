import CXLSXWriter
import LinuxSystem

/// One worksheet written as an xlsx workbook through libxlsxwriter, row by
/// row in constant memory: a bold header row that stays in view (frozen),
/// typed cells (`Cell`), date cells in `dateFormat`, and column widths that
/// fit the content.
///
/// Text is only ever written with `worksheet_write_string`, so nothing a
/// journal holds can become a formula. libxlsxwriter 1.1.4 writes files
/// only, so the workbook is made in a private `TemporaryFolder` (0700) and
/// handed out by `finish` as bytes; the folder is removed on every path
/// (finish, failure, or an unfinished workbook's deinit).
///
/// States: open (rows may be appended) → finished or abandoned.
public final class XLSXWorkbook {
    public static let maximumRows = 1_048_576
    public static let maximumColumns = 16_384
    public static let maximumTextLength = 32_767
    /// Unambiguous in every locale and sortable; the zone is named by the caller.
    public static let dateFormat = "yyyy-mm-dd hh:mm:ss"

    private let folder: TemporaryFolder
    private let fileName: String
    /// libxlsxwriter keeps this pointer (its tmpdir option); freed in deinit.
    private let temporaryDirectory: UnsafeMutablePointer<CChar>
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let worksheet: UnsafeMutablePointer<lxw_worksheet>
    private let dateCells: UnsafeMutablePointer<lxw_format>
    private var widths: ColumnWidths
    private let columnCount: Int
    private var nextRow = 1

    /// Where libxlsxwriter's files are (tests look that it goes away).
    var temporaryPath: String { folder.path }

    /// Starts a workbook whose one sheet is `sheetName`, with `header` as
    /// its bold, frozen first row. `created` (seconds since the epoch) is
    /// the creation time in the file's properties: the caller's clock, so
    /// that the same request at the same moment gives the same bytes.
    public init(sheetName: String, header: [String], created: Int64) throws(SpreadsheetError) {
        guard header.count <= Self.maximumColumns else { throw .tooManyColumns(limit: Self.maximumColumns) }
        let folder: TemporaryFolder
        do { folder = try TemporaryFolder(prefix: "oss-xlsx-") } catch {
            throw .temporaryFiles(action: "create", reason: error.reason)
        }
        let fileName = folder.path + "/export.xlsx"
        let directory = Array(folder.path.utf8CString)
        let temporaryDirectory = UnsafeMutablePointer<CChar>.allocate(capacity: directory.count)
        temporaryDirectory.initialize(from: directory, count: directory.count)
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: temporaryDirectory, use_zip64: 0)
        let workbook = workbook_new_opt(fileName, &options)
        func abandon() {
            if let workbook { lxw_workbook_free(workbook) }
            temporaryDirectory.deallocate()
            try? folder.remove()
        }
        guard let workbook else {
            abandon()
            throw .library(action: "start a workbook", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)
        }
        // libxlsxwriter 1.1.4 lets an empty name and quotes at either end through.
        guard !sheetName.isEmpty, !sheetName.hasPrefix("'"), !sheetName.hasSuffix("'"),
              workbook_validate_sheet_name(workbook, sheetName) == LXW_NO_ERROR else {
            abandon()
            throw .invalidSheetName(sheetName)
        }
        // In constant memory the sheet opens its temporary file here.
        guard let worksheet = workbook_add_worksheet(workbook, sheetName) else {
            abandon()
            throw .library(action: "add a worksheet", code: LXW_ERROR_CREATING_TMPFILE.rawValue)
        }
        guard let bold = workbook_add_format(workbook), let dateCells = workbook_add_format(workbook) else {
            abandon()
            throw .library(action: "add a cell format", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)
        }
        var properties = lxw_doc_properties()
        properties.created = time_t(created)
        guard workbook_set_properties(workbook, &properties) == LXW_NO_ERROR else {
            abandon()
            throw .library(action: "set the workbook's properties", code: LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue)
        }
        format_set_bold(bold)
        format_set_num_format(dateCells, Self.dateFormat)
        worksheet_freeze_panes(worksheet, 1, 0)
        // From here on deinit frees the workbook and removes the folder.
        self.folder = folder
        self.fileName = fileName
        self.temporaryDirectory = temporaryDirectory
        self.workbook = workbook
        self.worksheet = worksheet
        self.dateCells = dateCells
        widths = ColumnWidths(header: header)
        columnCount = header.count
        for (column, title) in header.enumerated() {
            try write(.string(title), row: 0, column: column, format: bold)
        }
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
        temporaryDirectory.deallocate()
        try? folder.remove()
    }

    /// Appends one row below the last; cells beyond the header's columns are an error.
    public func append(_ row: [Cell]) throws(SpreadsheetError) {
        guard workbook != nil else { throw .library(action: "add a row", code: LXW_ERROR_PARAMETER_VALIDATION.rawValue) }
        guard nextRow < Self.maximumRows else { throw .tooManyRows(limit: Self.maximumRows) }
        guard row.count <= columnCount else { throw .tooManyColumns(limit: columnCount) }
        for (column, cell) in row.enumerated() {
            try write(cell, row: nextRow, column: column, format: nil)
            widths.measure(cell, column: column)
        }
        nextRow += 1
    }

    /// Closes the workbook and hands its bytes to `output` in pieces of
    /// 64 KiB, then removes the temporary folder. `output`'s errors are
    /// thrown unchanged; the workbook's own are `SpreadsheetError`s.
    public func finish(to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let workbook else { throw SpreadsheetError.library(action: "finish", code: LXW_ERROR_PARAMETER_VALIDATION.rawValue) }
        defer { try? folder.remove() }
        for (column, width) in widths.widths.enumerated() {
            try check(worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil), "set a column's width")
        }
        // workbook_close frees the workbook whatever it returns.
        self.workbook = nil
        try check(workbook_close(workbook), "write the xlsx file")
        let file: ReadOnlyFile
        do { file = try ReadOnlyFile(path: fileName) } catch {
            throw SpreadsheetError.temporaryFiles(action: "read", reason: error.reason)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = buffer.withUnsafeMutableBytes { raw in Result { () throws(SystemError) in try file.read(into: raw) } }
            guard case .success(let count) = read else {
                if case .failure(let error) = read { throw SpreadsheetError.temporaryFiles(action: "read", reason: error.reason) }
                break
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try output(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        }
        do { try folder.remove() } catch { throw SpreadsheetError.temporaryFiles(action: "remove", reason: error.reason) }
    }

    private func write(_ cell: Cell, row: Int, column: Int, format: UnsafeMutablePointer<lxw_format>?) throws(SpreadsheetError) {
        let r = lxw_row_t(row), c = lxw_col_t(column)
        switch cell {
        case .string(let text):
            let characters = text.unicodeScalars.count
            guard characters <= Self.maximumTextLength else {
                throw .textTooLong(row: row + 1, column: column + 1, characters: characters, limit: Self.maximumTextLength)
            }
            // A C string ends at NUL; no cell can hold one, so it shows as U+FFFD.
            let safe = text.utf8.contains(0) ? text.replacingNUL() : text
            try check(worksheet_write_string(worksheet, r, c, safe, format), "write a text cell")
        case .number(let value):
            // libxlsxwriter would print `nan` or `inf` into the sheet, which no spreadsheet opens.
            guard value.isFinite else { throw .notFinite(row: row + 1, column: column + 1) }
            try check(worksheet_write_number(worksheet, r, c, value, format), "write a number cell")
        case .integer(let value):
            try check(worksheet_write_number(worksheet, r, c, Double(value), format), "write a number cell")
        case .dateTime(let time):
            var datetime = lxw_datetime(year: Int32(time.year), month: Int32(time.month), day: Int32(time.day),
                                        hour: Int32(time.hour), min: Int32(time.minute), sec: time.second)
            try check(worksheet_write_datetime(worksheet, r, c, &datetime, dateCells), "write a date cell")
        case .empty:
            break
        }
    }

    private func check(_ result: lxw_error, _ action: String) throws(SpreadsheetError) {
        guard result != LXW_NO_ERROR else { return }
        throw .library(action: action, code: result.rawValue)
    }
}

extension String {
    /// The text with each NUL as U+FFFD.
    fileprivate func replacingNUL() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
