import Journal
import LinuxSystem
import Logging
import Operations
import PostgresNIO

/// The site's export (`oss export --postgres`, the site console's
/// downloads): the central rows that pass the filter are copied into one
/// temporary journal per station (and per journal, should a station have
/// had two), in a private folder removed afterwards, and written by the
/// same code as `oss export` with the `station` column first. So the bytes
/// of a station's rows are those of its own journal's export.
///
/// The level in force in each copy is the site's: the latest `set_at` of
/// every station and of the centre, without changes dated in the future.
public struct SiteExport {
    let database: SiteDatabase

    public init(database: SiteDatabase) { self.database = database }

    var logger: Logger { database.logger }

    /// Rows are copied in pieces of this many cycles, so memory stays bounded.
    static let piece = 5000

    /// Copies what `filter` selects, hands the stations' copies to `body`, and removes them.
    public func withStations<T>(filter: JournalExport.Filter,
                                _ body: (StationsExport) throws -> T) async throws -> T {
        let folder: TemporaryFolder
        do { folder = try TemporaryFolder(prefix: "oss-site-export") } catch {
            throw SiteError.local("cannot make a temporary folder for the export: \(error)")
        }
        defer { try? folder.remove() }
        let levels = try await levelsInForce()
        var sections: [StationsExport.Section] = []
        for (number, (station, journal)) in try await sectionKeys(filter).enumerated() {
            let copy: Journal
            do {
                copy = try Journal(path: folder.path + "/station-\(number).db")
                try copy.storeCopies(levels)
            } catch {
                throw SiteError.local("cannot make the export's temporary journal: \(error)")
            }
            try await copyCycles(station: station, journal: journal, filter: filter, into: copy)
            sections.append(StationsExport.Section(station: station, journal: copy))
        }
        return try body(StationsExport(sections: sections))
    }

    /// The filter's conditions on central cycles `c`, with their values bound.
    static func conditions(_ filter: JournalExport.Filter, into bindings: inout PostgresBindings) -> [String] {
        var conditions: [String] = []
        if !filter.includeAbandoned { conditions.append("c.status = 'done'") }
        if let worker = filter.worker { bindings.append(worker); conditions.append("c.worker = $\(bindings.count)") }
        if let product = filter.product { bindings.append(product); conditions.append("c.product = $\(bindings.count)") }
        if let since = filter.since { bindings.append(since); conditions.append("c.started_us >= $\(bindings.count)") }
        if let until = filter.until { bindings.append(until); conditions.append("c.started_us < $\(bindings.count)") }
        return conditions
    }

