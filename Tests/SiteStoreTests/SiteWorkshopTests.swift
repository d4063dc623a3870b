import Benchmarks
import Foundation
import Journal
import LinuxSystem
import Operations
import SiteStore
import StationEngine
import Testing
import TestSupport

/// `SiteWorkshop` against a real PostgreSQL: journals synced with
/// `SiteSync`, then the site console's answers checked against them.
@Suite("Site workshop", .serialized)
struct SiteWorkshopTests {
    static let origin = SiteSyncTests.origin

    /// Journals a (station s1) and b (station s2) with cycles, c registering
    /// s1 again later without cycles; all synced, a twice (so that each
    /// holds the other's level changes).
    static func site(_ temp: TemporaryDirectory, _ server: ScratchPostgres) async throws -> (Journal, Journal, SiteWorkshop) {
        let a = try SiteSyncTests.journal(temp.path + "/a.db", cycles: 30, station: "s1")
        let b = try SiteSyncTests.journal(temp.path + "/b.db", cycles: 20, station: "s2", start: 100)
        let c = try Journal(path: temp.path + "/c.db")
        try c.registerStation(id: "s1", name: "Station s1, moved", products: ["cap"], at: origin + 3_600_000_000)
        try a.setLevel(worker: "W1", product: "cap", level: 2, by: "anna", reason: "ready", at: origin + 1)
        try b.setLevel(worker: "W2", product: "lamp", level: 3, by: "piet", reason: nil, at: origin + 2)
        let database = try await SiteSyncTests.connect(server)
        for journal in [a, b, c, a] { _ = try await SiteSyncTests.sync(journal, database) }
        await database.close()
        let connection = SiteConnection(address: try SiteAddress(server.url))
        return (a, b, SiteWorkshop(connection: connection))
    }

    @Test func answersAsTheJournalsDo() async throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let (a, b, workshop) = try await Self.site(temp, server)
        defer { Thread { workshop.close() }.start() }  // close() blocks: never on a cooperative thread

        // Stations: one row per station id, the most recently updated journal's.
        let stations = try await onOwnThread { try workshop.stations() }
        #expect(stations.map(\.station) == ["s1", "s2"])
        #expect(stations.first?.name == "Station s1, moved")
        #expect(stations.last == (try Stations.live(journal: b)).first)
        #expect(try await onOwnThread { try workshop.registeredProducts() } == ["cap", "lamp"])

        // Workers: the journals' counts added up, the latest cycle of both, the site's level; never advice.
        let site = try await onOwnThread { try workshop.workers() }
        var expected: [String: (cycles: Int, last: String?)] = [:]
        for row in try Workers.overview(journal: a) + Workers.overview(journal: b) {
            for product in row.products {
                let key = row.worker + "/" + product.product
                let before = expected[key]
                let last = [before?.last, product.lastCycleAt].compactMap { $0 }.max()
                expected[key] = ((before?.cycles ?? 0) + product.cycles, last)
            }
        }
        var seen = 0
        for row in site {
            for product in row.products {
                let key = row.worker + "/" + product.product
                #expect(product.cycles == expected[key]?.cycles && product.lastCycleAt == expected[key]?.last, "\(key)")
                #expect(product.advice == nil && product.adviceReason == nil)
                seen += 1
            }
        }
        #expect(seen == expected.count && site.map(\.worker) == site.map(\.worker).sorted())
        let levelOf = { (worker: String, product: String) in
            site.first { $0.worker == worker }?.products.first { $0.product == product }?.level
        }
        #expect(levelOf("W1", "cap") == 2 && levelOf("W2", "lamp") == 3 && levelOf("W3", "cap") == 1)

        // Levels: newest first; a change made here is in force and first in the history.
        #expect(try await onOwnThread { try workshop.levelHistory(worker: nil, product: nil) }.map(\.level) == [3, 2])
        let request = try LevelRequest(worker: "W3", product: "lamp", level: 2, reason: "site")
        try await onOwnThread { try workshop.setLevel(request, by: .console(account: "anna.admin")) }
        let history = try await onOwnThread { try workshop.levelHistory(worker: nil, product: nil) }
        #expect(history.first?.worker == "W3" && history.first?.by == "anna.admin" && history.count == 3)
        #expect(try await onOwnThread { try workshop.workers() }.first { $0.worker == "W3" }?.products
            .first { $0.product == "lamp" }?.level == 2)
        let unknown = try LevelRequest(worker: "W3", product: "kite", level: 2)
        await #expect(throws: OperationError.self) { try await onOwnThread { try workshop.setLevel(unknown, by: .console(account: "anna")) } }
    }

    @Test func exportsAsTheStationsWouldAndAuditsCentrally() async throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let (a, b, workshop) = try await Self.site(temp, server)
        defer { Thread { workshop.close() }.start() }  // close() blocks: never on a cooperative thread
        let request = try ExportRequest(table: .cycles, format: .csv, destination: "download")
        let bytes = try await onOwnThread { try workshop.export(request, by: .console(account: "ada")) }
        var expected: [UInt8] = []
        try Exports.write(request, from: StationsExport(sections: [.init(station: "s1", journal: a), .init(station: "s2", journal: b)])) {
            expected += $0
        }
        #expect(bytes == expected && bytes.count > 1000)
        let audit = try await onOwnThread { try workshop.audit() }
        #expect(audit.first?.action == "export" && audit.first?.by == "ada")
        #expect(audit.map(\.at) == audit.map(\.at).sorted(by: >), "newest first")

        let named = try ExportRequest(table: .cycles, format: .csv, withNames: true, destination: "download")
        await #expect(throws: OperationError.self) { try await onOwnThread { try workshop.export(named, by: .console(account: "ada")) } }
        #expect(try server.psql("SELECT count(*) FROM audit WHERE journal IS NULL") == "1", "a refused export is not audited")
    }

    @Test func refusesWhatTheSiteDoesNotKeep() async throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let (_, _, workshop) = try await Self.site(temp, server)
        defer { Thread { workshop.close() }.start() }  // close() blocks: never on a cooperative thread
        let admin = Actor.console(account: "anna.admin")
        for call in [{ _ = try workshop.purge(olderThanDays: 30, by: admin) },
                     { _ = try workshop.applyName(try NameChange(worker: "W1", name: "Wim"), by: admin) },
                     { _ = try workshop.report(try ReportRequest(worker: "W1", destination: "download"), by: admin) }] as [@Sendable () throws -> Void] {
            let error = await #expect(throws: OperationError.self) { try await onOwnThread(call) }
            guard case .notAtSite(let text)? = error else {
                Issue.record("\(String(describing: error))")
                continue
            }
            #expect(!text.isEmpty)
        }
        #expect(try await onOwnThread { try workshop.displayNames(by: admin) }.isEmpty, "the accounts page lists no names")
    }
}
