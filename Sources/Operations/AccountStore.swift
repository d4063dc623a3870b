import Journal

/// A console account as the operations hand it out: never its password hash.
public struct Account: Sendable, Equatable {
    public let name: AccountName
    public let role: Role
    /// µs since the epoch.
    public let created: Int64
    public let updated: Int64

    public init(name: AccountName, role: Role, created: Int64, updated: Int64) {
        self.name = name
        self.role = role
        self.created = created
        self.updated = updated
    }
}

/// Where console accounts are kept: the station's journal today, a site's
/// PostgreSQL database later. Each change is stored together with its audit
/// row, or neither is. Names and hashes come checked (`Accounts`).
public protocol AccountStore: Sendable {
    /// The store's name in messages (a journal's path).
    var location: String { get }
    /// `.duplicateAccount` when the name is taken.
    func add(_ account: Account, passwordHash: String, audit: Journal.AuditEntry) throws(OperationError)
    /// `.unknownAccount` when there is no such account.
    func setPasswordHash(of name: AccountName, to hash: String, at time: Int64, audit: Journal.AuditEntry) throws(OperationError)
    /// `.unknownAccount` when there is no such account.
    func remove(_ name: AccountName, audit: Journal.AuditEntry) throws(OperationError)
    /// Every account, by name.
    func accounts() throws(OperationError) -> [Account]
    /// An account and its hash, for a login; nil when there is none.
    func credentials(of name: AccountName) throws(OperationError) -> (account: Account, passwordHash: String)?
}

/// The station journal's accounts table (schema v5-accounts).
extension Journal: AccountStore {
    public var location: String { path }

    public func add(_ account: Account, passwordHash: String, audit: AuditEntry) throws(OperationError) {
        let stored = StoredAccount(name: account.name.text, role: account.role.rawValue, passwordHash: passwordHash,
                                   created: account.created, updated: account.updated)
        try accountAnswer { () throws(JournalError) in try addAccount(stored, audit: audit) }
    }

    public func setPasswordHash(of name: AccountName, to hash: String, at time: Int64, audit: AuditEntry) throws(OperationError) {
        try accountAnswer { () throws(JournalError) in try setAccountPasswordHash(name: name.text, passwordHash: hash, at: time, audit: audit) }
    }

    public func remove(_ name: AccountName, audit: AuditEntry) throws(OperationError) {
        try accountAnswer { () throws(JournalError) in try removeAccount(name: name.text, audit: audit) }
    }

    public func accounts() throws(OperationError) -> [Account] {
        var result: [Account] = []
        for stored in try answer({ () throws(JournalError) in try storedAccounts() }) {
            result.append(try account(from: stored))
        }
        return result
    }

    public func credentials(of name: AccountName) throws(OperationError) -> (account: Account, passwordHash: String)? {
        guard let stored = try answer({ () throws(JournalError) in try storedAccount(named: name.text) }) else { return nil }
        return (try account(from: stored), stored.passwordHash)
    }

    /// A row the table's CHECKs let in always converts; anything else is a damaged journal.
    private func account(from stored: StoredAccount) throws(OperationError) -> Account {
        guard let role = Role(rawValue: stored.role), let name = try? AccountName(stored.name) else {
            throw .unexpected(journal: path, reason: "an account row is not valid")
        }
        return Account(name: name, role: role, created: stored.created, updated: stored.updated)
    }

    /// A journal call whose duplicate or unknown account becomes the operation's error.
    private func accountAnswer(_ body: () throws(JournalError) -> Void) throws(OperationError) {
        do { try body() } catch {
            switch error {
            case let .duplicateAccount(path, name): throw .duplicateAccount(name, store: path)
            case let .unknownAccount(path, name): throw .unknownAccount(name, store: path)
            default: throw .journal(error)
            }
        }
    }
}
