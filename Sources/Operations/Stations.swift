import JSONLines
import Journal
import StationEngine

/// The stations' live state as the console's `GET /api/stations` and
/// `oss stations` give it. Reading it writes nothing and needs no audit:
/// it is what anyone at the workshop floor can see on the tables.
public enum Stations {
    /// One station in the contract's shape: absent fields are nil (JSON `null`).
    public struct Row: Sendable, Equatable {
        public var station: String
        public var name: String
        public var worker: String?
        public var product: String?
        public var step: String?
        /// `idle`, `working` or `blocked`.
        public var state: String
        public var openError: StationLiveState.OpenError?
        /// ISO 8601 UTC with milliseconds, as every API and export time.
        public var updatedAt: String

        public init(_ record: StationLiveRecord) {
            station = record.station
            name = record.name
            worker = record.live.worker
            product = record.live.product
            step = record.live.step
            state = record.live.state.rawValue
            openError = record.live.openError
            updatedAt = UTCTime.format(record.updatedAt)
        }

        /// `{"station": ..., "name": ..., "worker": ..., "product": ..., "step": ..., "state": ...,
        /// "open_error": {"kind": ..., "input": ...} or null, "updated_at": ...}`.
        public var json: String {
            var object = JSONLineBuilder()
            object.add("station", string: station)
            object.add("name", string: name)
            for (key, value) in [("worker", worker), ("product", product), ("step", step)] {
                if let value { object.add(key, string: value) } else { object.addNull(key) }
            }
            object.add("state", string: state)
            if let openError {
                var error = JSONLineBuilder()
                error.add("kind", string: openError.kind)
                error.add("input", string: openError.input)
                object.add("open_error", object: error)
            } else {
                object.addNull("open_error")
            }
            object.add("updated_at", string: updatedAt)
            return object.line
        }
    }

    /// Every station registered in the journal, by station id.
    public static func live(journal: Journal) throws(OperationError) -> [Row] {
        try journal.answer { () throws(JournalError) in try journal.stationsLive() }.map(Row.init)
    }

    /// The rows as one JSON array, one station per line.
    public static func json(_ rows: [Row]) -> String {
        rows.isEmpty ? "[]" : "[\n" + rows.map(\.json).joined(separator: ",\n") + "\n]"
    }
}
