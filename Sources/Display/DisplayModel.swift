import StationEngine
import StationModel

/// What the table should show: everything the renderer needs and nothing
/// else, so that equal models give equal pictures and a changed model is the
/// only reason to redraw. A model holds only what is visible (no celebration
/// behind the offline screen): a changed model is a changed picture, which
/// is what numbers the pictures that come without a trace event.
public struct DisplayModel: Equatable, Sendable {
    public enum Screen: Equatable, Sendable {
        /// Nobody logged in: "scan your badge".
        case loggedOut
        /// Logged in, no product running: "scan a product".
        case idle(worker: String)
        case step(StepView)
    }

    public var screen: Screen = .loggedOut
    /// The station board is offline: the station is blocked.
    public var offline = false
    /// A cycle has just been finished: brief positive feedback (on a step screen only).
    public var celebrating = false

    public init(screen: Screen = .loggedOut, offline: Bool = false, celebrating: Bool = false) {
        self.screen = screen
        self.offline = offline
        self.celebrating = celebrating
    }
}

public struct StepView: Equatable, Sendable {
    public var product: String
    /// 0-based index of the current step.
    public var index: Int
    public var stepCount: Int
    /// The instruction level shown now (help makes it more detailed).
    public var level: Int
    /// Help was asked for on this step: guidance stays until the step changes.
    public var helped: Bool
    /// Good `done` inputs so far and how many are needed.
    public var counted: Int
    public var needed: Int
    public var error: ErrorView?
    /// A `done` input arrived while the error was open.
    public var blocked: Bool
    /// The step took longer than its `max_s` (the engine's `slow` event) and
    /// no help was asked since: a calm cue and an offer of help.
    public var slow: Bool

    public init(product: String, index: Int, stepCount: Int, level: Int, helped: Bool = false, counted: Int = 0,
                needed: Int = 1, error: ErrorView? = nil, blocked: Bool = false, slow: Bool = false) {
        self.product = product
        self.index = index
        self.stepCount = stepCount
        self.level = level
        self.helped = helped
        self.counted = counted
        self.needed = needed
        self.error = error
        self.blocked = blocked
        self.slow = slow
    }
}

public struct ErrorView: Equatable, Sendable {
    public var kind: ErrorKind
    public var input: String
    public var clear: ClearMode

    public init(kind: ErrorKind, input: String, clear: ClearMode) {
        self.kind = kind
        self.input = input
        self.clear = clear
    }
}

/// Builds display models from the engine and its events. The engine's state
/// says where the cycle is; the events add what the state does not keep: a
/// blocked attempt, a slow step, and when the last cycle finished.
///
/// The picture is a function of the state and the time: `nextChange(after:)`
/// says when the model may change without any input. Today that is only the
/// end of the "well done" feedback; the slow cue is still (no blink or pulse:
/// calm, and a replay of a long idle session writes no stream of frames).
public struct DisplayTracker: Sendable {
    /// How long the "well done" feedback stays after a finished cycle.
    public static let celebration: Micros = 1_500_000

    private var blocked = false
    private var slow = false
    private var celebrateUntil: Micros?
    /// Set by the runtime when the station board goes offline or comes back.
    public var offline = false

    public init() {}

    public mutating func observe(_ event: TraceEvent) {
        switch event.kind {
        case .blocked: blocked = true
        case .slow: slow = true
        // Help answers the offer: the guidance replaces the cue.
        case .help: slow = false
        case .cleared: blocked = false
        case .step, .cycleAbandoned, .logout, .login:
            blocked = false
            slow = false
        case .cycleDone: celebrateUntil = event.time + Self.celebration
        default: break
        }
    }

    /// The first time after `time` at which the model may change without an
    /// input or a trace event (the end of the "well done" feedback); nil when
    /// nothing is pending.
    public func nextChange(after time: Micros) -> Micros? {
        guard let end = celebrateUntil, end > time else { return nil }
        return end
    }

    public func model(of engine: StepEngine, at time: Micros) -> DisplayModel {
        var model = DisplayModel(offline: offline || !engine.offlineDevices.isEmpty)
        switch engine.phase {
        case .loggedOut:
            model.screen = .loggedOut
        case .idle(let worker):
            model.screen = .idle(worker: worker)
        case .running(let cycle):
            guard let product = engine.station.product(withID: cycle.product) else { break }
            let step = product.steps[cycle.step.index]
            let error = cycle.step.openError.map { ErrorView(kind: $0.kind, input: $0.input, clear: step.clear) }
            model.screen = .step(StepView(
                product: product.id, index: cycle.step.index, stepCount: product.steps.count,
                level: cycle.step.shownLevel, helped: cycle.step.helpRequests > 0,
                counted: cycle.step.count, needed: step.done.count, error: error,
                blocked: error != nil && blocked, slow: slow))
            model.celebrating = !model.offline && celebrateUntil.map { time < $0 } ?? false
        }
        return model
    }
}
