@testable import Journal
import Operations
import Testing

@Suite("Levels")
struct LevelsTests {
    @Test func aSetLevelRecordsWhoWhyAndWhenInTheHistory() throws {
        let fixture = try OperationsFixture()
        let supervisor = Actor.console(account: "sam.supervisor")
        try fixture.levels().set(try LevelRequest(worker: "W1", product: "lamp", level: 2, reason: "works fast"), by: supervisor)
        fixture.clock.advance(by: 60_000_000)
        try fixture.levels().set(try LevelRequest(worker: "W1", product: "lamp", level: 3, onBehalfOf: "S001"),
                                 by: .localUser("jan"))
        let history = try fixture.levels().history(worker: "W1")
        #expect(history.map(\.level) == [2, 3], "oldest first")
        #expect(history[0].by == "sam.supervisor" && history[0].reason == "works fast")
        #expect(history[0].at == fixture.clock.wallMicros() - 60_000_000, "the time is the clock's")
        #expect(history[1].by == "jan for S001" && history[1].reason == nil)
        #expect(try fixture.journal.currentLevel(worker: "W1", product: "lamp") == 3, "the newest is in force")
        #expect(try fixture.auditRows().isEmpty, "the level history is the record; no audit row")
    }

    @Test func inForceIsTheNewestPerWorkerAndProduct() throws {
        let fixture = try OperationsFixture()
        for (worker, level) in [("W9", 2), ("W1", 2), ("W9", 3)] {
            try fixture.levels().set(try LevelRequest(worker: worker, product: "lamp", level: level), by: .localUser("jan"))
            fixture.clock.advance(by: 1)
        }
        let current = Levels.inForce(try fixture.levels().history())
        #expect(current.map { "\($0.worker) \($0.level)" } == ["W1 2", "W9 3"])
    }

    @Test func anUnknownProductIsRefusedUnlessTheStationHasIt() throws {
        let fixture = try OperationsFixture()
        let request = try LevelRequest(worker: "W1", product: "cap", level: 2)
        #expect(throws: OperationError.unknownProduct("cap", journal: fixture.journal.path)) {
            try fixture.levels().set(request, by: .localUser("jan"))
        }
        #expect(try fixture.levels().history().isEmpty && fixture.auditRows().isEmpty, "nothing written")
        try fixture.levels().set(request, by: .localUser("jan"), alsoKnown: ["lamp", "cap"])
        #expect(try fixture.levels().history(product: "cap").count == 1)
    }

    @Test func badRequestsAreRefusedBeforeTheJournal() {
        #expect(throws: OperationError.invalidLevel(4)) { try LevelRequest(worker: "W1", product: "lamp", level: 4) }
        #expect(throws: OperationError.invalidReason) {
            try LevelRequest(worker: "W1", product: "lamp", level: 2, reason: "two\nlines")
        }
        #expect(throws: OperationError.invalidReason) {
            try LevelRequest(worker: "W1", product: "lamp", level: 2, reason: String(repeating: "x", count: 501))
        }
        #expect(throws: OperationError.invalidID(.onBehalfOf, "-x", problem: "starts with '-'")) {
            try LevelRequest(worker: "W1", product: "lamp", level: 2, onBehalfOf: "-x")
        }
        #expect(throws: OperationError.self) { try LevelRequest(worker: "", product: "lamp", level: 2) }
    }
}
