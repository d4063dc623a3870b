import Display
import InputMapping
import Journal
import StationEngine
import StationModel

/// Runs an event script through the real engine as fast as it can, with the
/// script's times as the clock. Each engine event is recorded in the journal
/// (a finished cycle durably, in one transaction) before its trace line is
/// written, so every `cycle_done` in a trace is in the journal.
public struct Simulation {
    public let station: Station
    public let journal: Journal
    /// Absolute time (µs since the epoch) of script time 0.
    public let origin: Int64
    /// Receives the display model after each batch of events (`--frames`).
    public let frames: (any FrameOutput)?

    public init(station: Station, journal: Journal, origin: Int64, frames: (any FrameOutput)? = nil) {
        self.station = station
        self.journal = journal
        self.origin = origin
        self.frames = frames
    }

    public struct Summary: Sendable, Equatable {
        public var events = 0
        public var cyclesDone = 0
        public var cyclesAbandoned = 0
    }

    /// The engine's view of the journal's past.
    public static func history(from journal: Journal) -> EngineHistory {
        EngineHistory(
            lastCycleNumber: { worker, product in (try? journal.lastCycleNumber(worker: worker, product: product)) ?? 0 },
            level: { worker, product in ((try? journal.currentLevel(worker: worker, product: product)) ?? nil) ?? 1 })
    }

    /// Runs `script`; `emit` receives each engine event after it is journalled.
    ///
    /// Timers are fired one due time at a time, so that each batch of events
    /// leaves the engine in the state the display shows after the batch's
    /// last event.
    public func run(_ script: EventScript, emit: (TraceEvent) -> Void) throws -> Summary {
        var engine = StepEngine(station: station, history: Self.history(from: journal))
        var recorder = CycleRecorder(station: station, origin: origin)
        var display = DisplayTracker()
        var evdev = EvdevMapper(station: station)
        var board = BoardMapper(station: station)
        var summary = Summary()
        func process(_ events: [TraceEvent], at time: Micros) throws {
            for event in events {
                if let write = recorder.take(event) {
                    try apply(write)
                }
                if case let .levelAdvice(worker, product, _, to, reason) = event.kind, station.levels.auto {
                    try journal.setLevel(worker: worker, product: product, level: to, by: "auto", reason: reason, at: origin + event.time)
                }
                switch event.kind {
                case .cycleDone: summary.cyclesDone += 1
                case .cycleAbandoned: summary.cyclesAbandoned += 1
                default: break
                }
                summary.events += 1
                emit(event)
                display.observe(event)
            }
            if let frames, !events.isEmpty {
                try frames.show(display.model(of: engine, at: time), afterEvent: summary.events)
            }
        }
        for line in script.lines {
            while let deadline = engine.nextDeadline, deadline <= line.time {
                try process(engine.advance(to: deadline), at: deadline)
            }
            switch line.action {
            case .engine(let input):
                try process(engine.handle(input, at: line.time), at: line.time)
            case .evdev(let event):
                switch evdev.map(event) {
                case .input(let input)?: try process(engine.handle(input, at: line.time), at: line.time)
                case .dropped(let reason)?: try process([TraceEvent(time: line.time, kind: .dropped(source: .evdev, reason: reason))], at: line.time)
                case nil: break
                }
            case .board(let bytes):
                for output in board.map(transfer: bytes) {
                    switch output {
                    case .input(let input): try process(engine.handle(input, at: line.time), at: line.time)
                    case .dropped(let reason): try process([TraceEvent(time: line.time, kind: .dropped(source: .board, reason: reason))], at: line.time)
                    case .control: break
                    }
                }
            }
        }
        return summary
    }

    private func apply(_ write: CycleRecorder.Write) throws {
        switch write {
        case let .login(worker, at): try journal.recordLogin(worker: worker, station: station.id, at: at)
        case let .logout(worker, at): try journal.recordLogout(worker: worker, station: station.id, at: at)
        case let .cycle(record): try journal.record(record)
        }
    }
}
