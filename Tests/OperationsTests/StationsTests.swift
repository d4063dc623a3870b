import Journal
import Operations
import StationEngine
import Testing
import TestSupport

/// The stations' live state in the shape of `GET /api/stations`.
@Suite("Stations")
struct StationsTests {
    @Test func rowsCarryTheContractsFieldsWithNullsForWhatIsAbsent() throws {
        let fixture = try OperationsFixture()
        try fixture.journal.registerStation(id: "b-2", name: "Inpak 2", products: ["doos"], at: 1_772_438_400_000_000)
        try fixture.journal.registerStation(id: "a-1", name: #"Werk"plek" é"#, products: ["lamp"], at: 1)
        try fixture.journal.writeLiveState(StationLiveState(state: .blocked, worker: "W1", product: "lamp", step: "pick",
                                                            openError: .init(kind: "device", input: "left,right")),
                                           station: "a-1", at: 1_772_438_403_500_000)
        let rows = try Stations.live(journal: fixture.journal)
        #expect(rows.map(\.station) == ["a-1", "b-2"])
        #expect(Stations.json(rows) == """
            [
            {"station": "a-1", "name": "Werk\\"plek\\" é", "worker": "W1", "product": "lamp", "step": "pick", "state": "blocked", \
            "open_error": {"kind": "device", "input": "left,right"}, "updated_at": "2026-03-02T08:00:03.500Z"},
            {"station": "b-2", "name": "Inpak 2", "worker": null, "product": null, "step": null, "state": "idle", \
            "open_error": null, "updated_at": "2026-03-02T08:00:00.000Z"}
            ]
            """)
        #expect(Stations.json([]) == "[]")
    }
}
