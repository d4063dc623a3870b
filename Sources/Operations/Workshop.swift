import Journal
import LinuxSystem
import StationEngine

/// Everything the console reads and changes, behind one seam: one station's
/// journal today (`JournalWorkshop`), a site's PostgreSQL database next.
/// Each call is one operation, the same one the command line runs, with
/// the same checks and audit rows; the actor is the console account.
/// Calls block (SQLite, bcrypt): the console runs them off its event loops.
public protocol Workshop: Sendable {
    /// Where the data lives, for the log (a journal's path).
    var location: String { get }
    /// The console's accounts.
    var accounts: Accounts { get }
    func stations() throws(OperationError) -> [Stations.Row]
    /// Per worker and product: level, cycles, last cycle, advice.
    func workers() throws(OperationError) -> [Workers.Row]
    /// The products a level may be set for before their first cycle: those the stations registered.
    func registeredProducts() throws(OperationError) -> [String]
    /// Level changes, newest first.
    func levelHistory(worker: String?, product: String?) throws(OperationError) -> [Journal.LevelChange]
    func setLevel(_ request: LevelRequest, by actor: Actor) throws(OperationError)
    /// An export's bytes, audited before they are handed out.
    func export(_ request: ExportRequest, by actor: Actor) throws -> [UInt8]
    /// A worker's report page (HTML), audited.
    func report(_ request: ReportRequest, by actor: Actor) throws(OperationError) -> String
    /// The audit table, newest first.
    func audit() throws(OperationError) -> [Journal.AuditEntry]
    func purge(olderThanDays days: Int, by actor: Actor) throws(OperationError) -> Journal.PurgeResult
    func displayNames(by actor: Actor) throws(OperationError) -> [String: String]
    func applyName(_ change: NameChange, by actor: Actor) throws(OperationError) -> Bool
}

/// One station's SQLite journal as the console's workshop.
public struct JournalWorkshop: Workshop {
    let journal: Journal
    let clock: any StationClock
    public let accounts: Accounts

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
        accounts = Accounts(journal: journal, clock: clock)
    }

    public var location: String { journal.path }

    public func stations() throws(OperationError) -> [Stations.Row] {
        try Stations.live(journal: journal)
    }

    public func workers() throws(OperationError) -> [Workers.Row] {
        try Workers.overview(journal: journal)
    }

    public func registeredProducts() throws(OperationError) -> [String] {
        try journal.answer { () throws(JournalError) in try journal.stationsLive() }.flatMap(\.products)
    }

    public func levelHistory(worker: String?, product: String?) throws(OperationError) -> [Journal.LevelChange] {
        try Levels(journal: journal, clock: clock).history(worker: worker, product: product).reversed()
    }

    public func setLevel(_ request: LevelRequest, by actor: Actor) throws(OperationError) {
        try Levels(journal: journal, clock: clock).set(request, by: actor, alsoKnown: registeredProducts())
    }

    public func export(_ request: ExportRequest, by actor: Actor) throws -> [UInt8] {
        try Exports(journal: journal, clock: clock).export(request, by: actor)
    }

    public func report(_ request: ReportRequest, by actor: Actor) throws(OperationError) -> String {
        try WorkerReports(journal: journal, clock: clock).report(request, by: actor)
    }

    public func audit() throws(OperationError) -> [Journal.AuditEntry] {
        try AuditTrail(journal: journal).entries(newestFirst: true)
    }

    public func purge(olderThanDays days: Int, by actor: Actor) throws(OperationError) -> Journal.PurgeResult {
        try Retention(journal: journal, clock: clock).purge(olderThanDays: days, by: actor)
    }

    public func displayNames(by actor: Actor) throws(OperationError) -> [String: String] {
        try DisplayNames(journal: journal, clock: clock).list(by: actor)
    }

    public func applyName(_ change: NameChange, by actor: Actor) throws(OperationError) -> Bool {
        try DisplayNames(journal: journal, clock: clock).apply(change, by: actor)
    }
}
