import GRDB
import GRDBSQLite

/// The CSV export written straight from SQLite's row buffers into a byte
/// buffer that is handed out every 64 KiB: no per-row strings or arrays, so
/// memory stays flat and a million rows take about a second. The output is
/// byte for byte that of `JournalExport.render` (tested).
struct CSVExportStream {
    /// How each result column becomes a CSV field; NULL is always empty.
    enum Column {
        case text, integer, time
        /// Microseconds as seconds with 3 decimals; NULL → empty.
        case seconds
        /// Column `lhs` minus column `rhs`, as seconds (NULL when either is).
        case secondsBetween(Int32, Int32)
        /// Column `numerator` / this column (a duration), 3 decimals; empty when ≤ 0 or NULL.
        case ratio(numerator: Int32)
        /// A result column used only by other columns.
        case hidden
    }

    static let flushSize = 1 << 16
    var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(Self.flushSize + 4096) }

    /// Runs `statement` and writes one CSV line per row.
    /// With `names`, the worker's display name follows column 0 (`--with-names`).
    /// `prefix` (bytes ready to go: a field and its comma) starts every line.
    mutating func write(_ statement: Statement, columns: [Column], names: [String: String]?, prefix: [UInt8] = [],
                        flush: (UnsafeRawBufferPointer) throws -> Void) throws {
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        while true {
            let step = sqlite3_step(sqlite)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqlite))))
            }
            buffer.append(contentsOf: prefix)
            var first = true
            for (index, column) in columns.enumerated() {
                if case .hidden = column { continue }
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                let i = Int32(index)
                defer {
                    if index == 0, let names {
                        buffer.append(UInt8(ascii: ","))
                        if let text = sqlite3_column_text(sqlite, 0), let name = names[String(cString: text)] {
                            appendEscaped(name.utf8)
                        }
                    }
                }
                let isNull = sqlite3_column_type(sqlite, i) == SQLITE_NULL
                switch column {
                case .text:
                    if !isNull { appendText(sqlite, i) }
                case .integer:
                    if !isNull { appendInteger(sqlite3_column_int64(sqlite, i)) }
                case .time:
                    if !isNull {
                        let start = buffer.count
                        UTCTime.append(sqlite3_column_int64(sqlite, i), to: &buffer)
                        // A year before 0 starts with '-': a text cell like any other (csvField).
                        if buffer[start] == UInt8(ascii: "-") { buffer.insert(UInt8(ascii: "'"), at: start) }
                    }
                case .seconds:
                    if !isNull { appendSeconds(sqlite3_column_int64(sqlite, i)) }
                case let .secondsBetween(lhs, rhs):
                    if sqlite3_column_type(sqlite, lhs) != SQLITE_NULL, sqlite3_column_type(sqlite, rhs) != SQLITE_NULL {
                        if let difference = JournalExport.difference(sqlite3_column_int64(sqlite, lhs),
                                                                     sqlite3_column_int64(sqlite, rhs)) {
                            appendSeconds(difference)
                        }
                    }
                case .ratio(let numerator):
                    let duration = sqlite3_column_int64(sqlite, i)
                    if !isNull, let value = Productivity.ratio(normTime: sqlite3_column_int64(sqlite, numerator), duration: duration) {
                        buffer.append(contentsOf: Productivity.text(value).utf8)
                    }
                case .hidden:
                    break
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= Self.flushSize { try self.flush(flush) }
        }
        try self.flush(flush)
    }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func flush(_ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try output($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendText(_ sqlite: OpaquePointer, _ column: Int32) {
        guard let text = sqlite3_column_text(sqlite, column) else { return }
        let count = Int(sqlite3_column_bytes(sqlite, column))
        appendEscaped(UnsafeBufferPointer(start: text, count: count))
    }

    /// OWASP's rule against spreadsheet formula injection: a text cell
    /// starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`.
    /// Numbers are not text cells: a negative duration stays `-1.000`.
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 9 || byte == 13
    }

    /// A text cell: the formula guard, then RFC 4180 quoting where needed,
    /// as `JournalExport.csvField`.
    private mutating func appendEscaped<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let guarded = bytes.first.map(Self.startsFormula) ?? false
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            if guarded { buffer.append(UInt8(ascii: "'")) }
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        if guarded { buffer.append(UInt8(ascii: "'")) }
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            if value == .min { buffer.append(contentsOf: String(value).utf8.dropFirst()); return }
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[19 - count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            buffer.append(contentsOf: scratch[(20 - count)...])
        }
    }

    /// As `JournalExport.seconds`: rounded half away from zero to milliseconds.
    private mutating func appendSeconds(_ micros: Int64) {
        let millis = JournalExport.roundedMillis(micros)
        if millis < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = Int64(millis.magnitude)
        appendInteger(magnitude / 1000)
        buffer.append(UInt8(ascii: "."))
        let fraction = magnitude % 1000
        buffer.append(UInt8(48 + fraction / 100))
        buffer.append(UInt8(48 + fraction / 10 % 10))
        buffer.append(UInt8(48 + fraction % 10))
    }
}
