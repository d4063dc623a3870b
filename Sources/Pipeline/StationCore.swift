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
///
/// The picture is a function of the state and the time. Besides the picture
/// of each batch of events, the core reports a picture that changed without
/// a trace event: at a time the display tracker names (the end of the "well
/// done" feedback), due like a timer and fired at its exact time, or after an
/// input that changed what is shown without an event (a counted `done`
/// input: "1 van 2"; a device while nothing runs). Such a picture fires no
/// trace event, writes nothing to the journal and leaves the engine alone; it
/// is named `NNNNNN-KK` (`FrameName`). A picture change due at the very time
/// of an input or a timer's batch is that batch's picture.
///
/// Each station board has its own decoder, session (handshake, liveness),
/// mapper and lights, and is its own engine device under its name
/// (`deviceOffline("left")`): any board going away blocks the station, and
/// the station runs again when every board is back.
public final class StationCore {
    public let station: Station
    /// Draws the picture for a framebuffer; nil when pictures go elsewhere (PNG files) or nowhere.
    public let renderer: TableRenderer?
    public private(set) var engine: StepEngine
    /// The handshake and liveness of the first board (the one of most stations).
    public var session: BoardSession { boards[0].session }
    /// The station's boards by name, in the station's order.
    public var boardNames: [String] { boards.map(\.name) }
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
    /// After each batch of events (one input, or one due timer), and when
    /// the picture changed without an event: the picture to show is
    /// `model(at: time)`, called `name` (run and simulate alike).
    public var onPicture: (_ time: Micros, _ name: FrameName) -> Void = { _, _ in }
    /// What the people at the station or the supervisor should know (a log line).
    public var onNotice: (String) -> Void = { _ in }
    /// A frame for the board named `board`; its transport sends it (a replay has none).
    public var onBoardFrame: (_ board: String, BoardFrame) -> Void = { _, _ in }

