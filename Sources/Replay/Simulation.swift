import Evdev
import FrameOutput
import Journal
import Pipeline
import Scripts
import StationEngine
import StationModel

/// Runs an event script through the real engine as fast as it can, with the
/// script's times as the clock. Journal writes are group-committed: up to
/// `cyclesPerCommit` ended cycles per durable transaction. Trace events wait
/// for the commit of everything before them, so every `cycle_done` in a
/// trace is in the journal, however the run ends. The station's live state
/// goes with each of these commits and the last one, never one row per
/// event; its time is the script time of the commit.
public struct Simulation {
    public let station: Station
    public let journal: Journal
    /// Absolute time (µs since the epoch) of script time 0.
    public let origin: Int64
    /// Receives the display model after each batch of events (`--frames`).
    public let frames: (any FrameOutput)?
    /// Ended cycles per journal transaction; 1 commits each cycle as `oss run` does.
    public let cyclesPerCommit: Int

    public init(station: Station, journal: Journal, origin: Int64, frames: (any FrameOutput)? = nil,
                cyclesPerCommit: Int = 64) {
        self.station = station
        self.journal = journal
        self.origin = origin
        self.frames = frames
        self.cyclesPerCommit = max(1, cyclesPerCommit)
    }

    public struct Summary: Sendable, Equatable {
        public var events = 0
        public var cyclesDone = 0
        public var cyclesAbandoned = 0
        /// Records the journal refused (each named with its reason); every
        /// other record of their batches was stored and the replay went on.
        public var rejected: [String] = []
    }

    /// Runs `script` through the station's pipeline; `emit` receives each
    /// engine event after it is journalled. Pictures that change with time
    /// alone are written up to the last line's time, not beyond: a script
    /// ends where its last line is (a recording ends with a `tick` line at
    /// the last time the live loop had something due).
    public func run(_ script: EventScript, emit: (TraceEvent) -> Void) throws -> Summary {
        let core = StationCore(station: station, history: try journal.snapshotHistory(), origin: origin,
                               describe: EvdevNames.describe)
        var summary = Summary()
        do {
            try journal.registerStation(id: station.id, name: station.name, products: station.products.map(\.id), at: origin)
        } catch {
            if error.concernsTheWholeJournal { throw error }
            summary.rejected.append("station \(station.id): \(error)")
        }
        var pendingEvents: [TraceEvent] = []
        var pendingCycles = 0
        var frameError: Error?
        core.onEvent = { event in
            switch event.kind {
            case .cycleDone: summary.cyclesDone += 1; pendingCycles += 1
            case .cycleAbandoned: summary.cyclesAbandoned += 1; pendingCycles += 1
            default: break
            }
            summary.events += 1
            pendingEvents.append(event)
        }
        if let frames {
            core.onPicture = { time, name in
                guard frameError == nil else { return }
                do { try frames.show(core.model(at: time), as: name) } catch { frameError = error }
            }
        }
        /// Commits what is pending with the live state as of now, then hands
        /// out the events that waited for it.
        func commit() throws {
            if let failures = try journal.recordKeepingGoodRows(core.takeWrites(), station: station.id,
                                                                live: (core.liveState, origin + core.now)) {
                summary.rejected += failures
            }
            pendingCycles = 0
            for event in pendingEvents { emit(event) }
            pendingEvents.removeAll(keepingCapacity: true)
        }
        try script.forEachLine { line in
            core.take(line.action, at: line.time)
            if let frameError { throw frameError }
            // Also bounded by events, so that a long stretch without an ended cycle holds no more than a few thousand.
            if pendingCycles >= cyclesPerCommit || pendingEvents.count >= 4096 { try commit() }
        }
        try commit()
        return summary
    }

}
