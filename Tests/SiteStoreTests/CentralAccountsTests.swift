import Benchmarks
import Foundation
import Journal
import LinuxSystem
@testable import Operations
import SiteStore
import Testing
import TestSupport

/// Runs blocking site work (`SiteWaiting`) on a thread of its own, as the
/// console's thread pool does: never on a cooperative thread of the test.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// `CentralAccounts` against a real PostgreSQL: the same rules as the
/// journal's accounts, each change with its audit row in the site's table.
@Suite("Central accounts", .serialized)
struct CentralAccountsTests {
    static func connection(_ server: ScratchPostgres, schema: SiteConnection.Schema = .bringUpToDate) throws -> SiteConnection {
        SiteConnection(address: try SiteAddress(server.url), schema: schema)
    }

    @Test func addChangeRemoveListAndAuthenticate() async throws {
        let server = try ScratchPostgres()
        let connection = try Self.connection(server)
        defer { Thread { connection.close() }.start() }  // close() blocks: never on a cooperative thread
        let store = CentralAccounts(connection: connection)
        let accounts = Accounts(store: store, clock: SystemClock.shared, hashCost: 4)
        let admin = Actor.localUser("root")
        let secret = try Password("correct horse battery")
        try await onOwnThread {
            try accounts.add(try AccountName("piet"), role: .supervisor, password: secret, by: admin)
            try accounts.add(try AccountName("anna.admin"), role: .admin, password: secret, by: admin)
        }
        let listed = try await onOwnThread { try accounts.list() }
        #expect(listed.map(\.name.text) == ["anna.admin", "piet"] && listed.map(\.role) == [.admin, .supervisor])
        #expect(try await onOwnThread { try accounts.authenticate(name: "piet", password: "correct horse battery") }?.role == .supervisor)
        #expect(try await onOwnThread { try accounts.authenticate(name: "piet", password: "wrong horse battery") } == nil)

        let duplicate = await #expect(throws: OperationError.self) {
            try await onOwnThread { try accounts.add(try AccountName("piet"), role: .admin, password: secret, by: admin) }
        }
        #expect(duplicate == .duplicateAccount("piet", store: store.location))
        try await onOwnThread { try accounts.changePassword(of: try AccountName("piet"), to: try Password("0123456789"), by: admin) }
        #expect(try await onOwnThread { try accounts.authenticate(name: "piet", password: "0123456789") } != nil)
        let unknown = await #expect(throws: OperationError.self) {
            try await onOwnThread { try accounts.remove(try AccountName("ghost"), by: admin) }
        }
        #expect(unknown == .unknownAccount("ghost", store: store.location))
        await #expect(throws: OperationError.unknownAccount("ghost", store: store.location)) {
            try await onOwnThread { try accounts.changePassword(of: try AccountName("ghost"), to: secret, by: admin) }
        }
        try await onOwnThread { try accounts.remove(try AccountName("piet"), by: admin) }
        #expect(try await onOwnThread { try accounts.account(named: "piet") } == nil)
        #expect(try await onOwnThread { try accounts.list() }.map(\.name.text) == ["anna.admin"])

        #expect(try server.psql("SELECT details || ' by ' || by FROM audit WHERE journal IS NULL ORDER BY id") == """
            add name=piet role=supervisor by root
            add name=anna.admin role=admin by root
            passwd name=piet by root
            remove name=piet by root
            """, "one row per change, in its transaction; none for the refusals")
        #expect(try server.psql("SELECT count(*) FROM audit WHERE details LIKE '%$2%' OR details LIKE '%horse%'") == "0")
        #expect(!store.location.contains("password"))
    }

    @Test func aSiteWithoutTablesIsRefusedInOurWords() async throws {
        let server = try ScratchPostgres()
        let connection = try Self.connection(server, schema: .requireUpToDate)
        defer { Thread { connection.close() }.start() }  // close() blocks: never on a cooperative thread
        let store = CentralAccounts(connection: connection)
        let error = await #expect(throws: OperationError.self) { try await onOwnThread { try store.accounts() } }
        guard case .site(let text)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(text.contains("run oss sync"), "\(text)")
    }
}
