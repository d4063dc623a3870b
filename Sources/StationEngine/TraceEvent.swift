import StationModel

/// Time in microseconds since the start of a run (script seconds × 10^6).
/// Integers keep step and cycle durations exact: 3.2 s − 0.5 s is 2.7 s, not
/// 2.7000000000000002.
public typealias Micros = Int64

/// One engine event, in the order it happened. These are the lines of the
/// trace (`cli-and-files.md`) and the source of every journal record.
public struct TraceEvent: Sendable, Equatable {
    public var time: Micros
    public var kind: Kind

    public init(time: Micros, kind: Kind) {
        self.time = time
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        case login(worker: String)
        case logout(worker: String)
        case cycleStart(worker: String, product: String, cycle: Int, level: Int)
        /// A step became current; `index` is 1-based.
        case step(step: String, index: Int)
        case stepDone(step: String, duration: Micros)
        case error(step: String, kind: ErrorKind, input: String)
        /// A `done` input arrived while an error was open and was not counted.
        case blocked(step: String, input: String)
        case cleared(step: String, by: ClearMode)
        /// `level` is the instruction level now shown.
        case help(step: String, level: Int)
        case slow(step: String, duration: Micros)
        case cycleAbandoned(worker: String, product: String, cycle: Int)
        case cycleDone(worker: String, product: String, cycle: Int, duration: Micros, errors: Int, help: Int)
        case levelAdvice(worker: String, product: String, from: Int, to: Int, reason: String)
        /// Device input that could not be used.
        case dropped(source: DropSource, reason: String)
    }

    /// The trace's `type` field.
    public var type: String {
        switch kind {
        case .login: "login"
        case .logout: "logout"
        case .cycleStart: "cycle_start"
        case .step: "step"
        case .stepDone: "step_done"
        case .error: "error"
        case .blocked: "blocked"
        case .cleared: "cleared"
        case .help: "help"
        case .slow: "slow"
        case .cycleAbandoned: "cycle_abandoned"
        case .cycleDone: "cycle_done"
        case .levelAdvice: "level_advice"
        case .dropped: "dropped"
        }
    }
}

public enum ErrorKind: String, Sendable, CaseIterable {
    case wrongInput = "wrong_input"
    case outOfOrder = "out_of_order"
    case toolNotOK = "tool_not_ok"
    case noMatch = "no_match"
    case device
}

/// Where input that could not be used came from: a device (`evdev`,
/// `board`), or a logical line of an event script (`script`; also what the
/// engine assumes for an input given to it directly).
public enum DropSource: String, Sendable {
    case evdev, board, script
}
