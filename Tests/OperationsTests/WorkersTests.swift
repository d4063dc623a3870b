import Foundation
@testable import Journal
import JSONLines
import Operations
import StationEngine
import Testing

/// The workers overview in the shape of `GET /api/workers` (plus `advice_reason`).
@Suite("Workers")
struct WorkersTests {
    /// 2026-03-04T20:00:27Z: the end of W1's last fixture cycle.
    static let lastOfW1: Int64 = 1_772_438_400_000_000 + 5 * 43_200_000_000 + 27_000_000

    private func advise(_ fixture: OperationsFixture, _ worker: String, from: Int = 1, to: Int, at: Int64,
                        reason: String = "5 clean cycles") throws {
        try fixture.journal.record([.advice(worker: worker, product: "lamp", from: from, to: to, reason: reason, at: at,
                                            applied: false)], station: "s")
    }

    @Test func theJSONHasTheContractsShapeExactly() throws {
        let fixture = try OperationsFixture()
        try advise(fixture, "W1", to: 2, at: Self.lastOfW1)
        try fixture.levels().set(try LevelRequest(worker: "W5", product: "lamp", level: 3), by: .localUser("jan"))
        let rows = try Workers.overview(journal: fixture.journal)
        #expect(Workers.json(rows) == """
            [
            {"worker": "=W1", "products": [{"product": "lamp", "level": 1, "cycles": 1, \
            "last_cycle_at": "2026-03-03T20:00:21.000Z", "advice": null, "advice_reason": null}]},
            {"worker": "W1", "products": [{"product": "lamp", "level": 1, "cycles": 3, \
            "last_cycle_at": "2026-03-04T20:00:27.000Z", "advice": 2, "advice_reason": "5 clean cycles"}]},
            {"worker": "W5", "products": [{"product": "lamp", "level": 3, "cycles": 0, \
            "last_cycle_at": null, "advice": null, "advice_reason": null}]},
            {"worker": "W9", "products": [{"product": "lamp", "level": 1, "cycles": 1, \
            "last_cycle_at": "2026-03-02T20:00:15.000Z", "advice": null, "advice_reason": null}]}
            ]
            """)
        #expect(Workers.json([]) == "[]")
    }

    @Test func theLevelIsOneUntilSetAndAbandonedCyclesDoNotCount() throws {
        let fixture = try OperationsFixture()
        let before = try Workers.overview(journal: fixture.journal)
        #expect(before.map { "\($0.worker) \($0.products.map { "\($0.level) \($0.cycles)" })" }
                == [#"=W1 ["1 1"]"#, #"W1 ["1 3"]"#, #"W9 ["1 1"]"#], "W9's abandoned cycle is not counted")
        try fixture.levels().set(try LevelRequest(worker: "W9", product: "lamp", level: 2), by: .localUser("jan"))
        fixture.clock.advance(by: 1)
        try fixture.levels().set(try LevelRequest(worker: "W9", product: "cap", level: 3), by: .localUser("jan"),
                                 alsoKnown: ["cap"])
        let after = try Workers.overview(journal: fixture.journal).last
        #expect(after?.worker == "W9" && after?.products.map { "\($0.product) \($0.level) \($0.cycles)" } == ["cap 3 0", "lamp 2 1"])
        #expect(try fixture.auditRows().isEmpty, "reading the overview writes no audit row")
    }

    @Test func adviceIsHiddenOnceALevelChangeFollowsIt() throws {
        let fixture = try OperationsFixture()
        let now = fixture.clock.wallMicros()
        try advise(fixture, "W1", to: 2, at: now - 1)
        #expect(try Workers.overview(journal: fixture.journal)[1].products[0].advice == 2)
        // The supervisor keeps level 1: the advice was seen and decided on.
        try fixture.levels().set(try LevelRequest(worker: "W1", product: "lamp", level: 1), by: .localUser("jan"))
        let product = try Workers.overview(journal: fixture.journal)[1].products[0]
        #expect(product.level == 1 && product.advice == nil && product.adviceReason == nil)
        // Newer advice stands again.
        try advise(fixture, "W1", to: 2, at: now + 1, reason: "again")
        #expect(try Workers.overview(journal: fixture.journal)[1].products[0].adviceReason == "again")
    }

    @Test(arguments: [
        // (advice from → to at 100, level in force, its time, shown)
        (1, 2, 1, nil, true), (1, 2, 1, 99, true), (1, 2, 1, 100, true), (1, 2, 1, 101, false),
        (1, 2, 2, 50, false), (2, 1, 3, 50, false), (3, 2, 3, 50, true),
    ] as [(Int, Int, Int, Int64?, Bool)])
    func adviceStandsOnlyAgainstTheLevelItWasWorkedOutAt(from: Int, to: Int, level: Int, setAt: Int64?, shown: Bool) {
        let advice = StoredAdvice(from: from, level: to, reason: "r", at: 100)
        #expect((Workers.standing(advice, level: level, levelSetAt: setAt) != nil) == shown)
        #expect(Workers.standing(nil, level: level, levelSetAt: setAt) == nil)
    }

    /// The console's benchmark asks `GET /api/workers` for p99 ≤ 50 ms on a
    /// journal of 100k cycles (1M step rows; steps do not enter the
    /// overview). The overview reads `cycle_totals`, one row per worker and
    /// product, so it takes about a millisecond; without it, counting the
    /// cycles took 250 ms (25 ms with a covering index).
    @Test func theOverviewOfAHundredThousandCyclesTakesMilliseconds() throws {
        let fixture = try OperationsFixture()
        try fixture.journal.queue.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 39)
                INSERT INTO workers (id, first_seen_us) SELECT 'B' || i, 0 FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO cycles (worker, product, number, station, status, level, started_us, ended_us, duration_us,
                                    errors, help, norm_time_us)
                SELECT 'B' || (i % 40), 'p' || (i % 3), i, 's', CASE WHEN i % 20 = 0 THEN 'abandoned' ELSE 'done' END, 1,
                       i * 60000000, i * 60000000 + 50000000, 50000000, 0, 0, 45000000 FROM n
                """)
        }
        var seconds: [Double] = []
        var rows: [Workers.Row] = []
        for _ in 0..<9 {
            let start = Date()
            rows = try Workers.overview(journal: fixture.journal)
            _ = Workers.json(rows)
            seconds.append(Date().timeIntervalSince(start))
        }
        let median = seconds.sorted()[seconds.count / 2]
        #expect(median < 0.05, "median \(median * 1000) ms")
        #expect(rows.count == 43 && rows.reduce(0) { $0 + $1.products.count } == 123)
        #expect(rows.flatMap(\.products).reduce(0) { $0 + $1.cycles } == 95_000 + 5, "finished cycles only")
    }

    @Test func hostileWorkerIdsAreEscapedAndReadBackAsStored() throws {
        let fixture = try OperationsFixture()
        let hostile = [#"W"1\"#, "<script>alert('x')</script>", "W&amp;\u{1B}[2J\n"]
        for (index, worker) in hostile.enumerated() {
            try fixture.journal.record(CycleRecord(
                station: "s", worker: worker, product: "<b>lamp</b>", number: 1, level: 1, status: .done,
                startedAt: Int64(index), endedAt: Int64(index) + 1, duration: 1, errors: 0, help: 0, normTime: 1))
        }
        try advise(fixture, "<script>alert('x')</script>", to: 2, at: 5, reason: "</script><img src=x onerror=alert(1)>")
        let json = Workers.json(try Workers.overview(journal: fixture.journal))
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&") && !json.contains("\u{1B}"))
        #expect(json.contains(#"\u003cscript\u003ealert('x')\u003c/script\u003e"#) && json.contains(#""W\"1\\""#))
        guard case let .array(workers) = try JSONParser.parse(json) else {
            Issue.record("not a JSON array: \(json)")
            return
        }
        let parsed = workers.compactMap { worker -> String? in
            guard case let .object(object) = worker, case let .string(id)? = object["worker"] else { return nil }
            return id
        }
        #expect(Set(parsed) == Set(hostile + ["=W1", "W1", "W9"]))
    }
}
