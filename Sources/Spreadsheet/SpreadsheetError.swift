import CXLSXWriter

/// Why a workbook could not be written. Messages are oss's own words,
/// never text from libxlsxwriter.
public enum SpreadsheetError: Error, Equatable, CustomStringConvertible {
    /// The private folder for libxlsxwriter's files could not be made,
    /// read back or removed (`reason` is the system's text for the errno).
    case temporaryFiles(action: String, reason: String)
    /// A sheet name a spreadsheet does not accept.
    case invalidSheetName(String)
    /// More rows than a worksheet holds.
    case tooManyRows(limit: Int)
    /// More columns than a worksheet holds.
    case tooManyColumns(limit: Int)
    /// A text longer than a cell holds; row and column count from 1 (the header is row 1).
    case textTooLong(row: Int, column: Int, characters: Int, limit: Int)
    /// A number cell cannot hold NaN or an infinity.
    case notFinite(row: Int, column: Int)
    /// libxlsxwriter reported `code` while doing `action`.
    case library(action: String, code: UInt32)

    public var description: String {
        switch self {
        case let .temporaryFiles(action, reason): "cannot \(action) the workbook's temporary files: \(reason)"
        case let .invalidSheetName(name):
            "'\(name)' is not a valid sheet name (1 to 31 characters, none of []:*?/\\, not starting or ending with ')"
        case let .tooManyRows(limit):
            "a worksheet holds at most \(limit) rows with the header; choose a shorter period (--since, --until) or CSV"
        case let .tooManyColumns(limit): "a worksheet holds at most \(limit) columns"
        case let .textTooLong(row, column, characters, limit):
            "the text in row \(row), column \(column) has \(characters) characters; a cell holds at most \(limit)"
        case let .notFinite(row, column): "the number in row \(row), column \(column) is not finite"
        case let .library(action, code): "libxlsxwriter could not \(action): \(Self.meaning(of: code))"
        }
    }

    /// What libxlsxwriter's error numbers mean, in words that do not depend
    /// on its version (`lxw_error` in common.h).
    static func meaning(of code: UInt32) -> String {
        switch lxw_error(rawValue: code) {
        case LXW_ERROR_MEMORY_MALLOC_FAILED: "out of memory"
        case LXW_ERROR_CREATING_XLSX_FILE: "the xlsx file could not be created"
        case LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE: "a temporary file could not be written or read"
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_PARAMETER_ERROR, LXW_ERROR_ZIP_BAD_ZIP_FILE,
             LXW_ERROR_ZIP_INTERNAL_ERROR, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            "the zip container could not be written"
        case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: "a text is longer than a cell holds"
        case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: "a row or column is beyond the worksheet's end"
        default: "error number \(code)"
        }
    }
}
