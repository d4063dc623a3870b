import Foundation
@testable import Journal
import Testing
import TestSupport

/// The journal's accounts table (`Journal+Accounts`): typed errors, the
/// audit row in the change's transaction, CHECKs as the last guard.
@Suite("JournalAccounts")
struct JournalAccountsTests {
    let temp = TemporaryDirectory()
    let hash = "$2b$10$" + String(repeating: "A", count: 53)

    func audit(_ details: String) -> Journal.AuditEntry { .init(at: 5, action: "account", details: details, by: "root") }
    func account(_ name: String, role: String = "admin") -> Journal.StoredAccount {
        .init(name: name, role: role, passwordHash: hash, created: 5, updated: 5)
    }

    @Test func aNewJournalHasNoAccount() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(try journal.storedAccounts().isEmpty)
        #expect(try journal.storedAccount(named: "admin") == nil)
    }

    @Test func addChangeAndRemoveEachWriteTheirAuditRow() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.addAccount(account("anna"), audit: audit("add name=anna role=admin"))
        try journal.setAccountPasswordHash(name: "anna", passwordHash: "$2b$10$" + String(repeating: "B", count: 53), at: 9,
                                           audit: audit("passwd name=anna"))
        let changed = try #require(try journal.storedAccount(named: "anna"))
        #expect(changed.created == 5 && changed.updated == 9 && changed.passwordHash.hasSuffix("B"))
        try journal.removeAccount(name: "anna", audit: audit("remove name=anna"))
        #expect(try journal.storedAccounts().isEmpty)
        #expect(try journal.auditLog().map(\.details) == ["add name=anna role=admin", "passwd name=anna", "remove name=anna"])
    }

    @Test func duplicateAndUnknownNamesAreTypedErrorsThatWriteNothing() throws {
        let path = temp.path + "/j.db"
        let journal = try Journal(path: path)
        try journal.addAccount(account("anna"), audit: audit("add"))
        #expect(throws: JournalError.duplicateAccount(path: path, name: "anna")) {
            try journal.addAccount(account("anna", role: "supervisor"), audit: audit("add again"))
        }
        #expect(throws: JournalError.unknownAccount(path: path, name: "ghost")) {
            try journal.setAccountPasswordHash(name: "ghost", passwordHash: hash, at: 6, audit: audit("passwd"))
        }
        #expect(throws: JournalError.unknownAccount(path: path, name: "ghost")) {
            try journal.removeAccount(name: "ghost", audit: audit("remove"))
        }
        #expect(try journal.storedAccounts().map(\.role) == ["admin"])
        #expect(try journal.auditLog().map(\.details) == ["add"])
    }

    /// What `AccountName` and `Role` refuse, the table refuses too, with no SQL in the message.
    @Test(arguments: [("Anna", "admin"), ("a", "admin"), ("anna'--", "admin"), ("anna", "root"), ("ännä", "admin"),
                      (String(repeating: "a", count: 33), "admin"), ("9anna", "admin"), ("an na", "admin"), ("", "admin")])
    func theTableRefusesBadNamesAndRoles(name: String, role: String) throws {
        let journal = try Journal(path: temp.path + "/j.db")
        do {
            try journal.addAccount(account(name, role: role), audit: audit("add"))
            Issue.record("\(name) \(role) was stored")
        } catch {
            #expect(!error.description.contains("INSERT") && !error.description.contains("CHECK"), "\(error)")
        }
        #expect(try journal.storedAccounts().isEmpty && journal.auditLog().isEmpty)
    }
}
