import BoardProtocol
import Display
import InputMapping
import StationEngine
import StationModel

/// The station's one path from what happens at the table to the picture, the
/// lights and the journal's records, without any I/O:
///
///     StationInput ─▶ mapping / board decoding + session ─▶ StepEngine ─▶ trace events
///                                                                  ├─▶ display model ─▶ frame
///                                                                  ├─▶ lights ─▶ board frames
///                                                                  └─▶ journal writes (collected)
///
/// `oss run`, `oss simulate`, `oss demo` and `oss bench` all drive this
/// class; they differ only in where inputs and time come from and where
/// the outputs go. Every input first fires the timers due by its time
/// (engine and board session alike), each at its own due time and as its
/// own batch, so the order of events depends on the times alone, not on
/// how a loop happened to wake up. That is what makes a recorded live
/// session replay to the identical trace and frames.
public final class StationCore {
    public let station: Station
    /// Draws the picture for a framebuffer; nil when pictures go elsewhere (PNG files) or nowhere.
    public let renderer: TableRenderer?
    public private(set) var engine: StepEngine
    /// The board handshake and liveness.
    public private(set) var session: BoardSession
    /// Engine events so far (frames are named after them).
    public private(set) var eventCount = 0
    /// Input that could not be used, by source (`evdev`, `board`, `script`).
    public private(set) var dropped: [String: Int] = [:]
    /// The latest time taken; earlier times are treated as this one.
    public private(set) var now: Micros = 0

    /// Every input, with the time it is handled at, before it is handled (recording).
    public var onInput: (StationInput, Micros) -> Void = { _, _ in }
    /// Each engine event, in order.
    public var onEvent: (TraceEvent) -> Void = { _ in }
    /// After each batch of events (one input, or one due timer), and after a
    /// device went off- or online without an event: the picture to show is
    /// `model(at: time)`, named after event `max(1, eventCount)`.
    public var onBatch: (_ time: Micros) -> Void = { _ in }
    /// What the people at the station or the supervisor should know (a log line).
    public var onNotice: (String) -> Void = { _ in }
    /// A frame for the board; the transport sends it (a replay has none).
    public var onBoardFrame: (BoardFrame) -> Void = { _ in }

    private var display = DisplayTracker()
    private var recorder: CycleRecorder
    private var evdevMapper: EvdevMapper
    private let boardMapper: BoardMapper
    private var boardDecoder = BoardDecoder()
    private var pendingWrites: [CycleRecorder.Write] = []
    private var lightsShown: [Bool]?
    private var batches = 0

    /// `origin` is the wall-clock time (µs since the epoch) of engine time 0;
    /// `describe` names evdev codes in `dropped` reasons (libevdev's tables in
    /// the runtime, numbers in tests).
    public init(station: Station, history: EngineHistory, origin: Int64, renderer: TableRenderer? = nil,
                describe: @escaping @Sendable (_ type: UInt16, _ code: UInt16) -> String = EvdevMapper.numbers) {
        self.station = station
        self.renderer = renderer
        engine = StepEngine(station: station, history: history)
        recorder = CycleRecorder(station: station, origin: origin)
        evdevMapper = EvdevMapper(station: station, describe: describe)
        boardMapper = BoardMapper(station: station)
        session = BoardSession(wantedSerial: station.board?.serial)
    }

    /// The inputs a device with this identity serves (empty: not ours).
    public func inputs(servedBy identity: EvdevDeviceIdentity) -> [String] {
        evdevMapper.inputs(servedBy: identity)
    }

    /// The earliest time at which something happens without input.
    public var nextDeadline: Micros? {
        [engine.nextDeadline, session.nextDeadline].compactMap { $0 }.min()
    }

    // MARK: Input

    /// Takes one input at `time`, after every timer due by then.
    public func take(_ input: StationInput, at time: Micros) {
        let time = max(time, now)
        onInput(input, time)
        fireDeadlines(through: time)
        now = time
        let batchesBefore = batches
        let offlineBefore = engine.offlineDevices
        switch input {
        case .engine(let logical):
            run(engine.handle(logical, at: time, from: .script), at: time)
        case .evdev(let event):
            switch evdevMapper.map(event, at: time) {
            case .input(let logical)?: run(engine.handle(logical, at: time, from: .evdev), at: time)
            case .dropped(let reason)?: run([TraceEvent(time: time, kind: .dropped(source: .evdev, reason: reason))], at: time)
            case nil: break
            }
        case .board(let bytes):
            for decoded in boardDecoder.feed(bytes) + boardDecoder.endTransfer() {
                if case .frame(let frame) = decoded { apply(session.received(frame, at: time), at: time) }
                switch boardMapper.map(decoded) {
                case .input(let logical)?: run(engine.handle(logical, at: time, from: .board), at: time)
                case .dropped(let reason)?: run([TraceEvent(time: time, kind: .dropped(source: .board, reason: reason))], at: time)
                case .control?, nil: break
                }
            }
        case .boardLink(.absent):
            run(engine.handle(.deviceOffline("board"), at: time), at: time)
        case .boardLink(.connected):
            boardDecoder = BoardDecoder()
            apply(session.connected(at: time), at: time)
        case .boardLink(.disconnected):
            apply(session.disconnected(), at: time)
            run(engine.handle(.deviceOffline("board"), at: time), at: time)
        case .time:
            break
        }
        // A device going off- or online changes the picture even where the engine has no event to tell
        // (no cycle running): that picture is a batch too.
        if batches == batchesBefore, engine.offlineDevices != offlineBefore { onBatch(time) }
        updateLights()
    }

