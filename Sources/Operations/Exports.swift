import Journal
import LinuxSystem
import Spreadsheet

/// What an export is written as: the journal's CSV or JSON text, or an xlsx
/// workbook (`WorkbookExport`); the columns and values are the same in all.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, xlsx

    /// The journal's text format; nil for the workbook.
    var text: JournalExport.Format? { JournalExport.Format(rawValue: rawValue) }
}

/// An export asked for by an assessor: checked before the journal is touched.
public struct ExportRequest: Sendable {
    public let table: JournalExport.Table
    public let format: ExportFormat
    /// How CSV is spelled; JSON and xlsx have one spelling and ignore it.
    public let dialect: JournalExport.Dialect
    /// The zone of the local times of the excel-nl dialect and of xlsx.
    public let zone: LocalTime
    public let worker: String?
    public let product: String?
    public let period: Period
    /// Abandoned cycles too (empty duration and productivity).
    public let includeAbandoned: Bool
    /// Adds the workers' display names; never without this.
    public let withNames: Bool
    /// Where the export goes, for the audit row: a file name, `stdout`, `download`.
    public let destination: String

    public init(table: JournalExport.Table, format: ExportFormat, dialect: JournalExport.Dialect = .standard,
                zone: LocalTime = LocalTime(), worker: String? = nil, product: String? = nil, since: String? = nil,
                until: String? = nil, includeAbandoned: Bool = false, withNames: Bool = false, destination: String) throws(OperationError) {
        try Identifier.check(worker, .worker)
        try Identifier.check(product, .product)
        period = try Period(since: since, until: until)
        self.table = table
        self.format = format
        self.dialect = format == .csv ? dialect : .standard
        self.zone = zone
        self.worker = worker
        self.product = product
        self.includeAbandoned = includeAbandoned
        self.withNames = withNames
        self.destination = destination
    }

    public var filter: JournalExport.Filter {
        JournalExport.Filter(worker: worker, product: product, since: period.since, until: period.until,
                             includeAbandoned: includeAbandoned)
    }

    /// The audit row of this export, as the journal keeps it.
    public func auditEntry(by actor: Actor, at time: Int64) -> Journal.AuditEntry { auditRow.entry(by: actor, at: time) }

    var auditRow: AuditRow {
        var details = ["what=\(table.rawValue)", "format=\(format.rawValue)"]
        if dialect != .standard { details.append("dialect=\(dialect.rawValue)") }
        details += AuditRow.pairs(["worker": worker, "product": product]) + period.auditParts
        if includeAbandoned { details.append("include-abandoned") }
        if withNames { details.append("with-names") }
        details.append("out=\(destination)")
        return AuditRow(action: "export", details: details)
    }
}

/// The assessors' export (`oss export`, the console's downloads): the
/// same bytes whoever asks, audited before the first byte is handed out.
public struct Exports {
    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

    /// Writes the audit row naming `actor`, then streams the export to
    /// `output` in pieces of about 64 KiB (memory stays flat). Throws an
    /// `OperationError` for the journal or the workbook, or `output`'s own
    /// error unchanged. `output` runs inside the journal's read transaction
    /// (CSV, JSON): it must not use this `Journal` (GRDB traps on
    /// reentrance); hand the bytes on instead.
    public func export(_ request: ExportRequest, by actor: Actor, to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        let now = clock.wallMicros()
        try request.auditRow.write(to: journal, by: actor, at: now)
        do {
            if let text = request.format.text {
                try JournalExport(journal: journal).write(request.table, format: text, dialect: request.dialect,
                                                          zone: request.zone, filter: request.filter,
                                                          withNames: request.withNames, to: output)
            } else {
                try WorkbookExport.write(request, journal: journal, to: output)
            }
        } catch let error as JournalError {
            throw OperationError.journal(error)
        } catch let error as SpreadsheetError {
            throw OperationError.spreadsheet(error)
        }
    }

    /// The whole export as bytes (small exports, tests).
    public func export(_ request: ExportRequest, by actor: Actor) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try export(request, by: actor) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The site's export over `stations` (mirror journals, one per
    /// station): the same bytes with the `station` column first. The caller
    /// audits it where the site keeps its audit. Names are never in it.
    public static func write(_ request: ExportRequest, from stations: StationsExport,
                             to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        do {
            if let text = request.format.text {
                try stations.write(request.table, format: text, dialect: request.dialect, zone: request.zone,
                                   filter: request.filter, to: output)
            } else {
                try WorkbookExport.write(request, stations: stations, to: output)
            }
        } catch let error as JournalError {
            throw OperationError.journal(error)
        } catch let error as SpreadsheetError {
            throw OperationError.spreadsheet(error)
        }
    }
}
