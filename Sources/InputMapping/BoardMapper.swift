import BoardProtocol
import StationEngine
import StationModel

/// Turns bytes from the station board into logical inputs, the same way for
/// the live board and for `board` lines of event scripts: a sensor becoming
/// active fires the input on that sensor; a tool result is the tool input's
/// result; a malformed frame is dropped (source board).
public struct BoardMapper: Sendable {
    public enum Output: Equatable, Sendable {
        case input(EngineInput)
        case dropped(reason: String)
        /// A frame that is not an input (identify, heartbeat, snapshot, ...),
        /// for the live board session.
        case control(BoardFrame)
    }

    private let sensors: [UInt8: String]
    private let tools: [UInt8: String]
    private var decoder = BoardDecoder()

    public init(station: Station) {
        var sensors: [UInt8: String] = [:], tools: [UInt8: String] = [:]
        for input in station.inputs {
            switch input.source {
            case .board(.sensor(let channel)): sensors[UInt8(channel)] = input.name
            case .board(.tool(let channel)): tools[UInt8(channel)] = input.name
            case .evdev: break
            }
        }
        self.sensors = sensors
        self.tools = tools
    }

    /// Maps one USB transfer (or one script line): whole frames only.
    public mutating func map(transfer bytes: [UInt8]) -> [Output] {
        (decoder.feed(bytes) + decoder.endTransfer()).compactMap(map)
    }

    /// Maps one decoded frame or decoding error.
    public func map(_ event: BoardDecoder.Event) -> Output? {
        switch event {
        case .dropped(let error):
            return .dropped(reason: error.reason)
        case .frame(let frame):
            switch frame.message {
            case let .sensorChange(channel, state, _):
                guard state == 1, let name = sensors[channel] else { return nil }
                return .input(.input(name, .press))
            case let .toolResult(tool, ok, _, _, _):
                guard let name = tools[tool] else { return nil }
                return .input(.input(name, .tool(ok: ok)))
            default:
                return .control(frame)
            }
        }
    }
}
