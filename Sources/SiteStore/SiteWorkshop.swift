import Journal
import LinuxSystem
import Logging
import Operations
import PostgresNIO
import StationEngine

/// A site's PostgreSQL database as the console's workshop (`oss serve
/// --postgres`): every station, worker and export of the site, with the
/// same pages and API as one station's journal. What the site does not
/// keep centrally is refused with `.notAtSite`: setting display names (they
/// stay in the stations' journals; the list of them is empty), purge (each station purges its own journal),
/// worker reports (made from a station's journal), and level advice (the
/// site has no advice table: `advice` is always null).
///
/// One connection, one call at a time (`SiteConnection`); the calls block,
/// as the console expects (it runs them on NIO's thread pool).
public final class SiteWorkshop: Workshop {
    let connection: SiteConnection
    let clock: any StationClock
    public let accounts: Accounts

    public init(connection: SiteConnection, clock: any StationClock = SystemClock.shared) {
        self.connection = connection
        self.clock = clock
        accounts = Accounts(store: CentralAccounts(connection: connection), clock: clock)
    }

    public var location: String { connection.address.description }

    /// One query, however many journals: the live page polls it.
    public func stations() throws(OperationError) -> [Stations.Row] {
        try connection.operation("read the stations") { database in
            try await Self.stationRecords(database)
        }.map(Stations.Row.init)
    }

    /// Every station id of the site, by id (bytes, as the journal sorts);
    /// a station registered by two journals shows as the one updated last.
    static func stationRecords(_ database: SiteDatabase) async throws(SiteError) -> [StationLiveRecord] {
        try await database.run("read the stations") { connection in
            let rows = try await connection.query("""
                SELECT DISTINCT ON (station) station, name, products, worker, product, step, state, error_kind, error_input,
                       updated_us
                FROM stations ORDER BY station, updated_us DESC, journal DESC
                """, logger: database.logger)
            var records: [StationLiveRecord] = []
            for try await row in rows.decode((String, String, [String], String?, String?, String?, String, String?, String?,
                                              Int64).self) {
                let openError = row.7.flatMap { kind in row.8.map { StationLiveState.OpenError(kind: kind, input: $0) } }
                let live = StationLiveState(state: StationLiveState.State(rawValue: row.6) ?? .idle, worker: row.3,
                                            product: row.4, step: row.5, openError: openError)
                records.append(StationLiveRecord(station: row.0, name: row.1, products: row.2, live: live, updatedAt: row.9))
            }
            return records.sorted { $0.station.utf8.lexicographicallyPrecedes($1.station.utf8) }
        }
    }

    /// Per worker and product of the site: the level in force (the latest
    /// change not dated in the future, wherever it was made), finished
    /// cycles and the end of the last one; never advice.
    public func workers() throws(OperationError) -> [Workers.Row] {
        let records = try connection.operation("read the workers") { database in
            try await database.run("read the workers") { connection in
                let rows = try await connection.query("""
                    WITH totals AS (
                        SELECT worker, product, count(*) FILTER (WHERE status = 'done') AS done,
                               max(ended_us) FILTER (WHERE status = 'done') AS last_done
                        FROM cycles GROUP BY worker, product),
                    levels_in_force AS (
                        SELECT DISTINCT ON (worker, product) worker, product, level, set_us FROM levels
                        WHERE NOT future ORDER BY worker, product, set_us DESC, id DESC)
                    SELECT coalesce(t.worker, l.worker), coalesce(t.product, l.product), l.level, l.set_us,
                           coalesce(t.done, 0), t.last_done
                    FROM totals t FULL JOIN levels_in_force l ON l.worker = t.worker AND l.product = t.product
                    ORDER BY coalesce(t.worker, l.worker) COLLATE "C", coalesce(t.product, l.product) COLLATE "C"
                    """, logger: database.logger)
                var records: [WorkerProductRecord] = []
                for try await row in rows.decode((String, String, Int16?, Int64?, Int64, Int64?).self) {
                    records.append(WorkerProductRecord(worker: row.0, product: row.1, level: row.2.map(Int.init), levelSetAt: row.3,
                                                       cycles: Int(row.4), lastCycleEnd: row.5, advice: nil))
                }
                return records
            }
        }
        return Workers.rows(records)
    }

    /// Every product a station of the site registered, once each, by id.
    public func registeredProducts() throws(OperationError) -> [String] {
        try connection.operation("read the stations' products") { database in
            try await database.run("read the stations' products") { connection in
                let rows = try await connection.query("SELECT p FROM (SELECT DISTINCT unnest(products) AS p FROM stations) s ORDER BY p COLLATE \"C\"",
                                                      logger: database.logger)
                var products: [String] = []
                for try await product in rows.decode(String.self) { products.append(product) }
                return products
            }
        }
    }

    public func levelHistory(worker: String?, product: String?) throws(OperationError) -> [Journal.LevelChange] {
        try connection.operation("read the level history") { database in
            try await CentralLevels(database: database).history(worker: worker, product: product)
        }.reversed()
    }

    /// Stored centrally; every station takes it down at its next sync.
    public func setLevel(_ request: LevelRequest, by actor: Actor) throws(OperationError) {
        let products = try registeredProducts()
        let now = clock.wallMicros()
        try connection.operation("store the level change") { database in
            try await CentralLevels(database: database).set(request, by: actor, alsoKnown: products, at: now)
        }
    }

    /// Audited in the site's audit table (journal NULL) before the export
    /// is made; names are refused (the site keeps none).
    public func export(_ request: ExportRequest, by actor: Actor) throws -> [UInt8] {
        guard !request.withNames else {
            throw OperationError.notAtSite("the site database keeps no names; export names from a station's journal")
        }
        let entry = request.auditEntry(by: actor, at: clock.wallMicros())
        return try connection.operation("export") { database in
            try await CentralAudit.insert(entry, into: database)
            return try await SiteExport(database: database).withStations(filter: request.filter) { stations in
                var bytes: [UInt8] = []
                try Exports.write(request, from: stations) { bytes.append(contentsOf: $0) }
                return bytes
            }
        }
    }

    public func report(_ request: ReportRequest, by actor: Actor) throws(OperationError) -> String {
        throw .notAtSite("worker reports are not made at the site: open them on the station's console (oss serve --journal)")
    }

    public func audit() throws(OperationError) -> [Journal.AuditEntry] {
        try connection.operation("read the audit rows") { database in try await CentralAudit.entries(database) }
    }

    public func purge(olderThanDays days: Int, by actor: Actor) throws(OperationError) -> Journal.PurgeResult {
        throw .notAtSite("the site database is not purged from the console: each station purges its own journal (oss purge)")
    }

    /// None: the site keeps no names (the accounts page, which lists them, shows none).
    public func displayNames(by actor: Actor) throws(OperationError) -> [String: String] { [:] }

    public func applyName(_ change: NameChange, by actor: Actor) throws(OperationError) -> Bool {
        throw .notAtSite("the site database keeps no display names: they stay in each station's journal")
    }

    /// Closes the connection (when the console stops).
    public func close() { connection.close() }
}
