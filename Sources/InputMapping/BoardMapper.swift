import BoardProtocol
import StationEngine
import StationModel

/// Turns bytes from the station board into logical inputs, the same way for
/// the live board and for `board` lines of event scripts: a sensor becoming
/// active fires the input on that sensor; a tool result is the tool input's
/// result. Dropped (source board): a malformed frame (`bad frame: bad crc`),
/// and a sensor becoming active or a tool result on a channel no input uses
/// (`unmapped sensor 9`, `unmapped tool 2`; a board with its own name adds
/// it: `unmapped sensor 9 on board left`).
///
/// One mapper serves one board: a station with several boards has one per
/// board, each knowing only the inputs on its board.
public struct BoardMapper: Sendable {
    public enum Output: Equatable, Sendable {
        case input(EngineInput)
        case dropped(reason: String)
        /// A frame that is not an input (identify, heartbeat, snapshot, ...),
        /// for the live board session.
        case control(BoardFrame)
    }

    /// The board whose frames this mapper maps.
    public let board: String
    private let sensors: [UInt8: String]
    private let tools: [UInt8: String]
    private var decoder = BoardDecoder()

    /// Maps the frames of the station's board named `board` (by default the
    /// board of a station with one `board:`).
    public init(station: Station, board: String = StationBoard.singleName) {
        var sensors: [UInt8: String] = [:], tools: [UInt8: String] = [:]
        for input in station.inputs {
            guard case let .board(channel, inputBoard) = input.source, inputBoard == board else { continue }
            switch channel {
            case .sensor(let channel): if let channel = UInt8(exactly: channel) { sensors[channel] = input.name }
            case .tool(let channel): if let channel = UInt8(exactly: channel) { tools[channel] = input.name }
            }
        }
        self.board = board
        self.sensors = sensors
        self.tools = tools
    }

    /// ` on board NAME` for a board with its own name; nothing for the single board.
    private var boardSuffix: String { board == StationBoard.singleName ? "" : " on board \(board)" }

    /// Maps one USB transfer (or one script line): whole frames only.
    public mutating func map(transfer bytes: [UInt8]) -> [Output] {
        (decoder.feed(bytes) + decoder.endTransfer()).compactMap(map)
    }

    /// Maps one decoded frame or decoding error.
    public func map(_ event: BoardDecoder.Event) -> Output? {
        switch event {
        case .dropped(let error):
            return .dropped(reason: "bad frame: \(error.reason)\(boardSuffix)")
        case .frame(let frame):
            switch frame.message {
            case let .sensorChange(channel, state, _):
                guard state == 1 else { return nil }
                guard let name = sensors[channel] else { return .dropped(reason: "unmapped sensor \(channel)\(boardSuffix)") }
                return .input(.input(name, .press))
            case let .toolResult(tool, ok, _, _, _):
                guard let name = tools[tool] else { return .dropped(reason: "unmapped tool \(tool)\(boardSuffix)") }
                return .input(.input(name, .tool(ok: ok)))
            default:
                return .control(frame)
            }
        }
    }
}
