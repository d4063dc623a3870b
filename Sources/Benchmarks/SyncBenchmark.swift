import Foundation
import Journal
import LinuxSystem

/// The site sync, measured from outside as a station runs it: a throwaway
/// PostgreSQL (ScratchPostgres, Debian's server on a Unix socket), a
/// journal of `rows` step rows, and `oss sync` as its own process.
///
/// - sync_rows_per_s: the rows `oss sync` sends (cycles, steps, errors and
///   help requests) over its wall time, into an empty central database;
///   median of 3 runs, each into a fresh database.
/// - psql_copy_rows_per_s: the same rows, already in CSV files, loaded by
///   `psql \copy` into the same tables (the central schema, made by a sync of
///   an empty journal) in the same run: the rate of PostgreSQL's own bulk
///   load, with nothing read from a journal and no duplicates checked.
/// - event_to_frame_p99_during_sync: the bilinear lane fed device events,
///   its journal writes committed to a journal that `oss sync --follow
///   --interval 1` sends meanwhile; alternated with rounds of the same size
///   without the sync, whose median is event_to_frame_p99_beside_sync.
extension StationBenchmark {
    func measureSync(folder: String, into report: inout Report) throws {
        guard let oss = options.ossExecutable else { throw BenchError.setup("the sync benchmark needs the oss executable") }
        let rows = options.quick ? 100_000 : 1_000_000
        let server: ScratchPostgres
        do { server = try ScratchPostgres() } catch {
            throw BenchError.setup("cannot start a PostgreSQL for the sync benchmark: \(error)")
        }
        defer { try? server.stop() }
        let path = folder + "/sync.db"
        let journal = try Journal(path: path)
        try Self.fillSteps(journal: journal, station: station, rows: rows)
        let sent = try Self.sqliteCount(path, "SELECT (SELECT count(*) FROM cycles) + (SELECT count(*) FROM cycle_steps) "
                                        + "+ (SELECT count(*) FROM errors) + (SELECT count(*) FROM help_requests)")

        var syncRates: [Double] = [], copyRates: [Double] = []
        for round in 0..<3 {
            let database = "sync_\(round)"
            try server.psql("CREATE DATABASE \(database)", database: "postgres")
            let url = server.url.replacingOccurrences(of: "/site?", with: "/\(database)?")
            // A copy of the journal whose cursor is at 0, each round.
            let copy = folder + "/sync-\(round).db"
            try Self.copyJournal(path, to: copy)
            let started = Self.nanoseconds()
            let result = try Self.run(oss, ["sync", "--journal", copy, "--postgres", url])
            let seconds = Double(Self.nanoseconds() - started) / 1e9
            guard result.status == 0 else { throw BenchError.setup("oss sync failed: \(result.errors)") }
            syncRates.append(Double(sent) / seconds)
            try? FileManager.default.removeItem(atPath: copy)
            copyRates.append(Double(sent) / (try psqlCopy(server: server, journal: path, round: round, folder: folder,
                                                          oss: oss)))
        }
        let bytes = try server.psql("SELECT pg_database_size('sync_0')", database: "postgres")
        options.log("central database after one sync: \(bytes) bytes for \(sent) rows")
        report.syncRows = sent
        report.syncRowsPerS = Self.median(syncRates)
        report.psqlCopyRowsPerS = Self.median(copyRates)
        report.syncCentralBytesPerRow = (Double(bytes) ?? 0) / Double(max(1, sent))

        try measureEventToFrameDuringSync(server: server, oss: oss, folder: folder, into: &report)
    }

