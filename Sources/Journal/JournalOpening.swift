import Foundation
import GRDB
import LinuxSystem

/// How a journal file is opened: made 0600 before SQLite sees it, refused
/// when it is not an oss journal or comes from a newer oss (before anything
/// is written), and migrated under one write lock so that many processes may
/// open a brand-new journal at the same moment.
extension Journal {
    /// What `init` finds before it changes anything.
    struct Inspection {
        var userVersion = 0
        var applied: [String] = []
        var hasMigrationsTable = false
        var hasOtherTables = false
        var journalMode = ""
    }

    /// Creates a missing journal with mode 0600 (SQLite gives its -wal and
    /// -shm the same mode) and checks the header of an existing one.
    static func prepareFile(_ path: String, create: Bool) throws(JournalError) {
        if create {
            do { _ = try PrivateFile.createIfMissing(path) } catch {
                throw .cannotOpen(path: path, reason: error.reason)
            }
        }
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = try handle.read(upToCount: 100) ?? Data()
        } catch {
            throw .cannotOpen(path: path, reason: "it cannot be read (a folder, or no permission)")
        }
        // Empty: brand new, or everything still in the -wal (SQLite decides
        // below). A reader never turns an empty file into a journal.
        if header.isEmpty {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
            if !create && wal == 0 { throw .notAnOSSJournal(path: path) }
            return
        }
        guard header.count == 100, header.prefix(16).elementsEqual(Array("SQLite format 3\0".utf8)) else {
            throw .notSQLite(path: path)
        }
        let userVersion = header[60..<64].reduce(0) { $0 << 8 | Int($1) }
        if userVersion > JournalSchema.version {
            throw .newer(path: path, schema: userVersion, known: JournalSchema.version)
        }
    }

    /// Checks the schema and migrates it when needed. Nothing is written
    /// unless the journal is one this build may use.
    static func bringUpToDate(_ queue: DatabaseQueue, path: String, create: Bool) throws(JournalError) {
        do {
            let found = try queue.read { db in try inspect(db) }
            // An SQLite file without oss's tables is made a journal only by a command that may create one.
            if !create && found.applied.isEmpty { throw JournalError.notAnOSSJournal(path: path) }
            guard try needsWork(found, path: path) else { return }
            if found.journalMode != "wal" {
                try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            }
            // IMMEDIATE: the write lock is taken before looking, so two
            // processes never both decide to run the same migration.
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let current = try inspect(db)
                    guard try needsWork(current, path: path) else { return .commit }
                    try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                    for migration in JournalSchema.migrations where !current.applied.contains(migration.identifier) {
                        try migration.body(db)
                        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                    }
                    try db.execute(sql: "PRAGMA user_version = \(JournalSchema.version)")
                    return .commit
                }
            }
        } catch {
            throw JournalError(error, path: path)
        }
    }

    static func inspect(_ db: Database) throws -> Inspection {
        var found = Inspection()
        found.userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        found.journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() ?? ""
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        found.hasMigrationsTable = tables.contains("grdb_migrations")
        found.hasOtherTables = tables.contains { $0 != "grdb_migrations" }
        if found.hasMigrationsTable {
            found.applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        return found
    }

    /// Throws when the journal must not be used; true when it needs a migration.
    static func needsWork(_ found: Inspection, path: String) throws(JournalError) -> Bool {
        let known = JournalSchema.migrations.map(\.identifier)
        let unknown = found.applied.filter { !known.contains($0) }
        if found.hasOtherTables && !found.hasMigrationsTable { throw .notAnOSSJournal(path: path) }
        if !unknown.isEmpty && !found.applied.contains(known[0]) && unknown.allSatisfy({ versionNumber($0) == nil }) {
            throw .notAnOSSJournal(path: path)  // another program's GRDB database
        }
        if found.userVersion > JournalSchema.version || !unknown.isEmpty {
            let named = unknown.compactMap(versionNumber).max() ?? 0
            let schema = max(found.userVersion, named, unknown.isEmpty ? 0 : JournalSchema.version + 1)
            throw .newer(path: path, schema: schema, known: JournalSchema.version)
        }
        return found.applied.count != known.count || found.userVersion != JournalSchema.version || found.journalMode != "wal"
    }

    /// 7 for a migration named `v7-...`; nil for names not of that form.
    static func versionNumber(_ identifier: String) -> Int? {
        guard identifier.hasPrefix("v") else { return nil }
        let digits = identifier.dropFirst().prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty || digits.count > 9 ? nil : Int(digits)
    }
}