    private var display = DisplayTracker()
    private var recorder: CycleRecorder
    private var evdevMapper: EvdevMapper
    private var boards: [BoardUnit]
    private var pendingWrites: [CycleRecorder.Write] = []
    private var lightsKey: LightsKey?
    /// The model of the last picture reported, and how many pictures came
    /// after the last event without one of their own (the KK of `NNNNNN-KK`).
    private var shownModel = DisplayModel()
    private var changesSinceEvent = 0
    /// Picture changes up to this time have been reported.
    private var pictureTime: Micros = 0

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
        // A station without a board still decodes board data (a script's) and drops it, as "board".
        boards = station.boards.isEmpty
            ? [BoardUnit(name: StationBoard.singleName, serial: nil, hasLights: false, station: station)]
            : station.boards.map { BoardUnit(name: $0.name, serial: $0.selector.serial, hasLights: true, station: station) }
    }

    /// The handshake and liveness of the board named `name`.
    public func session(of name: String) -> BoardSession? {
        boards.first { $0.name == name }?.session
    }

    /// The inputs a device with this identity serves (empty: not ours).
    public func inputs(servedBy identity: EvdevDeviceIdentity) -> [String] {
        evdevMapper.inputs(servedBy: identity)
    }

    /// The earliest time at which something happens without input: a timer
    /// or a picture change (`nextPictureChange`). A live loop wakes then.
    public var nextDeadline: Micros? {
        [timerDeadline, nextPictureChange].compactMap { $0 }.min()
    }

    /// The earliest timer of the engine or a board session.
    private var timerDeadline: Micros? {
        var earliest = engine.nextDeadline
        for board in boards {
            if let due = board.session.nextDeadline { earliest = min(earliest ?? due, due) }
        }
        return earliest
    }

    /// When the picture may next change with time alone.
    public var nextPictureChange: Micros? { display.nextChange(after: pictureTime) }

    // MARK: Input

    /// Takes one input at `time`, after every timer due by then.
    public func take(_ input: StationInput, at time: Micros) {
        let time = max(time, now)
        onInput(input, time)
        fireDeadlines(through: time, picturesDueThen: false)
        now = time
        switch input {
        case .engine(let logical):
            run(engine.handle(logical, at: time, from: .script), at: time)
        case .evdev(let event):
            switch evdevMapper.map(event, at: time) {
            case .input(let logical)?: run(engine.handle(logical, at: time, from: .evdev), at: time)
            case .dropped(let reason)?: run([TraceEvent(time: time, kind: .dropped(source: .evdev, reason: reason))], at: time)
            case nil: break
            }
        case let .board(name, bytes):
            guard let index = boards.firstIndex(where: { $0.name == name }) else {
                run([TraceEvent(time: time, kind: .dropped(source: .board, reason: "unknown board '\(name)'"))], at: time)
                break
            }
            for decoded in boards[index].decoder.feed(bytes) + boards[index].decoder.endTransfer() {
                if case .frame(let frame) = decoded { apply(boards[index].session.received(frame, at: time), board: index, at: time) }
                switch boards[index].mapper.map(decoded) {
                case .input(let logical)?: run(engine.handle(logical, at: time, from: .board), at: time)
                case .dropped(let reason)?: run([TraceEvent(time: time, kind: .dropped(source: .board, reason: reason))], at: time)
                case .control?, nil: break
                }
            }
        case let .boardLink(name, change):
            guard let index = boards.firstIndex(where: { $0.name == name }) else {
                onNotice("link change of unknown board '\(name)' ignored")
                break
            }
            switch change {
            case .absent:
                run(engine.handle(.deviceOffline(name), at: time), at: time)
            case .connected:
                boards[index].decoder = BoardDecoder()
                apply(boards[index].session.connected(at: time), board: index, at: time)
            case .disconnected:
                apply(boards[index].session.disconnected(), board: index, at: time)
                run(engine.handle(.deviceOffline(name), at: time), at: time)
            }
        case .time:
            break
        }
        // What the input changed without an event (a count, a device while nothing runs; also after
        // a batch, as one transfer may hold several board frames), and a picture change due now.
        showPictureIfChanged(at: time)
        updateLights()
    }

    /// Fires what is due by `time` (the live loop's timer), as `take(.time, at:)`
    /// does, without recording an input.
    public func advance(to time: Micros) {
        let time = max(time, now)
        fireDeadlines(through: time, picturesDueThen: true)
        now = time
        updateLights()
    }

    /// Fires the timers due by `time` and the picture changes due before it
    /// (at `time` too when `picturesDueThen`), each at its own time, in
    /// order; a picture change due with a timer is that timer's batch.
    private func fireDeadlines(through time: Micros, picturesDueThen: Bool) {
        while true {
            let timer = timerDeadline
            if let change = nextPictureChange, change < timer ?? .max,
               change < time || (picturesDueThen && change == time) {
                showPictureIfChanged(at: change)
                continue
            }
            guard let deadline = timer, deadline <= time else { return }
            if let due = engine.nextDeadline, due <= deadline {
                run(engine.advance(to: deadline), at: deadline)
            }
            for index in boards.indices {
                if let due = boards[index].session.nextDeadline, due <= deadline {
                    apply(boards[index].session.tick(at: deadline), board: index, at: deadline)
                }
            }
            // A session's tick (its silence limit while nothing runs) may change the picture without an event.
            showPictureIfChanged(at: deadline)
            // Every firing moves its deadline on; should one not, stop rather than spin.
            if let next = timerDeadline, next <= deadline { break }
        }
    }

    /// Reports the picture of `time` when it differs from the last one
    /// reported, as the next `NNNNNN-KK` after the last event.
    private func showPictureIfChanged(at time: Micros) {
        pictureTime = max(pictureTime, time)
        let model = model(at: time)
        guard model != shownModel else { return }
        shownModel = model
        changesSinceEvent += 1
        onPicture(time, FrameName(event: eventCount, change: changesSinceEvent))
    }

    /// Carries out what the session of board `index` asks for.
    private func apply(_ actions: [BoardSession.Action], board index: Int, at time: Micros) {
        let name = boards[index].name
        for action in actions {
            switch action {
            case .send(let frame):
                onBoardFrame(name, frame)
            case .online(let identity):
                let version = identity.firmware
                onNotice("\(StationBoard.logName(name)) \(identity.serial) online (firmware \(version.major).\(version.minor).\(version.patch))")
                run(engine.handle(.deviceOnline(name), at: time), at: time)
            case .offline(let reason):
                onNotice("\(StationBoard.logName(name)) offline: \(reason)")
                run(engine.handle(.deviceOffline(name), at: time), at: time)
            case let .sequenceGap(expected, received):
                onNotice("\(StationBoard.logName(name)): frames lost (expected \(expected), got \(received)); asked for a snapshot")
            }
        }
    }

    /// Each board's bin lights follow the current step's `light:` list.
    private func updateLights() {
        // The lights depend only on the running step and whether a device is offline: most inputs change neither.
        // A board that comes online gets the lights from its session, which keeps them (BoardSession.setLights).
        let key = LightsKey(product: engine.cycle?.product, step: engine.cycle?.step.index, blocked: !engine.offlineDevices.isEmpty)
        guard key != lightsKey else { return }
        lightsKey = key
        for index in boards.indices where boards[index].hasLights {
            let wanted = wantedLights(on: boards[index].name)
            guard wanted != boards[index].lightsShown else { continue }
            boards[index].lightsShown = wanted
            apply(boards[index].session.setLights(wanted), board: index, at: now)
        }
    }

    /// The frames that switch every light of board `name` off, for a clean stop.
    public func lightsOff(on name: String = StationBoard.singleName) -> [BoardFrame] {
        guard let index = boards.firstIndex(where: { $0.name == name }) else { return [] }
        return boards[index].session.lightsOff().compactMap { if case .send(let frame) = $0 { frame } else { nil } }
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
        changesSinceEvent = 0
        pictureTime = max(pictureTime, time)
        shownModel = model(at: time)
        onPicture(time, FrameName(event: eventCount))
    }

    // MARK: Output

    /// What the table should show at `time`.
    public func model(at time: Micros) -> DisplayModel {
        display.model(of: engine, at: time)
    }

    /// Renders the picture of `time` into `renderer.frame`; returns the
    /// changed region, or nil when nothing changed.
    @discardableResult
    public func render(at time: Micros) -> DirtyRegion? {
        renderer?.render(model(at: time))
    }

    /// What the station is doing now (the console's live state).
    public var liveState: StationLiveState { engine.liveState }

    /// The journal writes collected since the last call, oldest first.
    public func takeWrites() -> [CycleRecorder.Write] {
        defer { pendingWrites.removeAll(keepingCapacity: true) }
        return pendingWrites
    }

    /// The first board's lights the current step asks for (the board of most stations).
    public var wantedLights: [Bool] { wantedLights(on: boards[0].name) }

    /// The lights of board `name` the current step asks for (all off while
    /// blocked by an offline device, of any board).
    public func wantedLights(on name: String) -> [Bool] {
        let outputs = station.outputs.filter { $0.board == name }
        let count = outputs.map(\.light).max() ?? 0
        var wanted = [Bool](repeating: false, count: count)
        if let cycle = engine.cycle, engine.offlineDevices.isEmpty,
           let step = station.product(withID: cycle.product)?.steps[cycle.step.index] {
            for name in step.light {
                if let output = outputs.first(where: { $0.name == name }), wanted.indices.contains(output.light - 1) {
                    wanted[output.light - 1] = true
                }
            }
        }
        return wanted
    }
}

/// What the bin lights depend on; `updateLights` works only when it changes.
private struct LightsKey: Equatable {
    var product: String?
    var step: Int?
    var blocked: Bool
}

/// What the pipeline keeps per station board.
private struct BoardUnit {
    let name: String
    /// False for the stand-in of a station without a board: nothing to light.
    let hasLights: Bool
    var session: BoardSession
    var decoder = BoardDecoder()
    let mapper: BoardMapper
    var lightsShown: [Bool]?

    init(name: String, serial: String?, hasLights: Bool, station: Station) {
        self.name = name
        self.hasLights = hasLights
        session = BoardSession(wantedSerial: serial)
        mapper = BoardMapper(station: station, board: name)
    }
}
