import Journal
import Operations
import Testing

@Suite("DisplayNames")
struct DisplayNamesTests {
    @Test func setListAndRemoveAreAuditedWithoutTheName() throws {
        let fixture = try OperationsFixture()
        let admin = Actor.console(account: "root.admin")
        #expect(try fixture.names().apply(try NameChange(worker: "W1", name: "Jan Jansen"), by: admin))
        #expect(try fixture.names().list(by: admin) == ["W1": "Jan Jansen"])
        #expect(try fixture.names().apply(try NameChange(worker: "W1", name: nil), by: admin))
        #expect(try fixture.names().list(by: admin).isEmpty)
        let rows = try fixture.auditRows()
        #expect(rows.map(\.details) == ["set worker=W1", "list", "remove worker=W1", "list"])
        #expect(rows.allSatisfy { $0.by == "root.admin" && $0.action == "names" && !$0.details.contains("Jan") })
    }

    @Test func removingWhereNoNameIsKeptWritesNothing() throws {
        let fixture = try OperationsFixture()
        #expect(try !fixture.names().apply(try NameChange(worker: "W9", name: nil), by: .localUser("jan")))
        #expect(try fixture.auditRows().isEmpty)
    }

    @Test func refusedChangesWriteNoAuditRow() throws {
        let fixture = try OperationsFixture()
        #expect(throws: OperationError.unknownWorker("W404", journal: fixture.journal.path)) {
            try fixture.names().apply(try NameChange(worker: "W404", name: "Ann"), by: .localUser("jan"))
        }
        for name in ["", "  ", "two\nlines", String(repeating: "n", count: 101)] {
            #expect(throws: OperationError.invalidName, "\(name)") { try NameChange(worker: "W1", name: name) }
        }
        #expect(try fixture.auditRows().isEmpty && fixture.journal.names().isEmpty)
    }
}
