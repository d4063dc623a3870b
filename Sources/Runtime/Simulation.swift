import Display
import Evdev
import InputMapping
import Journal
import StationEngine
import StationModel

/// Runs an event script through the real engine as fast as it can, with the
/// script's times as the clock. Journal writes are group-committed: up to
/// `cyclesPerCommit` ended cycles per durable transaction. Trace events wait
/// for the commit of everything before them, so every `cycle_done` in a
/// trace is in the journal, however the run ends.
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

    /// The engine's view of the journal's past, read when asked (live mode:
    /// a supervisor may set a level while the station runs).
    public static func history(from journal: Journal) -> EngineHistory {
        EngineHistory(
            lastCycleNumber: { worker, product in (try? journal.lastCycleNumber(worker: worker, product: product)) ?? 0 },
            level: { worker, product in ((try? journal.currentLevel(worker: worker, product: product)) ?? nil) ?? 1 })
    }

    /// The journal's past read once: levels and cycle numbers as they are
    /// when the replay starts. The engine itself keeps track of what the
    /// replay changes, and nobody else writes to a replay's journal.
    public static func snapshotHistory(from journal: Journal) throws -> EngineHistory {
        let levels = try journal.currentLevels()
        let numbers = try journal.lastCycleNumbers()
        return EngineHistory(
            lastCycleNumber: { worker, product in numbers[JournalKey(worker: worker, product: product)] ?? 0 },
            level: { worker, product in levels[JournalKey(worker: worker, product: product)] ?? 1 })
    }

    /// Records a batch; the rows the journal refused (the others are stored),
    /// or nil when all were stored. Other failures are thrown.
    static func recordKeepingGoodRows(_ writes: [CycleRecorder.Write], station: String, in journal: Journal) throws -> [String]? {
        do {
            try journal.record(writes, station: station)
            return nil
        } catch {
            guard case .rowsRejected(_, let failures) = error else { throw error }
            return failures.map(\.description)
        }
    }

    /// Runs `script`; `emit` receives each engine event after it is journalled.
    ///
    /// Timers are fired one due time at a time, so that each batch of events
    /// leaves the engine in the state the display shows after the batch's
    /// last event.
    public func run(_ script: EventScript, emit: (TraceEvent) -> Void) throws -> Summary {
        var engine = StepEngine(station: station, history: try Self.snapshotHistory(from: journal))
        var recorder = CycleRecorder(station: station, origin: origin)
        var display = DisplayTracker()
        var evdev = EvdevMapper(station: station, describe: EvdevNames.describe)
        var board = BoardMapper(station: station)
        var summary = Summary()
        var pendingWrites: [CycleRecorder.Write] = []
        var pendingCycles = 0
        var pendingEvents: [TraceEvent] = []
        /// Commits what is pending, then hands out the events that waited for it.
        func commit() throws {
            if let failures = try Self.recordKeepingGoodRows(pendingWrites, station: station.id, in: journal) {
                summary.rejected += failures
            }
            pendingWrites.removeAll(keepingCapacity: true)
            pendingCycles = 0
            for event in pendingEvents { emit(event) }
            pendingEvents.removeAll(keepingCapacity: true)
        }
        func process(_ events: [TraceEvent], at time: Micros) throws {
            for event in events {
                if let write = recorder.take(event) {
                    pendingWrites.append(write)
                    if case .cycle = write { pendingCycles += 1 }
                }
                if case let .levelAdvice(worker, product, _, to, reason) = event.kind, station.levels.auto {
                    try commit()
                    try journal.setLevel(worker: worker, product: product, level: to, by: "auto", reason: reason, at: origin + event.time)
                }
                switch event.kind {
                case .cycleDone: summary.cyclesDone += 1
                case .cycleAbandoned: summary.cyclesAbandoned += 1
                default: break
                }
                summary.events += 1
                pendingEvents.append(event)
                display.observe(event)
            }
            // Also bounded by events, so that a long stretch without an ended cycle holds no more than a few thousand.
            if pendingCycles >= cyclesPerCommit || pendingEvents.count >= 4096 { try commit() }
            if let frames, !events.isEmpty {
                try frames.show(display.model(of: engine, at: time), afterEvent: summary.events)
            }
        }
        try script.forEachLine { line in
            while let deadline = engine.nextDeadline, deadline <= line.time {
                try process(engine.advance(to: deadline), at: deadline)
            }
            switch line.action {
            case .engine(let input):
                try process(engine.handle(input, at: line.time, from: .script), at: line.time)
            case .evdev(let event):
                switch evdev.map(event, at: line.time) {
                case .input(let input)?: try process(engine.handle(input, at: line.time, from: .evdev), at: line.time)
                case .dropped(let reason)?: try process([TraceEvent(time: line.time, kind: .dropped(source: .evdev, reason: reason))], at: line.time)
                case nil: break
                }
            case .board(let bytes):
                for output in board.map(transfer: bytes) {
                    switch output {
                    case .input(let input): try process(engine.handle(input, at: line.time, from: .board), at: line.time)
                    case .dropped(let reason): try process([TraceEvent(time: line.time, kind: .dropped(source: .board, reason: reason))], at: line.time)
                    case .control: break
                    }
                }
            }
        }
        try commit()
        return summary
    }
}