    /// (station, journal key) of every selected cycle, by station.
    func sectionKeys(_ filter: JournalExport.Filter) async throws(SiteError) -> [(String, Int32)] {
        var bindings = PostgresBindings()
        let conditions = Self.conditions(filter, into: &bindings)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await database.run("read the site's stations") { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT c.station, c.journal FROM cycles c \(whereClause) GROUP BY c.station, c.journal ORDER BY c.station, c.journal
                """, binds: bindings), logger: logger)
            var keys: [(String, Int32)] = []
            for try await (station, journal) in rows.decode((String, Int32).self) { keys.append((station, journal)) }
            return keys
        }
    }

    /// The level in force for every worker and product of the site.
    func levelsInForce() async throws(SiteError) -> [Outbox.Level] {
        try await database.run("read the site's levels") { connection in
            let rows = try await connection.query("""
                SELECT DISTINCT ON (worker, product) id, worker, product, level, set_us, set_by, reason
                FROM levels WHERE NOT future ORDER BY worker, product, set_us DESC, id DESC
                """, logger: logger)
            return try await SiteSync.levels(rows)
        }
    }

    /// One station's selected cycles with their children, piece by piece.
    func copyCycles(station: String, journal: Int32, filter: JournalExport.Filter, into copy: Journal) async throws(SiteError) {
        var after: Int64 = -1
        while true {
            var bindings = PostgresBindings()
            bindings.append(journal)
            bindings.append(station)
            bindings.append(after)
            var conditions = ["c.journal = $1", "c.station = $2", "c.id > $3"]
            conditions += Self.conditions(filter, into: &bindings)
            let whereClause = "WHERE " + conditions.joined(separator: " AND ")
            let limit = Self.piece
            let batch = try await database.run("read the site's cycles") { connection in
                var batch = Outbox.CycleBatch()
                let cycles = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT c.id, c.worker, c.product, c.number, c.station, c.status, c.level, c.started_us, c.ended_us,
                           c.duration_us, c.errors, c.help, c.norm_time_us
                    FROM cycles c \(whereClause) ORDER BY c.id LIMIT \(limit)
                    """, binds: bindings), logger: logger)
                for try await row in cycles.decode((Int64, String, String, Int64, String, String, Int16, Int64, Int64, Int64?,
                                                    Int32, Int32, Int64).self) {
                    batch.cycles.append(Outbox.Cycle(
                        id: row.0, worker: row.1, product: row.2, number: row.3, station: row.4, status: row.5,
                        level: Int64(row.6), startedAt: row.7, endedAt: row.8, duration: row.9, errors: Int64(row.10),
                        help: Int64(row.11), normTime: row.12))
                }
                guard let first = batch.cycles.first?.id, let last = batch.lastID else { return batch }
                let ids = batch.cycles.map(\.id)
                let steps = try await connection.query("""
                    SELECT id, cycle_id, step, idx, started_us, duration_us, errors, help, blocked, slow FROM cycle_steps
                    WHERE journal = \(journal) AND cycle_id BETWEEN \(first) AND \(last) AND cycle_id = ANY(\(ids))
                    ORDER BY cycle_id, id
                    """, logger: logger)
                for try await row in steps.decode((Int64, Int64, String, Int32, Int64, Int64?, Int32, Int32, Int32, Int32).self) {
                    batch.steps.append(Outbox.Step(id: row.0, cycleID: row.1, step: row.2, index: Int64(row.3), startedAt: row.4,
                                                   duration: row.5, errors: Int64(row.6), help: Int64(row.7),
                                                   blocked: Int64(row.8), slow: Int64(row.9)))
                }
                let errors = try await connection.query("""
                    SELECT id, cycle_id, step, idx, at_us, kind, input, cleared_by, cleared_us FROM errors
                    WHERE journal = \(journal) AND cycle_id BETWEEN \(first) AND \(last) AND cycle_id = ANY(\(ids))
                    ORDER BY cycle_id, id
                    """, logger: logger)
                for try await row in errors.decode((Int64, Int64, String, Int32, Int64, String, String, String?, Int64?).self) {
                    batch.errors.append(Outbox.ErrorRecord(id: row.0, cycleID: row.1, step: row.2, index: Int64(row.3), at: row.4,
                                                           kind: row.5, input: row.6, clearedBy: row.7, clearedAt: row.8))
                }
                let help = try await connection.query("""
                    SELECT id, cycle_id, step, idx, at_us, level FROM help_requests
                    WHERE journal = \(journal) AND cycle_id BETWEEN \(first) AND \(last) AND cycle_id = ANY(\(ids))
                    ORDER BY cycle_id, id
                    """, logger: logger)
                for try await row in help.decode((Int64, Int64, String, Int32, Int64, Int32).self) {
                    batch.helpRequests.append(Outbox.HelpRequest(id: row.0, cycleID: row.1, step: row.2, index: Int64(row.3),
                                                                 at: row.4, level: Int64(row.5)))
                }
                return batch
            }
            guard let last = batch.lastID else { return }
            do { try copy.storeCopies(batch) } catch {
                throw SiteError.local("cannot fill the export's temporary journal: \(error.description)")
            }
            after = last
        }
    }
}
