#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Journal
import LinuxSystem
import Reports

/// A report asked for by an assessor: checked before the journal is touched.
public struct ReportRequest: Sendable {
    public let worker: String
    public let product: String?
    public let period: Period
    /// The page's language (Dutch by default).
    public let language: ReportLanguage
    /// The worker's own one-page version instead of the assessor's report.
    public let forWorker: Bool
    /// The zone of the page's dates and times, named on the page.
    public let zone: TimeZone
    /// Where the report goes, for the audit row: a file name or `download`.
    public let destination: String

    public init(worker: String, product: String? = nil, since: String? = nil, until: String? = nil,
                language: ReportLanguage = .nl, forWorker: Bool = false, zone: TimeZone = .current,
                destination: String) throws(OperationError) {
        try Identifier.check(worker, .worker)
        try Identifier.check(product, .product)
        period = try Period(since: since, until: until)
        self.worker = worker
        self.product = product
        self.language = language
        self.forWorker = forWorker
        self.zone = zone
        self.destination = destination
    }

    /// The audit row; the language and `for-worker` only where not the default.
    var auditRow: AuditRow {
        var details = AuditRow.pairs(["worker": worker, "product": product]) + period.auditParts
        if language != .nl { details.append("lang=\(language.rawValue)") }
        if forWorker { details.append("for-worker") }
        return AuditRow(action: "report", details: details + ["out=\(destination)"])
    }
}

/// A worker's skill report (`oss report`, the console's progress page):
/// one self-contained HTML page of that worker's finished cycles, made at
/// the clock's time (the time on the page and in the audit row).
public struct WorkerReports {
    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

    /// The report's style sheet (the console serves it apart: its pages allow no inline style).
    public static var style: String { WorkerReport.style }

    /// The report's HTML. A worker or product the journal does not know is
    /// refused without an audit row; otherwise the row naming `actor` is
    /// written before the report is made.
    public func report(_ request: ReportRequest, by actor: Actor) throws(OperationError) -> String {
        guard try journal.answer({ () throws(JournalError) in try journal.knows(worker: request.worker) }) else {
            throw .unknownWorker(request.worker, journal: journal.path)
        }
        if let product = request.product {
            guard try journal.answer({ () throws(JournalError) in try journal.knows(product: product) }) else {
                throw .unknownProduct(product, journal: journal.path)
            }
        }
        let now = clock.wallMicros()
        try request.auditRow.write(to: journal, by: actor, at: now)
        let filter = JournalExport.Filter(worker: request.worker, product: request.product, since: request.period.since,
                                          until: request.period.until)
        let settings = ReportSettings(language: request.language, zone: request.zone, madeAt: now)
        do {
            return request.forWorker
                ? try WorkerPage(journal: journal, worker: request.worker, filter: filter, settings: settings).html()
                : try WorkerReport(journal: journal, worker: request.worker, filter: filter, settings: settings).html()
        } catch let error as JournalError {
            throw .journal(error)
        } catch {
            throw .unexpected(journal: journal.path, reason: "\(error)")
        }
    }
}
