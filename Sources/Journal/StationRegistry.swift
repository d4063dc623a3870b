import GRDB
import StationEngine

/// A station as the journal knows it: what it registered at its start and
/// its latest live state (idle, as of its registration, before the first).
public struct StationLiveRecord: Sendable, Equatable {
    /// The `station:` id of its station.yaml.
    public var station: String
    public var name: String
    /// Its products' ids, in the station's order.
    public var products: [String]
    public var live: StationLiveState
    /// µs since the epoch: when `live` was written (or the station registered).
    public var updatedAt: Int64

    public init(station: String, name: String, products: [String], live: StationLiveState, updatedAt: Int64) {
        self.station = station
        self.name = name
        self.products = products
        self.live = live
        self.updatedAt = updatedAt
    }
}

/// The `stations`, `station_products` and `station_live` tables: which
/// stations write to this journal and what each is doing now, for the
/// console (`GET /api/stations`) and `oss stations`.
extension Journal {
    /// Records a station's id, name and products (replacing what an earlier
    /// start recorded); its live state, if any, is kept.
    public func registerStation(id: String, name: String, products: [String], at time: Int64) throws(JournalError) {
        try check(id, "station id")
        try check(name, "station name")
        for product in products { try check(product, "product id") }
        try write { db in
            try db.execute(sql: """
                INSERT INTO stations (id, name, registered_us) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, registered_us = excluded.registered_us
                """, arguments: [id, name, time])
            try db.execute(sql: "DELETE FROM station_products WHERE station = ?", arguments: [id])
            for (index, product) in products.enumerated() {
                try db.execute(sql: "INSERT OR IGNORE INTO station_products (station, product, idx) VALUES (?, ?, ?)",
                               arguments: [id, product, index + 1])
            }
        }
    }

    /// Stores a registered station's live state in its own transaction.
    public func writeLiveState(_ live: StationLiveState, station: String, at time: Int64) throws(JournalError) {
        try record([], station: station, live: (live, time))
    }

    /// Upserts the live row; the station must be registered.
    func storeLiveState(_ live: StationLiveState, station: String, at time: Int64, db: Database) throws {
        try check(station, "station id")
        try check(live.worker, "worker id")
        try check(live.product, "product id")
        try check(live.step, "step id")
        try check(live.openError?.kind, "error kind")
        try check(live.openError?.input, "input id")
        try db.execute(sql: """
            INSERT INTO station_live (station, worker, product, step, state, error_kind, error_input, updated_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (station) DO UPDATE SET worker = excluded.worker, product = excluded.product, step = excluded.step,
                state = excluded.state, error_kind = excluded.error_kind, error_input = excluded.error_input,
                updated_us = excluded.updated_us
            """, arguments: [station, live.worker, live.product, live.step, live.state.rawValue,
                             live.openError?.kind, live.openError?.input, time])
    }

    /// Every registered station with its live state, by station id.
    public func stationsLive() throws(JournalError) -> [StationLiveRecord] {
        try read { db in
            var products: [String: [String]] = [:]
            let productRows = try Row.fetchCursor(db, sql: "SELECT station, product FROM station_products ORDER BY station, idx")
            while let row = try productRows.next() { products[row[0], default: []].append(row[1]) }
            return try Row.fetchAll(db, sql: """
                SELECT s.id, s.name, s.registered_us, l.worker, l.product, l.step, l.state, l.error_kind, l.error_input, l.updated_us
                FROM stations s LEFT JOIN station_live l ON l.station = s.id ORDER BY s.id
                """).map { row in
                var live = StationLiveState.idle
                if let text: String = row[6], let state = StationLiveState.State(rawValue: text) {
                    let kind: String? = row[7]
                    live = StationLiveState(state: state, worker: row[3], product: row[4], step: row[5],
                                            openError: kind.map { .init(kind: $0, input: row[8] ?? "") })
                }
                let station: String = row[0]
                let updated: Int64? = row[9]
                return StationLiveRecord(station: station, name: row[1], products: products[station] ?? [], live: live,
                                         updatedAt: updated ?? row[2])
            }
        }
    }
}
