import InputMapping
import StationEngine
import StationModel

/// Everything that enters the station's pipeline, live or replayed: a
/// logical input, raw device data, a change of the board's link, or only
/// time passing. `oss run` makes these from its devices, `oss simulate`
/// reads them from a script; both hand them to the same `StationCore`.
public enum StationInput: Sendable, Equatable {
    /// A logical input (scripts: `login`, `product`, `input`, `logout`).
    case engine(EngineInput)
    /// One event read from an input device.
    case evdev(EvdevEvent)
    /// One USB transfer from the station board named `name` (`board`: the
    /// board of a station with one `board:`).
    case board(name: String, bytes: [UInt8])
    /// The transport of the board named `name` came, went or is missing.
    case boardLink(name: String, change: BoardLinkChange)
    /// Nothing but time: the timers due by then fire (a recording's last line).
    case time

    /// A transfer from the board of a station with one `board:`.
    public static func board(_ bytes: [UInt8]) -> StationInput {
        .board(name: StationBoard.singleName, bytes: bytes)
    }

    /// A link change of the board of a station with one `board:`.
    public static func boardLink(_ change: BoardLinkChange) -> StationInput {
        .boardLink(name: StationBoard.singleName, change: change)
    }
}

/// What the board's transport knows about the link; the handshake and the
/// liveness that follow are the pipeline's (BoardSession).
public enum BoardLinkChange: String, Sendable, CaseIterable {
    /// The station has a board and none is connected (a live run's start).
    case absent
    /// The board was opened: the handshake starts.
    case connected
    /// The board went away.
    case disconnected
}
