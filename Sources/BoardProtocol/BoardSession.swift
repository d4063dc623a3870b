/// The host's side of the board protocol, without I/O: the handshake,
/// sequence numbers, gap recovery, liveness and the lights. The transport
/// (libusb in `BoardLink`) feeds it frames and time, and sends what it
/// returns. Times are microseconds of the host's clock.
///
/// States and transitions:
///
///     disconnected ──connected──────────────▶ identifying (sends HELLO)
///     identifying ──IDENTIFY, protocol 1────▶ online (asks for a snapshot, sends the lights)
///     identifying ──IDENTIFY, other version─▶ refused
///     identifying ──no IDENTIFY in 500 ms───▶ identifying (HELLO again, 3 tries) ──▶ refused
///     online ──no frame for 3 s─────────────▶ silent (offline until a frame comes)
///     any ──disconnected────────────────────▶ disconnected
public struct BoardSession: Sendable {
    public enum State: Equatable, Sendable {
        case disconnected
        case identifying(since: Int64, attempts: Int)
        case online(BoardIdentity)
        case silent(BoardIdentity)
        case refused(reason: String)
    }

    public enum Action: Equatable, Sendable {
        case send(BoardFrame)
        /// The board identified itself: it is online.
        case online(BoardIdentity)
        /// The board is unusable or silent: the station is blocked.
        case offline(reason: String)
        /// Frames from the board were lost (`expected` was the next SEQ).
        case sequenceGap(expected: UInt8, received: UInt8)
    }

    public static let identifyTimeout: Int64 = 500_000
    public static let identifyAttempts = 3
    public static let silenceTimeout: Int64 = 3_000_000

    public private(set) var state: State = .disconnected
    /// Serial the station asks for; nil for any.
    public let wantedSerial: String?
    private var nextSequence: UInt8 = 0
    private var lastReceived: UInt8?
    private var lastFrameAt: Int64 = 0
    private var lights: [Bool] = []

    public init(wantedSerial: String? = nil) {
        self.wantedSerial = wantedSerial
    }

    public var isOnline: Bool {
        if case .online = state { return true }
        return false
    }

    private mutating func frame(_ message: BoardMessage) -> Action {
        defer { nextSequence &+= 1 }
        return .send(BoardFrame(sequence: nextSequence, message: message))
    }

    public mutating func connected(at time: Int64) -> [Action] {
        nextSequence = 0
        lastReceived = nil
        lastFrameAt = time
        state = .identifying(since: time, attempts: 1)
        return [frame(.hello(protocolVersion: BoardFraming.protocolVersion))]
    }

    public mutating func disconnected() -> [Action] {
        let wasUsable = isOnline
        state = .disconnected
        return wasUsable ? [.offline(reason: "board disconnected")] : []
    }

    public mutating func received(_ received: BoardFrame, at time: Int64) -> [Action] {
        lastFrameAt = time
        var actions: [Action] = []
        if case .identify(let identity) = received.message {
            lastReceived = received.sequence
            guard identity.protocolVersion == BoardFraming.protocolVersion else {
                state = .refused(reason: "board speaks protocol \(identity.protocolVersion), not \(BoardFraming.protocolVersion)")
                return [.offline(reason: "board speaks protocol \(identity.protocolVersion)")]
            }
            if let wantedSerial, identity.serial != wantedSerial {
                state = .refused(reason: "board \(identity.serial) is not \(wantedSerial)")
                return []
            }
            state = .online(identity)
            return [.online(identity), frame(.snapshotRequest), frame(.setLights(lights))]
        }
        if let last = lastReceived, received.sequence != last &+ 1 {
            actions.append(.sequenceGap(expected: last &+ 1, received: received.sequence))
            if isOnline { actions.append(frame(.snapshotRequest)) }
        }
        lastReceived = received.sequence
        if case .silent(let identity) = state {
            state = .online(identity)
            actions.append(.online(identity))
        }
        if case .ping(let token) = received.message { actions.append(frame(.pong(token: token))) }
        return actions
    }

    /// When `tick` has something to do next: the handshake's retry or the
    /// silence limit. Ticking at exactly this time makes a replay of the same
    /// frames and times give the same actions as the live run.
    public var nextDeadline: Int64? {
        switch state {
        case .identifying(let since, _): since + Self.identifyTimeout
        case .online: lastFrameAt + Self.silenceTimeout
        default: nil
        }
    }

    /// Retries the handshake and notices a silent board; call it at
    /// `nextDeadline` (calling it more often does no harm).
    public mutating func tick(at time: Int64) -> [Action] {
        switch state {
        case let .identifying(since, attempts) where time - since >= Self.identifyTimeout:
            guard attempts < Self.identifyAttempts else {
                state = .refused(reason: "board did not identify itself")
                return [.offline(reason: "board did not identify itself")]
            }
            state = .identifying(since: time, attempts: attempts + 1)
            return [frame(.hello(protocolVersion: BoardFraming.protocolVersion))]
        case .online(let identity) where time - lastFrameAt >= Self.silenceTimeout:
            state = .silent(identity)
            return [.offline(reason: "board silent for 3 s")]
        default:
            return []
        }
    }

    /// Sets the bin lights; sends them when online (and after every IDENTIFY).
    public mutating func setLights(_ wanted: [Bool]) -> [Action] {
        guard wanted != lights else { return [] }
        lights = wanted
        return isOnline ? [frame(.setLights(wanted))] : []
    }

    /// The frame that switches every light off, for a clean stop.
    public mutating func lightsOff() -> [Action] {
        lights = lights.map { _ in false }
        return isOnline ? [frame(.setLights(lights))] : []
    }
}
