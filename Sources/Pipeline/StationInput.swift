import InputMapping
import StationEngine

/// Everything that enters the station's pipeline, live or replayed: a
/// logical input, raw device data, a change of the board's link, or only
/// time passing. `oss run` makes these from its devices, `oss simulate`
/// reads them from a script; both hand them to the same `StationCore`.
public enum StationInput: Sendable, Equatable {
    /// A logical input (scripts: `login`, `product`, `input`, `logout`).
    case engine(EngineInput)
    /// One event read from an input device.
    case evdev(EvdevEvent)
    /// One USB transfer from the station board.
    case board([UInt8])
    /// The board's transport came, went or is missing.
    case boardLink(BoardLinkChange)
    /// Nothing but time: the timers due by then fire (a recording's last line).
    case time
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
