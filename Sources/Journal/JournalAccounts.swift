import GRDB

/// The console's accounts in the journal (`oss user`). Each change and its
/// audit row are one transaction: a refused change leaves no audit row, and
/// an account never changes without one. Callers check names and roles and
/// hash the password first; the table's CHECKs are the last guard.
extension Journal {
    /// One account as stored: the password only as its hash string.
    public struct StoredAccount: Sendable, Equatable {
        public var name: String
        /// `supervisor`, `assessor` or `admin`.
        public var role: String
        public var passwordHash: String
        /// µs since the epoch.
        public var created: Int64
        public var updated: Int64

        public init(name: String, role: String, passwordHash: String, created: Int64, updated: Int64) {
            self.name = name
            self.role = role
            self.passwordHash = passwordHash
            self.created = created
            self.updated = updated
        }
    }

    /// Adds `account`; `.duplicateAccount` when its name is taken.
    public func addAccount(_ account: StoredAccount, audit: AuditEntry) throws(JournalError) {
        try check(audit)
        try write { db in
            guard try !hasAccount(account.name, db: db) else { throw JournalError.duplicateAccount(path: path, name: account.name) }
            try db.execute(sql: "INSERT INTO accounts (name, role, password_hash, created_us, updated_us) VALUES (?, ?, ?, ?, ?)",
                           arguments: [account.name, account.role, account.passwordHash, account.created, account.updated])
            try insert(audit, db: db)
        }
    }

    /// Replaces an account's password hash; `.unknownAccount` when there is none by that name.
    public func setAccountPasswordHash(name: String, passwordHash: String, at time: Int64, audit: AuditEntry) throws(JournalError) {
        try check(audit)
        try write { db in
            try db.execute(sql: "UPDATE accounts SET password_hash = ?, updated_us = ? WHERE name = ?",
                           arguments: [passwordHash, time, name])
            guard db.changesCount == 1 else { throw JournalError.unknownAccount(path: path, name: name) }
            try insert(audit, db: db)
        }
    }

    /// Removes an account; `.unknownAccount` when there is none by that name.
    public func removeAccount(name: String, audit: AuditEntry) throws(JournalError) {
        try check(audit)
        try write { db in
            try db.execute(sql: "DELETE FROM accounts WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw JournalError.unknownAccount(path: path, name: name) }
            try insert(audit, db: db)
        }
    }

    /// Every account, by name.
    public func storedAccounts() throws(JournalError) -> [StoredAccount] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, password_hash, created_us, updated_us FROM accounts ORDER BY name")
                .map(Self.account)
        }
    }

    /// The account called `name`, or nil.
    public func storedAccount(named name: String) throws(JournalError) -> StoredAccount? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT name, role, password_hash, created_us, updated_us FROM accounts WHERE name = ?",
                             arguments: [name]).map(Self.account)
        }
    }

    private static func account(_ row: Row) -> StoredAccount {
        StoredAccount(name: row[0], role: row[1], passwordHash: row[2], created: row[3], updated: row[4])
    }

    private func hasAccount(_ name: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?)", arguments: [name]) ?? false
    }
}
