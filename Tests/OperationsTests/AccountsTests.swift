import Foundation
import Journal
@testable import Operations
import PasswordHashing
import Testing

@Suite("Accounts")
struct AccountsTests {
    let admin = Actor.localUser("root")
    let secret = "Tulp-en-fiets-2026"

    /// Bcrypt at cost 4 through the internal initialiser: the cost the command line uses is checked in `usesCost12`.
    func accounts(_ fixture: OperationsFixture) -> Accounts {
        Accounts(store: fixture.journal, clock: fixture.clock, hashCost: 4)
    }

    @Test func aNewJournalHasNoAccount() throws {
        let fixture = try OperationsFixture()
        #expect(try accounts(fixture).list().isEmpty)
        #expect(try fixture.journal.storedAccounts().isEmpty)
        #expect(try accounts(fixture).authenticate(name: "admin", password: "") == nil)
    }

    @Test func addListPasswdAndRemoveAreAuditedByTheActor() throws {
        let fixture = try OperationsFixture()
        let anna = try AccountName("anna.admin"), piet = try AccountName("piet_s-1")
        try accounts(fixture).add(anna, role: .admin, password: try Password(secret), by: admin)
        try accounts(fixture).add(piet, role: .supervisor, password: try Password("0123456789"), by: .console(account: "anna.admin"))
        #expect(try accounts(fixture).list().map { "\($0.name) \($0.role)" } == ["anna.admin admin", "piet_s-1 supervisor"])
        #expect(try accounts(fixture).authenticate(name: "anna.admin", password: secret)?.role == .admin)

        try accounts(fixture).changePassword(of: anna, to: try Password("an0ther-passw0rd"), by: admin)
        #expect(try accounts(fixture).authenticate(name: "anna.admin", password: secret) == nil)
        #expect(try accounts(fixture).authenticate(name: "anna.admin", password: "an0ther-passw0rd")?.name == anna)

        try accounts(fixture).remove(piet, by: admin)
        #expect(try accounts(fixture).list().map(\.name) == [anna])
        #expect(try accounts(fixture).authenticate(name: "piet_s-1", password: "0123456789") == nil)

        let rows = try fixture.auditRows()
        #expect(rows.map(\.details) == ["add name=anna.admin role=admin", "add name=piet_s-1 role=supervisor",
                                        "passwd name=anna.admin", "remove name=piet_s-1"])
        #expect(rows.map(\.by) == ["root", "anna.admin", "root", "root"])
        #expect(rows.allSatisfy { $0.action == "account" && !$0.details.contains("$2b$") && !$0.details.contains("passw0rd") })
    }

    @Test func storesOnlyAStandardBcryptStringThatVerifiesTheRightPassword() throws {
        let fixture = try OperationsFixture()
        try accounts(fixture).add(try AccountName("anna"), role: .assessor, password: try Password(secret), by: admin)
        let stored = try #require(try fixture.journal.storedAccount(named: "anna"))
        #expect(stored.passwordHash.hasPrefix("$2b$") && stored.passwordHash.utf8.count == 60)
        #expect(!stored.passwordHash.contains(secret))
        #expect(BcryptHash.verify(secret, against: stored.passwordHash))
        #expect(!BcryptHash.verify(secret + "x", against: stored.passwordHash))
        #expect(try accounts(fixture).authenticate(name: "anna", password: "Tulp-en-fiets-2025") == nil)
    }

    @Test func usesCost12ThroughThePublicInitialiser() throws {
        let fixture = try OperationsFixture()
        try Accounts(journal: fixture.journal, clock: fixture.clock).add(try AccountName("anna"), role: .admin,
                                                                          password: try Password(secret), by: admin)
        let hash = try #require(try fixture.journal.storedAccount(named: "anna")).passwordHash
        let cost = try #require(BcryptHash.cost(of: hash))
        #expect(cost == Accounts.hashCost && cost >= Accounts.minimumHashCost && Accounts.minimumHashCost >= 10)
    }

    @Test func refusesADuplicateAndUnknownNamesWritingNothing() throws {
        let fixture = try OperationsFixture()
        let anna = try AccountName("anna")
        try accounts(fixture).add(anna, role: .admin, password: try Password(secret), by: admin)
        let before = try fixture.journal.storedAccount(named: "anna")
        #expect(throws: OperationError.duplicateAccount("anna", store: fixture.journal.path)) {
            try accounts(fixture).add(anna, role: .supervisor, password: try Password("something-else"), by: admin)
        }
        #expect(try fixture.journal.storedAccount(named: "anna") == before)
        let ghost = try AccountName("ghost")
        #expect(throws: OperationError.unknownAccount("ghost", store: fixture.journal.path)) {
            try accounts(fixture).changePassword(of: ghost, to: try Password(secret), by: admin)
        }
        #expect(throws: OperationError.unknownAccount("ghost", store: fixture.journal.path)) {
            try accounts(fixture).remove(ghost, by: admin)
        }
        #expect(try fixture.auditRows().count == 1)
    }

    @Test func thePasswordIsNowhereInTheJournalFile() throws {
        let fixture = try OperationsFixture()
        try accounts(fixture).add(try AccountName("anna"), role: .admin, password: try Password(secret), by: admin)
        try accounts(fixture).changePassword(of: try AccountName("anna"), to: try Password("Second-secret-9"), by: admin)
        let files = ["", "-wal", "-shm"].map { fixture.journal.path + $0 }
        let bytes = files.compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
        #expect(!bytes.isEmpty)
        for password in [secret, "Second-secret-9"] {
            #expect(bytes.range(of: Data(password.utf8)) == nil, "\(password) in the journal's files")
        }
    }
}
