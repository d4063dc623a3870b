import BoardProtocol
import Display
import Evdev
import InputMapping
import Journal
import StationEngine
import StationModel

/// The station's path from device data to picture, without any I/O:
/// decoding and mapping → engine → display model → rendered frame.
/// `oss run` wraps it in its loop and `oss bench` times it, so both run
/// exactly this code. Journal writes are collected, not made: the caller
/// makes them after the frame is shown, off the input-to-picture path.
public final class StationCore {
    public let station: Station
    public private(set) var engine: StepEngine
    public let renderer: TableRenderer
    /// The board handshake and liveness state; the caller sends its actions.
    public var session: BoardSession
    /// Engine events taken so far (frames are named after them).
    public private(set) var eventCount = 0
    /// Input that could not be used, by source (`evdev`, `board`; `script` for logical inputs).
    public private(set) var dropped: [String: Int] = [:]
    /// Called for each engine event after the display and recorder saw it.
    public var onEvent: (TraceEvent) -> Void = { _ in }
    /// Called for each dropped piece of device data: source and reason.
    public var onDropped: (String, String) -> Void = { _, _ in }

    private var display = DisplayTracker()
    private var recorder: CycleRecorder
    private var evdevMapper: EvdevMapper
    private let boardMapper: BoardMapper
    private var boardDecoder = BoardDecoder()
    private var pendingWrites: [CycleRecorder.Write] = []

    /// `origin` is the wall-clock time (µs since the epoch) of engine time 0.
    public init(station: Station, history: EngineHistory, origin: Int64, renderer: TableRenderer) {
        self.station = station
        self.renderer = renderer
        engine = StepEngine(station: station, history: history)
        recorder = CycleRecorder(station: station, origin: origin)
        evdevMapper = EvdevMapper(station: station, describe: EvdevNames.describe)
        boardMapper = BoardMapper(station: station)
        session = BoardSession(wantedSerial: station.board?.serial)
    }

    /// The inputs a device with this identity serves (empty: not ours).
    public func inputs(servedBy identity: EvdevDeviceIdentity) -> [String] {
        evdevMapper.inputs(servedBy: identity)
    }

    /// One event read from an input device.
    public func evdev(_ event: EvdevEvent, at time: Micros) {
        switch evdevMapper.map(event, at: time) {
        case .input(let input)?: handle(input, at: time, from: .evdev)
        case .dropped(let reason)?: drop(.evdev, reason)
        case nil: break
        }
    }

    /// One USB transfer from the board. Frames go to the session first (its
    /// answers are returned for the transport to send), then to the mapping.
    public func boardTransfer(_ bytes: [UInt8], at time: Micros) -> [BoardSession.Action] {
        var actions: [BoardSession.Action] = []
        for event in boardDecoder.feed(bytes) + boardDecoder.endTransfer() {
            if case .frame(let frame) = event { actions += session.received(frame, at: time) }
            switch boardMapper.map(event) {
            case .input(let input)?: handle(input, at: time, from: .board)
            case .dropped(let reason)?: drop(.board, reason)
            default: break
            }
        }
        return actions
    }

    /// A new connection to the board starts a fresh byte stream.
    public func resetBoardDecoder() {
        boardDecoder = BoardDecoder()
    }

    /// A logical input; `source` names it in a `dropped` event (bad text).
    public func handle(_ input: EngineInput, at time: Micros, from source: DropSource = .script) {
        take(engine.handle(input, at: time, from: source))
    }

    /// Fires the engine's timers that are due at `time`.
    public func advance(to time: Micros) {
        take(engine.advance(to: time))
    }

    /// What the table should show at `time`.
    public func model(at time: Micros) -> DisplayModel {
        display.model(of: engine, at: time)
    }

    /// Renders the picture of `time` into `renderer.frame`; returns the
    /// changed rectangle, or nil when nothing changed.
    @discardableResult
    public func render(at time: Micros) -> PixelRect? {
        renderer.render(model(at: time))
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

    private func take(_ events: [TraceEvent]) {
        for event in events {
            eventCount += 1
            display.observe(event)
            if let write = recorder.take(event) { pendingWrites.append(write) }
            if case let .dropped(source, reason) = event.kind { drop(source, reason) }
            onEvent(event)
        }
    }

    private func drop(_ source: DropSource, _ reason: String) {
        dropped[source.rawValue, default: 0] += 1
        onDropped(source.rawValue, reason)
    }
}
