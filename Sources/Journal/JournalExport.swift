import GRDB
import JSONLines

/// The assessors' export: cycles, steps or errors as CSV or JSON, with
/// exactly the columns of `cli-and-files.md`.
///
/// Choices where the contract is silent (documented in docs/journal.md):
/// - Only finished cycles, and the steps and errors of finished cycles, are
///   exported unless `includeAbandoned` is set: every row then joins a row of
///   the `cycles` export.
/// - `since`/`until` select cycles by their start time; `until` is exclusive.
/// - CSV lines end in LF; empty fields stand for missing values (JSON null).
/// - The `excel-nl` dialect (`Dialect`) spells the same values for a Dutch
///   spreadsheet; the default CSV is unchanged by it.
public struct JournalExport {
    public enum Table: String, CaseIterable, Sendable { case cycles, steps, errors, summary }
    public enum Format: String, CaseIterable, Sendable { case csv, json }

    public struct Filter: Sendable {
        public var worker: String?
        public var product: String?
        /// µs since the epoch, inclusive.
        public var since: Int64?
        /// µs since the epoch, exclusive.
        public var until: Int64?
        public var includeAbandoned = false

        public init(worker: String? = nil, product: String? = nil, since: Int64? = nil, until: Int64? = nil,
                    includeAbandoned: Bool = false) {
            self.worker = worker
            self.product = product
            self.since = since
            self.until = until
            self.includeAbandoned = includeAbandoned
        }
    }

    /// One exported value.
    public enum Value: Equatable, Sendable {
        case text(String)
        case integer(Int64)
        /// A decimal rendered with exactly 3 decimals, e.g. `37.500`.
        case decimal(String)
        /// An instant, µs since the epoch: only in `forEachTypedRow`'s rows
        /// (the other rows spell times as text, as their format does).
        case time(Int64)
        case missing
    }

    public static func columns(_ table: Table) -> [String] {
        switch table {
        case .cycles: ["worker", "product", "cycle", "started_at", "ended_at", "duration_s", "level", "errors", "help",
                       "norm_time_s", "productivity"]
        case .steps: ["worker", "product", "cycle", "step", "index", "started_at", "duration_s", "errors", "help"]
        case .errors: ["worker", "product", "cycle", "step", "at", "kind", "input", "cleared_by", "cleared_after_s"]
        case .summary: SkillSummary.columns
        }
    }

