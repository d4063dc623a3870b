/// What a station is doing now, as the console's stations page shows it:
/// who is logged in, which product and step run, and what blocks it.
///
/// Derived from the engine alone, so `oss run` and `oss simulate` give the
/// same answer; it carries no time, so two equal values mean nothing
/// changed and nothing needs writing.
public struct StationLiveState: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Nobody logged in, or logged in without a product.
        case idle
        /// A cycle runs and nothing blocks it.
        case working
        /// An error is open or a device is offline.
        case blocked
    }

    /// What blocks the station: an error's kind and the input that caused
    /// it, or `device` and the offline devices' names (comma-separated).
    public struct OpenError: Sendable, Equatable {
        public var kind: String
        public var input: String
        public init(kind: String, input: String) {
            self.kind = kind
            self.input = input
        }
    }

    public var state: State
    public var worker: String?
    public var product: String?
    /// The running step's id.
    public var step: String?
    public var openError: OpenError?

    public init(state: State, worker: String? = nil, product: String? = nil, step: String? = nil,
                openError: OpenError? = nil) {
        self.state = state
        self.worker = worker
        self.product = product
        self.step = step
        self.openError = openError
    }

    /// Logged out, nothing blocking: a station that just started.
    public static let idle = StationLiveState(state: .idle)
}

extension StepEngine {
    /// The live state of this engine now. An offline device blocks the
    /// station whatever it is doing; otherwise an open error of the running
    /// step does.
    public var liveState: StationLiveState {
        var live = StationLiveState(state: .idle, worker: worker)
        if let cycle {
            live.state = .working
            live.product = cycle.product
            live.step = station.product(withID: cycle.product).flatMap {
                $0.steps.indices.contains(cycle.step.index) ? $0.steps[cycle.step.index].id : nil
            }
            if let error = cycle.step.openError {
                live.state = .blocked
                live.openError = .init(kind: error.kind.rawValue, input: error.input)
            }
        }
        if !offlineDevices.isEmpty {
            live.state = .blocked
            live.openError = .init(kind: ErrorKind.device.rawValue, input: offlineDevices.sorted().joined(separator: ","))
        }
        return live
    }
}
