import Journal
import LinuxSystem
import PasswordHashing

/// The console's accounts (`oss user`, the console's accounts page):
/// added with a role, given a new password, removed, listed, and checked at
/// a login. There is no account until one is added. Each change writes an
/// audit row (action `account`) in the same transaction, naming the actor
/// and the account, never a password or a hash. Listing writes none: it
/// shows staff names and roles, no worker's data.
public struct Accounts: Sendable {
    /// The bcrypt cost of every hash made here (about a quarter of a second each).
    public static let hashCost = 12
    /// The lowest cost the contract allows; `hashCost` never goes below it.
    public static let minimumHashCost = 10

    let store: any AccountStore
    let clock: any StationClock
    let hashCost: Int

    public init(store: any AccountStore, clock: any StationClock = SystemClock.shared) {
        self.init(store: store, clock: clock, hashCost: Self.hashCost)
    }

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.init(store: journal, clock: clock)
    }

    /// Tests only (`@testable`): a lower cost keeps them fast. The command
    /// line and the console always use `hashCost`.
    init(store: any AccountStore, clock: any StationClock, hashCost: Int) {
        self.store = store
        self.clock = clock
        self.hashCost = hashCost
    }

    /// Adds an account; `.duplicateAccount` when the name is taken.
    public func add(_ name: AccountName, role: Role, password: Password, by actor: Actor) throws(OperationError) {
        let hash = try self.hash(password)
        let now = clock.wallMicros()
        let audit = AuditRow(action: "account", details: ["add", "name=\(name)", "role=\(role.rawValue)"]).entry(by: actor, at: now)
        try store.add(Account(name: name, role: role, created: now, updated: now), passwordHash: hash, audit: audit)
    }

    /// Gives an account a new password; `.unknownAccount` when there is none.
    public func changePassword(of name: AccountName, to password: Password, by actor: Actor) throws(OperationError) {
        let hash = try self.hash(password)
        let now = clock.wallMicros()
        let audit = AuditRow(action: "account", details: ["passwd", "name=\(name)"]).entry(by: actor, at: now)
        try store.setPasswordHash(of: name, to: hash, at: now, audit: audit)
    }

    /// Removes an account; `.unknownAccount` when there is none.
    public func remove(_ name: AccountName, by actor: Actor) throws(OperationError) {
        let audit = AuditRow(action: "account", details: ["remove", "name=\(name)"]).entry(by: actor, at: clock.wallMicros())
        try store.remove(name, audit: audit)
    }

    /// Every account, by name: names and roles, never hashes.
    public func list() throws(OperationError) -> [Account] {
        try store.accounts()
    }

    /// The account when `password` is its password, else nil (for the
    /// console's login). An unknown or malformed name costs a bcrypt check
    /// too, so that the time taken does not tell whether a name exists.
    public func authenticate(name: String, password: String) throws(OperationError) -> Account? {
        guard let name = try? AccountName(name), let (account, hash) = try store.credentials(of: name) else {
            _ = BcryptHash.verify(password, against: Self.unknownNameHash)
            return nil
        }
        return BcryptHash.verify(password, against: hash) ? account : nil
    }

    /// The account named `name` as it is now, or nil: the console checks
    /// each session against it, so a removed account or a changed role
    /// counts from the next request.
    public func account(named name: String) throws(OperationError) -> Account? {
        guard let name = try? AccountName(name) else { return nil }
        return try store.credentials(of: name)?.account
    }

    private func hash(_ password: Password) throws(OperationError) -> String {
        // Password has refused what BcryptHash would; a cost outside 4–31 is a test's mistake.
        guard let hash = BcryptHash.make(password.text, cost: hashCost) else {
            throw .unexpected(journal: store.location, reason: "bcrypt cost \(hashCost) is not 4 to 31")
        }
        return hash
    }

    /// A hash no password is checked against in earnest, made once at `hashCost`.
    private static let unknownNameHash = BcryptHash.make("no account has this password", cost: hashCost) ?? ""
}
