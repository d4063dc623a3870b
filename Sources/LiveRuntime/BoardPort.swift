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
/// A board that is not there is looked for when the kernel reports a USB
/// device of its vendor and product (a uevent; no udevd needed), a few times
/// over the next 2 s (udev may set the node's permissions a little later),
/// each with a fresh libusb context, which rescans the bus. Only where the
/// uevent socket cannot be opened is the board looked for once a second.
public final class BoardPort: BoardTransport {
    /// The board's name in the station (`board` for a station's one `board:`).
    public let name: String
    private let selector: BoardSelector
    private var usb: USBContext?
    private var board: USBBoard?
    /// When to try to open the board next; nil: wait for a uevent.
    private var nextTry: Micros? = 0
    /// The tries left after a uevent, as delays from it.
    private var retries: [Micros] = []
    private var uevents: KernelEvents?
    /// Without uevents: look once a second.
    private var polling = false

    public init(board: StationBoard) {
        name = board.name
        selector = board.selector
    }

    public var descriptors: [(descriptor: Int32, events: Epoll.Events)] {
        var list = (usb?.pollDescriptors() ?? []).map { (descriptor: $0.fd, events: Epoll.Events([.readable, .writable])) }
        if let uevents { list.append((uevents.descriptor.rawValue, .readable)) }
        return list
    }

    public var nextWake: Micros? { board == nil ? nextTry : nil }

    public func start(at time: Micros, into sink: StationSink) {
        sink.take(.boardLink(name: name, change: .absent), at: time)
        do {
            uevents = try KernelEvents()
        } catch {
            polling = true
            sink.log("\(label): no kernel device events (\(error)); looking for the board once a second")
        }
        connect(at: time, into: sink)
    }

    public func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {
        if let uevents, descriptor == uevents.descriptor.rawValue {
            let plugged = (try? uevents.take())?.contains { isOurs($0) } ?? false
            if plugged, board == nil {
                nextTry = time
                retries = [200_000, 500_000, 1_000_000, 2_000_000]
            }
            return
        }
        turnTime = time
        usb?.handleEvents()
    }

    public func tick(at time: Micros, into sink: StationSink) {
        if let gone = board, gone.isGone {
            // Released here, never from libusb's own callback.
            gone.close()
            board = nil
            usb = nil
            // The device may come back before the kernel reports it gone.
            nextTry = time + 200_000
            retries = [1_000_000]
        }
        if board == nil, let due = nextTry, time >= due { connect(at: time, into: sink) }
    }

    /// A USB device of this board's vendor and product was added (`PRODUCT=vvvv/pppp/bcd`, hexadecimal).
    private func isOurs(_ event: KernelEvents.Event) -> Bool {
        guard event.action == "add" || event.action == "bind", event.subsystem == "usb",
              let product = event.properties["PRODUCT"] else { return false }
        let parts = product.split(separator: "/").map { UInt16($0, radix: 16) }
        return parts.count >= 2 && parts[0] == selector.vendor && parts[1] == selector.product
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
        uevents = nil
    }

    /// Sends the last frames (lights off) and waits until they left.
    public func sendAndFlush(_ frames: [BoardFrame]) {
        guard let board, !board.isGone else { return }
        for frame in frames { board.sendAndFlush(BoardEncoder.encode(frame)) }
    }

    private func connect(at time: Micros, into sink: StationSink) {
        if polling {
            nextTry = time + 1_000_000
        } else if !retries.isEmpty {
            nextTry = time + retries.removeFirst()
        } else {
            nextTry = nil
        }
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
