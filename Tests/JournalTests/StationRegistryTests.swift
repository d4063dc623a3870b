import GRDB
@testable import Journal
import StationEngine
import Testing
import TestSupport

/// The `stations`, `station_products` and `station_live` tables.
@Suite("StationRegistry")
struct StationRegistryTests {
    let temp = TemporaryDirectory()

    @Test func aRegisteredStationReadsBackIdleUntilItWritesItsLiveState() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.registerStation(id: "fietslamp-1", name: "Fietslamp 1", products: ["koplamp-led", "achterlicht"], at: 1_000)
        #expect(try journal.stationsLive() == [StationLiveRecord(station: "fietslamp-1", name: "Fietslamp 1",
                                                                 products: ["koplamp-led", "achterlicht"], live: .idle, updatedAt: 1_000)])
        #expect(try journal.knows(product: "achterlicht"), "a station's product is known before its first cycle")
        let blocked = StationLiveState(state: .blocked, worker: "W1", product: "koplamp-led", step: "pick",
                                       openError: .init(kind: "wrong_input", input: "bin-2"))
        try journal.writeLiveState(blocked, station: "fietslamp-1", at: 2_000)
        #expect(try journal.stationsLive().map(\.live) == [blocked])
        #expect(try journal.stationsLive().map(\.updatedAt) == [2_000])
    }

    @Test func registeringAgainReplacesNameAndProductsAndKeepsTheLiveState() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.registerStation(id: "s", name: "old", products: ["a", "b"], at: 1)
        let working = StationLiveState(state: .working, worker: "W1", product: "a", step: "one")
        try journal.writeLiveState(working, station: "s", at: 2)
        try journal.registerStation(id: "s", name: "new", products: ["c"], at: 3)
        try journal.registerStation(id: "r", name: "other", products: [], at: 4)
        let rows = try journal.stationsLive()
        #expect(rows.map(\.station) == ["r", "s"], "by station id")
        #expect(rows.last == StationLiveRecord(station: "s", name: "new", products: ["c"], live: working, updatedAt: 2))
    }

    @Test func theLiveStateGoesInTheSameTransactionAsTheCyclesAndAFailedOneIsARejectedRow() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        let idle = StationLiveState(state: .idle, worker: "W1")
        // Not registered: the live row is refused, the login is stored all the same.
        let rejected = try journal.recordKeepingGoodRows([.login(worker: "W1", at: 5)], station: "ghost", live: (idle, 5))
        #expect(rejected?.count == 1)
        #expect(rejected?.first?.hasPrefix("live state of station ") == true, "\(rejected ?? [])")
        #expect(rejected?.first?.contains("ghost") == true, "\(rejected ?? [])")
        #expect(try journal.knows(worker: "W1"))
        try journal.registerStation(id: "ghost", name: "Ghost", products: [], at: 6)
        #expect(try journal.recordKeepingGoodRows([.logout(worker: "W1", at: 7)], station: "ghost", live: (.idle, 7)) == nil)
        #expect(try journal.stationsLive().first?.updatedAt == 7)
    }

    @Test func aLiveStateAloneIsCommittedWithoutFsyncAndTheJournalStaysFullySynchronous() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.registerStation(id: "s", name: "n", products: [], at: 1)
        try journal.writeLiveState(StationLiveState(state: .idle, worker: "W1"), station: "s", at: 2)
        #expect(try journal.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2, "FULL again after it")
        #expect(try Journal(path: temp.path + "/j.db").stationsLive().first?.live.worker == "W1", "committed, seen by another connection")
    }

    @Test func hostileIdsAndNamesAreStoredAndReadBackExactly() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        let id = "st'\"; DROP TABLE stations; --"
        let name = "Werkplek \"Zoë\" ' 🚲 \u{202E}עברית <script>alert(1)</script>"
        let products = ["p'1", "p\"2", "ŝ", "💡"]
        try journal.registerStation(id: id, name: name, products: products, at: 1)
        let live = StationLiveState(state: .blocked, worker: "W'\"1 ü", product: "p\"2", step: "stap \"één\"",
                                    openError: .init(kind: "no_match", input: "scan'ner\\"))
        try journal.writeLiveState(live, station: id, at: 2)
        #expect(try journal.stationsLive() == [StationLiveRecord(station: id, name: name, products: products, live: live, updatedAt: 2)])
    }

    @Test func textWithANulIsRefusedNotCut() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        #expect(throws: JournalError.self) { try journal.registerStation(id: "s\0x", name: "n", products: [], at: 1) }
        #expect(throws: JournalError.self) { try journal.registerStation(id: "s", name: "n", products: ["a\0"], at: 1) }
        try journal.registerStation(id: "s", name: "n", products: [], at: 1)
        #expect(throws: JournalError.self) {
            try journal.writeLiveState(StationLiveState(state: .idle, worker: "W\0"), station: "s", at: 2)
        }
        #expect(try journal.stationsLive().map(\.station) == ["s"])
    }

    @Test func purgeForgetsAPurgedWorkerInTheLiveState() throws {
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.registerStation(id: "s", name: "n", products: [], at: 1)
        try journal.record([.login(worker: "W9", at: 10), .logout(worker: "W9", at: 20)], station: "s",
                           live: (StationLiveState(state: .idle, worker: "W9"), 20))
        _ = try journal.purge(before: 1_000)
        #expect(try journal.stationsLive().map(\.live) == [.idle])
    }
}
