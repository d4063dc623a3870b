import Journal
import Logging
import PostgresNIO

/// The site's own audit rows (journal NULL): exports, level changes and
/// account changes made through `oss ... --postgres` or the site console.
public enum CentralAudit {
    public static func insert(_ entry: Journal.AuditEntry, into database: SiteDatabase) async throws(SiteError) {
        try await database.run("write the audit row") { connection in
            try await insert(entry, on: connection, logger: database.logger)
        }
    }

    /// The same row inside a transaction the caller holds on `connection`.
    static func insert(_ entry: Journal.AuditEntry, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO audit (at_us, action, details, by) VALUES (\(entry.at), \(entry.action), \(entry.details), \(entry.by))
            """, logger: logger)
    }

    /// Every audit row of the site, the stations' and the centre's, newest first.
    public static func entries(_ database: SiteDatabase) async throws(SiteError) -> [Journal.AuditEntry] {
        try await database.run("read the audit rows") { connection in
            let rows = try await connection.query("SELECT at_us, action, details, by FROM audit ORDER BY at_us DESC, id DESC",
                                                  logger: database.logger)
            var entries: [Journal.AuditEntry] = []
            for try await (at, action, details, by) in rows.decode((Int64, String, String, String).self) {
                entries.append(Journal.AuditEntry(at: at, action: action, details: details, by: by))
            }
            return entries
        }
    }
}