    /// Seconds `psql \copy` takes to load the journal's rows, from CSV
    /// files written beforehand, into a database with the central schema.
    private func psqlCopy(server: ScratchPostgres, journal: String, round: Int, folder: String, oss: String) throws -> Double {
        let database = "copy_\(round)"
        try server.psql("CREATE DATABASE \(database)", database: "postgres")
        let url = server.url.replacingOccurrences(of: "/site?", with: "/\(database)?")
        // The central schema, made by a sync of an empty journal.
        let empty = folder + "/empty-\(round).db"
        _ = try Journal(path: empty)
        let made = try Self.run(oss, ["sync", "--journal", empty, "--postgres", url])
        guard made.status == 0 else { throw BenchError.setup("oss sync of an empty journal failed: \(made.errors)") }
        let tables: [(file: String, sql: String, columns: String)] = [
            ("cycles", "SELECT 1, id, worker, product, number, station, status, level, started_us, ended_us, duration_us, errors, help, norm_time_us FROM cycles",
             "journal, id, worker, product, number, station, status, level, started_us, ended_us, duration_us, errors, help, norm_time_us"),
            ("cycle_steps", "SELECT 1, cycle_id, id, step, idx, started_us, duration_us, errors, help, blocked, slow FROM cycle_steps",
             "journal, cycle_id, id, step, idx, started_us, duration_us, errors, help, blocked, slow"),
            ("errors", "SELECT 1, cycle_id, id, step, idx, at_us, kind, input, cleared_by, cleared_us FROM errors",
             "journal, cycle_id, id, step, idx, at_us, kind, input, cleared_by, cleared_us"),
            ("help_requests", "SELECT 1, cycle_id, id, step, idx, at_us, level FROM help_requests",
             "journal, cycle_id, id, step, idx, at_us, level"),
        ]
        var commands: [String] = []
        for table in tables {
            let file = folder + "/\(table.file).csv"
            if !FileManager.default.fileExists(atPath: file) {
                let dumped = try Self.run("/usr/bin/sqlite3", ["-csv", journal, ".output \(file)", table.sql])
                guard dumped.status == 0 else { throw BenchError.setup("sqlite3 could not write \(file)") }
            }
            commands.append("\\copy \(table.file) (\(table.columns)) FROM '\(file)' CSV")
        }
        let started = Self.nanoseconds()
        for command in commands { try server.psql(command, database: database) }
        return Double(Self.nanoseconds() - started) / 1e9
    }

    private func measureEventToFrameDuringSync(server: ScratchPostgres, oss: String, folder: String,
                                              into report: inout Report) throws {
        try server.psql("CREATE DATABASE live", database: "postgres")
        let url = server.url.replacingOccurrences(of: "/site?", with: "/live?")
        let path = folder + "/live-sync.db"
        let journal = try Journal(path: path)
        let perRound = options.quick ? 5_000 : 20_000
        var beside: [Double] = [], during: [Double] = []
        var feeder = try LaneFeeder(station: station, layout: layout, journal: journal)
        for _ in 0..<3 {
            beside.append(try feeder.p99(events: perRound))
            let follower = Process()
            follower.executableURL = URL(fileURLWithPath: oss)
            follower.arguments = ["sync", "--journal", path, "--postgres", url, "--follow", "--interval", "1"]
            follower.standardOutput = FileHandle.nullDevice
            follower.standardError = FileHandle.nullDevice
            try follower.run()
            Thread.sleep(forTimeInterval: 0.5)
            during.append(try feeder.p99(events: perRound))
            follower.terminate()
            follower.waitUntilExit()
        }
        report.eventToFrameP99DuringSync = Self.median(during)
        report.eventToFrameP99BesideSync = Self.median(beside)
    }

    static func sqliteCount(_ path: String, _ sql: String) throws -> Int {
        let result = try run("/usr/bin/sqlite3", [path, sql])
        guard result.status == 0, let count = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError.setup("sqlite3 could not count the rows of \(path)")
        }
        return count
    }

    /// A consistent copy of a journal (VACUUM INTO), with its own site id kept.
    static func copyJournal(_ path: String, to copy: String) throws {
        let result = try run("/usr/bin/sqlite3", [path, "VACUUM INTO '\(copy)'"])
        guard result.status == 0 else { throw BenchError.setup("sqlite3 could not copy \(path)") }
    }
}
