import Journal
import Logging
import Operations
import PostgresNIO

/// The site console's accounts (`oss user ... --postgres`, `oss serve
/// --postgres`) in the central `accounts` table. Each change and its audit
/// row (journal NULL) are stored in one transaction, or neither is. The
/// calls block (see `SiteWaiting`): never call them from a cooperative thread.
public struct CentralAccounts: AccountStore {
    let connection: SiteConnection

    public init(connection: SiteConnection) { self.connection = connection }

    /// The database's address, without a password.
    public var location: String { connection.address.description }

    public func add(_ account: Account, passwordHash: String, audit: Journal.AuditEntry) throws(OperationError) {
        let added = try answer("store the account") { database in
            try await database.transaction("store the account") { connection in
                // Checked first so that a taken name is our error, not a refused statement; the
                // primary key still refuses a name added by someone else in between (23505 below).
                guard try await Self.exists(account.name.text, on: connection, logger: database.logger) == false else { return false }
                try await connection.query("""
                    INSERT INTO accounts (name, role, password_hash, created_us, updated_us)
                    VALUES (\(account.name.text), \(account.role.rawValue), \(passwordHash), \(account.created), \(account.updated))
                    """, logger: database.logger)
                try await CentralAudit.insert(audit, on: connection, logger: database.logger)
                return true
            }
        } duplicate: { .duplicateAccount(account.name.text, store: location) }
        guard added else { throw .duplicateAccount(account.name.text, store: location) }
    }

    public func setPasswordHash(of name: AccountName, to hash: String, at time: Int64, audit: Journal.AuditEntry) throws(OperationError) {
        try changeExisting(name, "change the password", audit: audit, """
            UPDATE accounts SET password_hash = \(hash), updated_us = \(time) WHERE name = \(name.text) RETURNING name
            """)
    }

    public func remove(_ name: AccountName, audit: Journal.AuditEntry) throws(OperationError) {
        try changeExisting(name, "remove the account", audit: audit, "DELETE FROM accounts WHERE name = \(name.text) RETURNING name")
    }

    /// Runs `statement` (…`RETURNING name`) and stores `audit` with it when
    /// it touched the account; `.unknownAccount` when there is none.
    private func changeExisting(_ name: AccountName, _ what: String, audit: Journal.AuditEntry,
                                _ statement: PostgresQuery) throws(OperationError) {
        let changed = try answer(what) { database in
            try await database.transaction(what) { connection in
                let rows = try await connection.query(statement, logger: database.logger)
                var found = false
                for try await _ in rows.decode(String.self) { found = true }
                guard found else { return false }
                try await CentralAudit.insert(audit, on: connection, logger: database.logger)
                return true
            }
        }
        guard changed else { throw .unknownAccount(name.text, store: location) }
    }

    public func accounts() throws(OperationError) -> [Account] {
        let rows = try answer("read the accounts") { database in
            try await database.run("read the accounts") { connection in
                try await Self.rows(try await connection.query("""
                    SELECT name, role, password_hash, created_us, updated_us FROM accounts ORDER BY name COLLATE "C"
                    """, logger: database.logger))
            }
        }
        var accounts: [Account] = []
        for row in rows { accounts.append(try account(row)) }
        return accounts
    }

    public func credentials(of name: AccountName) throws(OperationError) -> (account: Account, passwordHash: String)? {
        let rows = try answer("read the account") { database in
            try await database.run("read the account") { connection in
                try await Self.rows(try await connection.query("""
                    SELECT name, role, password_hash, created_us, updated_us FROM accounts WHERE name = \(name.text)
                    """, logger: database.logger))
            }
        }
        guard let row = rows.first else { return nil }
        return (try account(row), row.hash)
    }

    // MARK: Rows

    struct Row: Sendable {
        var name: String, role: String, hash: String, created: Int64, updated: Int64
    }

    static func rows(_ sequence: PostgresRowSequence) async throws -> [Row] {
        var rows: [Row] = []
        for try await (name, role, hash, created, updated) in sequence.decode((String, String, String, Int64, Int64).self) {
            rows.append(Row(name: name, role: role, hash: hash, created: created, updated: updated))
        }
        return rows
    }

    static func exists(_ name: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT EXISTS (SELECT 1 FROM accounts WHERE name = \(name))", logger: logger)
        var found = false
        for try await value in rows.decode(Bool.self) { found = value }
        return found
    }

    /// A row the table's CHECKs let in always converts; anything else is a damaged database.
    private func account(_ row: Row) throws(OperationError) -> Account {
        guard let role = Role(rawValue: row.role), let name = try? AccountName(row.name) else {
            throw .site("the site database \(location): an account row is not valid")
        }
        return Account(name: name, role: role, created: row.created, updated: row.updated)
    }

    /// Runs `body` on the connection; a unique violation (an account added
    /// in between by someone else) becomes `duplicate()`.
    private func answer<T: Sendable>(_ what: String, _ body: @escaping @Sendable (SiteDatabase) async throws -> T,
                                     duplicate: () -> OperationError? = { nil }) throws(OperationError) -> T {
        do {
            return try connection.operation(what, body)
        } catch {
            if case .site(let text) = error, text.contains("SQLSTATE 23505"), let duplicate = duplicate() { throw duplicate }
            throw error
        }
    }
}
