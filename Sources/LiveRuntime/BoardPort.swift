import BoardLink
import BoardProtocol
import LinuxSystem
import Pipeline
import StationEngine
import StationModel

/// A device source that carries one station board's link: the live loop
/// hands it the frames the pipeline has for the board of its `name`. The
/// libusb port is one; tests use in-memory ones.
public protocol BoardTransport: DeviceSource {
    /// Sends a frame the pipeline's session asked for (nothing while no board is there).
    func send(_ frame: BoardFrame, log: (String) -> Void)
    /// Sends the last frames (lights off) and waits until they left.
    func sendAndFlush(_ frames: [BoardFrame])
}

/// One station board's USB link through libusb (a station with several
/// boards has one port per board, each opening its vendor, product and
/// serial, and naming its board in what it reports). It reports the link's
/// changes and the board's transfers to the pipeline, and sends the frames
/// the pipeline's board session asks for. What the board's frames mean, the
/// handshake and liveness are the pipeline's, not this transport's.
///
/// A board that is not there is looked for once a second with a fresh
/// libusb context (a new context rescans the bus without depending on
/// hotplug events, which need udevd).
public final class BoardPort: BoardTransport {
    /// The board's name in the station (`board` for a station's one `board:`).
    public let name: String
    private let selector: BoardSelector
    private var usb: USBContext?
    private var board: USBBoard?
    private var nextTry: Micros = 0
    private var goneSeen = false

    public init(board: StationBoard) {
        name = board.name
        selector = board.selector
    }

    public var descriptors: [(descriptor: Int32, events: Epoll.Events)] {
        (usb?.pollDescriptors() ?? []).map { (descriptor: $0.fd, events: [.readable, .writable]) }
    }

    public var nextWake: Micros? { board == nil ? nextTry : nil }

    public func start(at time: Micros, into sink: StationSink) {
        sink.take(.boardLink(name: name, change: .absent), at: time)
        connect(at: time, into: sink)
    }

    public func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {
        turnTime = time
        usb?.handleEvents()
    }

    public func tick(at time: Micros, into sink: StationSink) {
        if let gone = board, gone.isGone {
            // Released here, never from libusb's own callback.
            gone.close()
            board = nil
            usb = nil
            nextTry = time + 1_000_000
        }
        if board == nil, time >= nextTry { connect(at: time, into: sink) }
    }

    /// Sends a frame the pipeline's session asked for.
    public func send(_ frame: BoardFrame, log: (String) -> Void) {
        guard let board, !board.isGone else { return }
        do { try board.send(BoardEncoder.encode(frame)) } catch { log("\(label): \(error)") }
    }

    public func stop(into sink: StationSink) {
        board?.close()
        board = nil
        usb = nil
    }

    /// Sends the last frames (lights off) and waits until they left.
    public func sendAndFlush(_ frames: [BoardFrame]) {
        guard let board, !board.isGone else { return }
        for frame in frames { board.sendAndFlush(BoardEncoder.encode(frame)) }
    }

    private func connect(at time: Micros, into sink: StationSink) {
        nextTry = time + 1_000_000
        do {
            let context = try USBContext()
            guard let opened = try USBBoard.open(context: context, vendor: selector.vendor, product: selector.product,
                                                 serial: selector.serial) else { return }
            // The loop reads the time once per turn; transfers of this turn carry it.
            opened.onTransfer = { [unowned self, unowned sink] bytes in
                guard !bytes.isEmpty else { return }
                sink.take(.board(name: name, bytes: bytes), at: turnTime)
            }
            opened.onGone = { [unowned self, unowned sink] error in
                sink.log("\(label): \(error)")
                sink.take(.boardLink(name: name, change: .disconnected), at: turnTime)
            }
            usb = context
            board = opened
            turnTime = time
            sink.take(.boardLink(name: name, change: .connected), at: time)
        } catch {
            sink.log("\(label): \(error)")
        }
    }

    private var label: String { StationBoard.logName(name) }

    /// The time of the turn in which libusb's callbacks run (they run only
    /// inside `handleEvents`, called from `ready`).
    private var turnTime: Micros = 0
}
