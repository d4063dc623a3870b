import Journal
import LinuxSystem
import Reports

/// A report asked for by an assessor: checked before the journal is touched.
public struct ReportRequest: Sendable {
    public let worker: String
    public let product: String?
    public let period: Period
    /// Where the report goes, for the audit row: a file name or `download`.
    public let destination: String

    public init(worker: String, product: String? = nil, since: String? = nil, until: String? = nil,
                destination: String) throws(OperationError) {
        try Identifier.check(worker, .worker)
        try Identifier.check(product, .product)
        period = try Period(since: since, until: until)
        self.worker = worker
        self.product = product
        self.destination = destination
    }

    var auditRow: AuditRow {
        AuditRow(action: "report", details: AuditRow.pairs(["worker": worker, "product": product]) + period.auditParts
                 + ["out=\(destination)"])
    }
}

/// A worker's skill report (`oss report`, the console's progress page):
/// one self-contained HTML page of that worker's finished cycles.
public struct WorkerReports {
    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

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
        try request.auditRow.write(to: journal, by: actor, at: clock.wallMicros())
        let filter = JournalExport.Filter(worker: request.worker, product: request.product, since: request.period.since,
                                          until: request.period.until)
        do {
            return try WorkerReport(journal: journal, worker: request.worker, filter: filter).html()
        } catch let error as JournalError {
            throw .journal(error)
        } catch {
            throw .unexpected(journal: journal.path, reason: "\(error)")
        }
    }
}