    /// Fires what is due by `time` (the live loop's timer), as `take(.time, at:)`
    /// does, without recording an input.
    public func advance(to time: Micros) {
        let time = max(time, now)
        fireDeadlines(through: time)
        now = time
        updateLights()
    }

    private func fireDeadlines(through time: Micros) {
        while let deadline = nextDeadline, deadline <= time {
            if let due = engine.nextDeadline, due <= deadline {
                run(engine.advance(to: deadline), at: deadline)
            }
            if let due = session.nextDeadline, due <= deadline {
                apply(session.tick(at: deadline), at: deadline)
            }
            // Every firing moves its deadline on; should one not, stop rather than spin.
            if let next = nextDeadline, next <= deadline { break }
        }
    }

    /// Carries out what the board session asks for.
    private func apply(_ actions: [BoardSession.Action], at time: Micros) {
        for action in actions {
            switch action {
            case .send(let frame):
                onBoardFrame(frame)
            case .online(let identity):
                let version = identity.firmware
                onNotice("board \(identity.serial) online (firmware \(version.major).\(version.minor).\(version.patch))")
                run(engine.handle(.deviceOnline("board"), at: time), at: time)
            case .offline(let reason):
                onNotice("board offline: \(reason)")
                run(engine.handle(.deviceOffline("board"), at: time), at: time)
            case let .sequenceGap(expected, received):
                onNotice("board: frames lost (expected \(expected), got \(received)); asked for a snapshot")
            }
        }
    }

    /// The bin lights follow the current step's `light:` list.
    private func updateLights() {
        guard station.board != nil else { return }
        let wanted = wantedLights
        guard wanted != lightsShown else { return }
        lightsShown = wanted
        apply(session.setLights(wanted), at: now)
    }

    /// The frames that switch every light off, for a clean stop.
    public func lightsOff() -> [BoardFrame] {
        session.lightsOff().compactMap { if case .send(let frame) = $0 { frame } else { nil } }
    }

    private func run(_ events: [TraceEvent], at time: Micros) {
        guard !events.isEmpty else { return }
        for event in events {
            eventCount += 1
            display.observe(event)
            if let write = recorder.take(event) { pendingWrites.append(write) }
            switch event.kind {
            case let .dropped(source, _):
                dropped[source.rawValue, default: 0] += 1
            case let .levelAdvice(worker, product, from, to, reason):
                onNotice("level advice for \(worker) on \(product): \(from) → \(to) (\(reason))")
            case let .error(step, kind, input):
                onNotice("error: \(kind.rawValue) on \(input) at step \(step)")
            default:
                break
            }
            onEvent(event)
        }
        batches += 1
        onBatch(time)
    }

    // MARK: Output

    /// What the table should show at `time`.
    public func model(at time: Micros) -> DisplayModel {
        display.model(of: engine, at: time)
    }

    /// Renders the picture of `time` into `renderer.frame`; returns the
    /// changed rectangle, or nil when nothing changed.
    @discardableResult
    public func render(at time: Micros) -> PixelRect? {
        renderer?.render(model(at: time))
    }

    /// The journal writes collected since the last call, oldest first.
    public func takeWrites() -> [CycleRecorder.Write] {
        defer { pendingWrites.removeAll(keepingCapacity: true) }
        return pendingWrites
    }

    /// The bin lights the current step asks for (all off while blocked by an offline device).
    public var wantedLights: [Bool] {
        let count = station.outputs.map(\.light).max() ?? 0
        var wanted = [Bool](repeating: false, count: count)
        if let cycle = engine.cycle, engine.offlineDevices.isEmpty,
           let step = station.product(withID: cycle.product)?.steps[cycle.step.index] {
            for name in step.light {
                if let output = station.outputs.first(where: { $0.name == name }), wanted.indices.contains(output.light - 1) {
                    wanted[output.light - 1] = true
                }
            }
        }
        return wanted
    }
}
