import BoardLink
import BoardProtocol
import Display
import Pipeline
import StationEngine
import StationModel
import Typesetting

/// The board's part of `oss run`, in small: the board link's transfers and
/// its plug and unplug go into the project's StationCore as the live loop
/// feeds them, so the kernel tests see what the station does with them
/// (trace events, the display model), not only what the link reports.
final class StationLoop {
    let core: StationCore
    /// Engine events in order (the trace and the journal are made of these).
    private(set) var events: [TraceEvent] = []
    /// What the loop logged, as `oss run` logs it.
    private(set) var log: [String] = []
    private(set) var transfers = 0
    private(set) var unplugs = 0
    private var board: USBBoard?
    private let start = monotonicSeconds()

    init(station: Station) throws {
        let renderer = try TableRenderer(station: station, fonts: FontLocator.standardFonts())
        core = StationCore(station: station, history: .empty, origin: 0, renderer: renderer)
        core.onEvent = { [unowned self] event in events.append(event) }
        core.onNotice = { [unowned self] line in log.append(line) }
        core.onBoardFrame = { [unowned self] _, frame in
            do { try board?.send(BoardEncoder.encode(frame)) } catch { log.append("board: \(error)") }
        }
        // As `oss run` starts: blocked until the board has identified itself.
        core.take(.boardLink(.absent), at: now)
    }

    /// Engine time: microseconds since the loop was made.
    var now: Micros { Micros((monotonicSeconds() - start) * 1_000_000) }

    /// The station shows the offline state: it is blocked.
    var isBlocked: Bool { core.model(at: now).offline }

    /// Takes the board's transfers and unplug; the session starts only with
    /// `connect`, so a transfer that comes first meets a blocked station.
    func attach(_ board: USBBoard) {
        self.board = board
        // Weak: the board may outlive the loop and still call back while closing.
        board.onTransfer = { [weak self] bytes in
            guard let self else { return }
            transfers += 1
            core.take(.board(bytes), at: now)
        }
        board.onGone = { [weak self] error in
            guard let self else { return }
            unplugs += 1
            log.append("board: \(error)")
            core.take(.boardLink(.disconnected), at: now)
        }
    }

    /// A new connection: the session says HELLO.
    func connect() {
        core.take(.boardLink(.connected), at: now)
    }

    /// The events since `count` (for "what happened after that").
    func events(since count: Int) -> [TraceEvent.Kind] { events[count...].map(\.kind) }
}
