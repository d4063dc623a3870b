import BoardProtocol
import StationEngine
import StationModel

/// Turns bytes from the station board into logical inputs, the same way for
/// the live board and for `board` lines of event scripts: a sensor becoming
/// active fires the input on that sensor; a tool result is the tool input's
/// result. Dropped (source board): a malformed frame (`bad frame: bad crc`),
/// and a sensor becoming active or a tool result on a channel no input uses
/// (`unmapped sensor 9`, `unmapped tool 2`).
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
            case .board(.sensor(let channel)): if let channel = UInt8(exactly: channel) { sensors[channel] = input.name }
            case .board(.tool(let channel)): if let channel = UInt8(exactly: channel) { tools[channel] = input.name }
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
            return .dropped(reason: "bad frame: \(error.reason)")
        case .frame(let frame):
            switch frame.message {
            case let .sensorChange(channel, state, _):
                guard state == 1 else { return nil }
                guard let name = sensors[channel] else { return .dropped(reason: "unmapped sensor \(channel)") }
                return .input(.input(name, .press))
            case let .toolResult(tool, ok, _, _, _):
                guard let name = tools[tool] else { return .dropped(reason: "unmapped tool \(tool)") }
                return .input(.input(name, .tool(ok: ok)))
            default:
                return .control(frame)
            }
        }
    }
}