    /// The SQL conditions (on cycles `c`) and arguments of a filter.
    static func conditions(_ filter: Filter) -> (String, [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if !filter.includeAbandoned { conditions.append("c.status = 'done'") }
        if let worker = filter.worker { conditions.append("c.worker = ?"); arguments.append(worker) }
        if let product = filter.product { conditions.append("c.product = ?"); arguments.append(product) }
        if let since = filter.since { conditions.append("c.started_us >= ?"); arguments.append(since) }
        if let until = filter.until { conditions.append("c.started_us < ?"); arguments.append(until) }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    let journal: Journal

    public init(journal: Journal) { self.journal = journal }

    /// The SQL of `table` and how its result columns become CSV fields.
    static func query(_ table: Table, whereClause: String) -> (sql: String, columns: [CSVExportStream.Column]) {
        switch table {
        case .summary, .cycles:
            // The duration twice: the second feeds productivity (norm / duration).
            return ("""
                SELECT c.worker, c.product, c.number, c.started_us, c.ended_us, c.duration_us, c.level, c.errors, c.help,
                       c.norm_time_us, c.duration_us
                FROM cycles c \(whereClause) ORDER BY c.started_us, c.id
                """, [.text, .text, .integer, .time, .time, .seconds, .integer, .integer, .integer, .seconds, .ratio(numerator: 9)])
        case .steps:
            return ("""
                SELECT c.worker, c.product, c.number, s.step, s.idx, s.started_us, s.duration_us, s.errors, s.help
                FROM cycle_steps s JOIN cycles c ON c.id = s.cycle_id \(whereClause)
                ORDER BY c.started_us, c.id, s.id
                """, [.text, .text, .integer, .text, .integer, .time, .seconds, .integer, .integer])
        case .errors:
            return ("""
                SELECT c.worker, c.product, c.number, e.step, e.at_us, e.kind, e.input, e.cleared_by, e.cleared_us
                FROM errors e JOIN cycles c ON c.id = e.cycle_id \(whereClause)
                ORDER BY c.started_us, c.id, e.at_us, e.id
                """, [.text, .text, .integer, .text, .time, .text, .text, .text, .secondsBetween(8, 4)])
        }
    }

    /// The rows of `table` that pass `filter`, in time order, values in
    /// `columns(table)` order.
    public func rows(_ table: Table, filter: Filter) throws -> [[Value]] {
        var result: [[Value]] = []
        try forEachRow(table, filter: filter) { result.append($0) }
        return result
    }

    /// Calls `body` with each row in turn; memory does not grow with the rows.
    public func forEachRow(_ table: Table, filter: Filter, _ body: ([Value]) throws -> Void) throws {
        try forEachRow(table, filter: filter, time: Self.time, body)
    }

    /// The rows for a format with typed cells (xlsx): as `forEachRow`,
    /// but each time is a `.time` instant, and with `withNames` the
    /// worker's display name (or `.missing`) follows the worker, as in
    /// `header(_:zone:withNames:)`.
    public func forEachTypedRow(_ table: Table, filter: Filter, withNames: Bool,
                                _ body: ([Value]) throws -> Void) throws {
        let names = withNames ? try journal.names() : nil
        try forEachRow(table, filter: filter, names: names, time: { $0.map(Value.time) ?? .missing }, body)
    }

    /// As `forEachRow`, each time cell made by `time` (UTC or local), and
    /// with `names` a name column after the worker.
    func forEachRow(_ table: Table, filter: Filter, names: [String: String]? = nil, time: (Int64?) -> Value,
                    _ body: ([Value]) throws -> Void) throws {
        if let names {
            try forEachRow(table, filter: filter, time: time) { row in
                var row = row
                if case .text(let worker) = row[0] { row.insert(names[worker].map(Value.text) ?? .missing, at: 1) }
                try body(row)
            }
            return
        }
        if table == .summary {
            try SkillSummary.forEach(journal: journal, filter: filter) { try body($0.values) }
            return
        }
        let (whereClause, arguments) = Self.conditions(filter)
        let sql = Self.query(table, whereClause: whereClause).sql
        try journal.readPassingThrough { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try cursor.next() { try body(Self.values(of: row, table: table, time: time)) }
        }
    }

    private static func values(of row: Row, table: Table, time: (Int64?) -> Value) -> [Value] {
        let worker: String = row[0], product: String = row[1], cycle: Int64 = row[2]
        switch table {
        case .cycles:
            let duration: Int64? = row[5]
            let norm: Int64 = row[9]
            let productivity = Productivity.ratio(normTime: norm, duration: duration).map { Value.decimal(Productivity.text($0)) } ?? .missing
            return [.text(worker), .text(product), .integer(cycle), time(row[3]), time(row[4]), seconds(duration),
                    .integer(row[6]), .integer(row[7]), .integer(row[8]), seconds(norm), productivity]
        case .steps:
            return [.text(worker), .text(product), .integer(cycle), .text(row[3]), .integer(row[4]), time(row[5]),
                    seconds(row[6]), .integer(row[7]), .integer(row[8])]
        case .summary:
            return []
        case .errors:
            let at: Int64 = row[4]
            let clearedBy: String? = row[7]
            let clearedAt: Int64? = row[8]
            return [.text(worker), .text(product), .integer(cycle), .text(row[3]), time(at), .text(row[5]),
                    .text(row[6]), clearedBy.map(Value.text) ?? .missing, seconds(clearedAt.flatMap { difference($0, at) })]
        }
    }

    private static func time(_ micros: Int64?) -> Value {
        micros.map { .text(UTCTime.format($0)) } ?? .missing
    }

    /// `lhs - rhs`, or nil where the difference does not fit (a tampered journal).
    static func difference(_ lhs: Int64, _ rhs: Int64) -> Int64? {
        let (result, overflow) = lhs.subtractingReportingOverflow(rhs)
        return overflow ? nil : result
    }

    /// Microseconds rounded half away from zero to milliseconds, without
    /// overflow at the ends of Int64.
    static func roundedMillis(_ micros: Int64) -> Int64 {
        let remainder = micros % 1000
        return micros / 1000 + (remainder >= 500 ? 1 : remainder <= -500 ? -1 : 0)
    }

    /// Microseconds as seconds with 3 decimals, rounded half up: 37500000 → `37.500`.
    static func seconds(_ micros: Int64?) -> Value {
        guard let micros else { return .missing }
        let millis = roundedMillis(micros)
        let sign = millis < 0 ? "-" : ""
        let magnitude = abs(millis)
        let fraction = String(magnitude % 1000)
        return .decimal("\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)")
    }

    /// A ratio with exactly 3 decimals. Any finite value is rendered, the
    /// largest (from absurd journal figures) digit for digit, never trapping.
    static func fixed3(_ value: Double) -> String {
        guard value.isFinite else { return "0.000" }
        let scaled = (value * 1000).rounded()
        guard abs(scaled) < 9.0e18 else { return (value < 0 ? "-" : "") + integerDigits(abs(value)) + ".000" }
        let millis = Int64(scaled)
        let fraction = String(abs(millis) % 1000)
        return "\(millis < 0 ? "-" : "")\(abs(millis) / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// The exact decimal digits of a finite double ≥ 2^53 (an integer):
    /// significand × 2^exponent, worked out in base-10⁹ limbs.
    private static func integerDigits(_ value: Double) -> String {
        let base: UInt64 = 1_000_000_000
        var significand = (UInt64(1) << 52) | value.significandBitPattern
        var limbs: [UInt64] = []
        while significand > 0 { limbs.append(significand % base); significand /= base }
        for _ in 0..<max(0, Int(value.exponent) - 52) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let doubled = limbs[i] * 2 + carry
                limbs[i] = doubled % base
                carry = doubled / base
            }
            if carry > 0 { limbs.append(carry) }
        }
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    // MARK: Rendering

    /// The whole export as text (tests and small exports; see `write`).
    public func render(_ table: Table, format: Format, dialect: Dialect = .standard, zone: LocalTime = LocalTime(),
                       filter: Filter, withNames: Bool = false) throws -> String {
        var bytes: [UInt8] = []
        try write(table, format: format, dialect: dialect, zone: zone, filter: filter, withNames: withNames) {
            bytes.append(contentsOf: $0)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the export in pieces of about 64 KiB to `output`, row by row,
    /// so that memory stays flat however many rows there are. With
    /// `withNames` a `name` column follows `worker` (empty where no name is
    /// kept); names are never exported otherwise. `dialect` and `zone`
    /// concern CSV only: JSON is always the contract's JSON (UTC times).
    public func write(_ table: Table, format: Format, dialect: Dialect = .standard, zone: LocalTime = LocalTime(),
                      filter: Filter, withNames: Bool = false,
                      to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        var writer = Writer(table: table, format: format, dialect: dialect, zone: zone, withNames: withNames, station: false)
        try writer.rows(of: self, filter: filter, station: nil, to: output)
        try writer.finish(to: output)
    }

    /// Writes an export in pieces: the header first, then the rows of one
    /// journal after another, then the end. With `station` every row starts
    /// with its station's id (the site's export, `oss export --postgres`).
    struct Writer {
        let table: Table, format: Format, dialect: Dialect, zone: LocalTime, withNames: Bool
        let separator: String
        private var stream = CSVExportStream()
        private var count = 0

        init(table: Table, format: Format, dialect: Dialect, zone: LocalTime, withNames: Bool, station: Bool) {
            self.table = table
            self.format = format
            self.dialect = format == .csv ? dialect : .standard
            self.zone = zone
            self.withNames = withNames
            separator = String(UnicodeScalar(self.dialect.separator))
            var columns = JournalExport.header(table, zone: self.dialect == .excelNL ? zone : nil, withNames: withNames)
            if station { columns.insert("station", at: 0) }
            if format == .csv {
                stream.append(self.dialect.byteOrderMark + columns.joined(separator: separator) + self.dialect.lineEnd)
            } else {
                stream.append("[")
            }
            self.columns = columns
        }

        let columns: [String]

        /// The rows of `export` that pass `filter`, each after `station` when given.
        mutating func rows(of export: JournalExport, filter: Filter, station: String?,
                           to output: (UnsafeRawBufferPointer) throws -> Void) throws {
            let names = withNames ? try export.journal.names() : nil
            if format == .csv && dialect == .standard && table != .summary {
                let (whereClause, arguments) = JournalExport.conditions(filter)
                let (sql, kinds) = JournalExport.query(table, whereClause: whereClause)
                let prefix = station.map { Array((JournalExport.csvField(.text($0)) + ",").utf8) } ?? []
                var stream = self.stream
                defer { self.stream = stream }
                try export.journal.readPassingThrough { db in
                    let statement = try db.makeStatement(sql: sql)
                    try statement.setArguments(StatementArguments(arguments))
                    try stream.write(statement, columns: kinds, names: names, prefix: prefix, flush: output)
                }
                return
            }
            let dialect = self.dialect, zone = self.zone
            let time: (Int64?) -> Value = { micros in
                guard let micros else { return .missing }
                return .text(dialect == .excelNL ? zone.format(micros) : UTCTime.format(micros))
            }
            try export.forEachRow(table, filter: filter, names: names, time: time) { row in
                let row = station.map { [Value.text($0)] + row } ?? row
                switch format {
                case .csv:
                    stream.append(row.map { JournalExport.field($0, dialect: dialect) }.joined(separator: separator) + dialect.lineEnd)
                case .json:
                    var builder = JSONLineBuilder()
                    for (column, value) in zip(columns, row) {
                        switch value {
                        case .text(let text): builder.add(column, string: text)
                        case .integer(let int): builder.add(column, numberLiteral: String(int))
                        case .decimal(let decimal): builder.add(column, numberLiteral: decimal)
                        case .time(let micros): builder.add(column, string: UTCTime.format(micros))
                        case .missing: builder.addNull(column)
                        }
                    }
                    stream.append((count == 0 ? "\n  " : ",\n  ") + builder.line)
                }
                count += 1
                if stream.buffer.count >= CSVExportStream.flushSize { try stream.flush(output) }
            }
        }

        mutating func finish(to output: (UnsafeRawBufferPointer) throws -> Void) throws {
            if format == .json { stream.append(count == 0 ? "]\n" : "\n]\n") }
            try stream.flush(output)
        }
    }

    /// The standard dialect's field: RFC 4180 quoting (a comma, quote or
    /// line break), and a leading `'` on a text cell that a spreadsheet
    /// would run as a formula (see `CSVExportStream.startsFormula`).
    static func csvField(_ value: Value) -> String { field(value, dialect: .standard) }
}

/// The site's export (`oss export --postgres`): the rows of several
/// journals, each holding one station's rows, one station after another,
/// with the column `station` first and otherwise exactly the columns and
/// bytes of `JournalExport`.
public struct StationsExport {
    public struct Section {
        /// The `station:` id of the station's station.yaml.
        public var station: String
        public var journal: Journal

        public init(station: String, journal: Journal) {
            self.station = station
            self.journal = journal
        }
    }

    public let sections: [Section]

    public init(sections: [Section]) { self.sections = sections }

    public static func header(_ table: JournalExport.Table, zone: LocalTime?) -> [String] {
        ["station"] + JournalExport.header(table, zone: zone, withNames: false)
    }

    /// As `JournalExport.write`, over every section.
    public func write(_ table: JournalExport.Table, format: JournalExport.Format, dialect: JournalExport.Dialect = .standard,
                      zone: LocalTime = LocalTime(), filter: JournalExport.Filter,
                      to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        var writer = JournalExport.Writer(table: table, format: format, dialect: dialect, zone: zone, withNames: false,
                                          station: true)
        for section in sections {
            try writer.rows(of: JournalExport(journal: section.journal), filter: filter, station: section.station, to: output)
        }
        try writer.finish(to: output)
    }

    /// As `JournalExport.forEachTypedRow`, each row after its station.
    public func forEachTypedRow(_ table: JournalExport.Table, filter: JournalExport.Filter,
                                _ body: ([JournalExport.Value]) throws -> Void) throws {
        for section in sections {
            try JournalExport(journal: section.journal).forEachTypedRow(table, filter: filter, withNames: false) { row in
                try body([.text(section.station)] + row)
            }
        }
    }
}
