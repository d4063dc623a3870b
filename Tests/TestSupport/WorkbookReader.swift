import Foundation

/// An xlsx file as openpyxl (Debian's python3-openpyxl) reads it: a second
/// opinion from a reader library that oss does not use to write.
///
/// Throws `WorkbookReader.Missing` with the package to install when
/// /usr/bin/python3 or openpyxl is not there: tests fail, never skip.
public struct WorkbookReader: Sendable {
    /// One cell: openpyxl's `data_type` (`n` number, `s` string, `d` date,
    /// `f` formula), the Python type of its value and the value.
    public struct Cell: Equatable, Sendable, CustomStringConvertible {
        public enum Value: Equatable, Sendable {
            case integer(Int64)
            case float(Double)
            case string(String)
            /// A naive datetime's fields as ISO text, `2026-03-02T09:00:01.500000`.
            case dateTime(String)
            case none
        }
        public var dataType: String
        public var value: Value
        public var numberFormat: String
        public var bold: Bool
        public var description: String { "\(dataType) \(value)" }
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public var sheetNames: [String]
    public var freezePanes: String?
    /// Rows of the first sheet, the header first.
    public var rows: [[Cell]]
    /// Column letter → width as stored.
    public var columnWidths: [String: Double]
    /// The creation time in the file's properties, `2026-03-02T08:00:00`.
    public var created: String?

    public static let python = "/usr/bin/python3"

    static let script = """
        import json, sys, datetime
        try:
            import openpyxl
        except ImportError:
            print("MISSING-OPENPYXL"); sys.exit(3)
        book = openpyxl.load_workbook(sys.argv[1])
        sheet = book.worksheets[0]
        def value(v):
            if v is None: return ["none", None]
            if isinstance(v, bool): return ["bool", v]
            if isinstance(v, int): return ["int", str(v)]
            if isinstance(v, float): return ["float", repr(v)]
            if isinstance(v, datetime.datetime): return ["datetime", v.isoformat(timespec="microseconds")]
            if isinstance(v, str): return ["str", v]
            return [type(v).__name__, str(v)]
        rows = [[{"t": c.data_type, "v": value(c.value), "f": c.number_format, "b": bool(c.font and c.font.b)}
                 for c in row] for row in sheet.iter_rows()]
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        created = book.properties.created.isoformat() if book.properties.created else None
        print(json.dumps({"sheets": book.sheetnames, "freeze": sheet.freeze_panes, "rows": rows, "widths": widths,
                          "created": created}))
        """

    /// Reads `path` with openpyxl.
    public init(path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw Missing(description: "\(Self.python) is missing: install python3 and python3-openpyxl (make test does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", Self.script, path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        if text.hasPrefix("MISSING-OPENPYXL") {
            throw Missing(description: "python3-openpyxl is missing: apt-get install python3-openpyxl (make test does)")
        }
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw Missing(description: "openpyxl could not read \(path): \(String(decoding: errors, as: UTF8.self))")
        }
        sheetNames = json["sheets"] as? [String] ?? []
        freezePanes = json["freeze"] as? String
        created = json["created"] as? String
        columnWidths = (json["widths"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
        rows = (json["rows"] as? [[[String: Any]]] ?? []).map { row in
            row.map { cell in
                let pair = cell["v"] as? [Any] ?? []
                let kind = pair.first as? String ?? "", raw = pair.count > 1 ? pair[1] : nil
                let value: Cell.Value
                switch kind {
                case "int": value = .integer(Int64(raw as? String ?? "") ?? .min)
                case "float": value = .float(Double(raw as? String ?? "") ?? .nan)
                case "str": value = .string(raw as? String ?? "")
                case "datetime": value = .dateTime(raw as? String ?? "")
                default: value = .none
                }
                return Cell(dataType: cell["t"] as? String ?? "", value: value, numberFormat: cell["f"] as? String ?? "",
                            bold: cell["b"] as? Bool ?? false)
            }
        }
    }
}
