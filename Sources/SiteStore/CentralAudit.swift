import Journal
import Logging
import PostgresNIO

/// The site's own audit rows (journal NULL): exports, level changes and
/// account changes made through `oss ... --postgres` or the site console.
public enum CentralAudit {
    public static func insert(_ entry: Journal.AuditEntry, into database: SiteDatabase) async throws(SiteError) {
        try await database.run("write the audit row") { connection in
            try await connection.query("""
                INSERT INTO audit (at_us, action, details, by) VALUES (\(entry.at), \(entry.action), \(entry.details), \(entry.by))
                """, logger: database.logger)
        }
    }
}
