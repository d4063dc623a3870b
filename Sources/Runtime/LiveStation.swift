import BoardLink
import BoardProtocol
import CLinuxLoop
import Display
import Evdev
import Framebuffer
import InputMapping
import Journal
import LinuxSystem
import StationEngine
import StationModel
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The live station (`oss run`): one loop over the input devices, the
/// station board's USB descriptors, a timer for the engine's timers and
/// housekeeping, and a stop descriptor. Per input: engine → frame first,
/// then lights, then the journal, so disk waits are not on the path from an
/// input to the picture.
public final class LiveStation {
    public struct Options {
        public var journalPath = "oss.db"
        /// Write PNG frames here instead of showing them on a framebuffer.
        public var framesDirectory: String?
        /// Framebuffer device; nil: the station's `projector.output`.
        public var framebuffer: String?
        public var inputDirectory = "/dev/input"
        /// Ask for SCHED_FIFO and lock memory.
        public var realtime = true
        /// Stop on SIGHUP, SIGINT and SIGTERM.
        public var handleSignals = true
        public var log: (String) -> Void = { _ in }

        public init() {}
    }

    public enum SetupError: Error, CustomStringConvertible {
        case system(SystemError)
        case display(String)
        public var description: String {
            switch self {
            case .system(let error): "\(error)"
            case .display(let reason): reason
            }
        }
    }

    public let station: Station
    private let options: Options
    private let journal: Journal
    /// Device data → engine → picture; everything here is I/O around it.
    private let core: StationCore
    private var frames: PNGFrameWriter?
    private var framebuffer: FramebufferDevice?
    /// A fresh libusb context per connection: a new context rescans the bus,
    /// so a replugged board is found without depending on hotplug events.
    private var usb: USBContext?
    private var board: USBBoard?
    private var devices: [Int32: EvdevDevice] = [:]
    private var usbDescriptors: Set<Int32> = []
    private let epoll: Int32
    private let timer: Int32
    private let stopEvent: Int32
    private var signals: Int32 = -1
    /// inotify on the input folder: devices added or removed are seen at
    /// once; the periodic rescan covers systems where it is not available.
    private var inputWatch: Int32 = -1
    private var lastScan: Int64?
    private var lastBoardTry: Int64?
    private let start: Int64
    private var lightsShown: [Bool] = []
    private let systemd = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
    private var lastWatchdog: Int64 = 0
    /// Counts of what could not be used, by source.
    public var dropped: [String: Int] { core.dropped }

    public init(station: Station, options: Options) throws {
        self.station = station
        self.options = options
        // Blocked before anything can start a thread, so that every thread
        // inherits the mask and a stop signal can only reach the signalfd.
        if options.handleSignals { Self.blockStopSignals() }
        journal = try Journal(path: options.journalPath)
        start = Self.monotonic()
        let renderer = try PNGFrameWriter.renderer(for: station)
        core = StationCore(station: station, history: Simulation.history(from: journal), origin: Self.wallClock(),
                           renderer: renderer)
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        stopEvent = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard epoll >= 0, timer >= 0, stopEvent >= 0 else { throw SetupError.system(SystemError(call: "epoll/timerfd/eventfd", errno: errno)) }
        watch(timer)
        watch(stopEvent)
        if options.handleSignals {
            var set = Self.stopSignalSet()
            signals = signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
            if signals >= 0 { watch(signals) }
        }
        inputWatch = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if inputWatch >= 0 {
            if inotify_add_watch(inputWatch, options.inputDirectory, UInt32(IN_CREATE | IN_DELETE | IN_ATTRIB)) >= 0 {
                watch(inputWatch)
            } else {
                close(inputWatch)
                inputWatch = -1
            }
        }
        if let directory = options.framesDirectory {
            frames = try PNGFrameWriter(directory: directory, renderer: renderer)
        } else {
            let path = options.framebuffer ?? station.projector.output
            do {
                framebuffer = try FramebufferDevice(path: path, expected: (station.projector.width, station.projector.height))
            } catch {
                throw SetupError.display("\(error) (use --frames DIR to write pictures instead)")
            }
        }
        core.onDropped = { [options] source, reason in options.log("dropped (\(source)): \(reason)") }
        core.onEvent = { [unowned self] in noticed($0) }
    }

    deinit {
        for fd in [epoll, timer, stopEvent, signals, inputWatch] where fd >= 0 { close(fd) }
    }

    /// Asks the loop to stop; safe from any thread.
    public func requestStop() {
        var one: UInt64 = 1
        _ = write(stopEvent, &one, 8)
    }

    static func monotonic() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    static func wallClock() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// Engine time: microseconds since the loop started.
    private var now: Micros { Self.monotonic() - start }

    private func watch(_ fd: Int32, events: UInt32 = EPOLLIN.rawValue) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    private func unwatch(_ fd: Int32) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
    }

    // MARK: Loop

    /// Runs until `requestStop()` or SIGHUP/SIGINT/SIGTERM; then switches the
    /// lights off and closes the journal.
    public func run() throws {
        if options.realtime { askForRealtime() }
        if station.board != nil { handle(.deviceOffline("board")) }
        housekeeping()
        show()
        reportMissing()
        systemd.notify("READY=1\nSTATUS=station \(station.id) running")
        var ready = [epoll_event](repeating: epoll_event(), count: 32)
        loop: while true {
            armTimer()
            let count = epoll_wait(epoll, &ready, Int32(ready.count), 1000)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(call: "epoll_wait", errno: errno)
            }
            for index in 0..<Int(count) {
                let fd = ready[index].data.fd
                if fd == stopEvent || fd == signals { break loop }
                if fd == timer {
                    var expirations: UInt64 = 0
                    _ = read(timer, &expirations, 8)
                } else if fd == inputWatch {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while read(inputWatch, &buffer, buffer.count) > 0 {}
                    lastScan = nil  // rescan now
                } else if let device = devices[fd] {
                    readDevice(device)
                } else if usbDescriptors.contains(fd) {
                    usb?.handleEvents()
                }
            }
            fireTimers()
            housekeeping()
            show()
            flushJournal()
        }
        shutdown()
    }

    private func askForRealtime() {
        var parameters = sched_param(sched_priority: 20)
        if sched_setscheduler(0, SCHED_FIFO, &parameters) != 0 {
            options.log("note: running without real-time priority (SCHED_FIFO: \(String(cString: strerror(errno))))")
        }
        if mlockall(MCL_CURRENT | MCL_FUTURE) != 0 {
            options.log("note: memory not locked (mlockall: \(String(cString: strerror(errno))))")
        }
    }

    /// Each stops the loop cleanly: a closed terminal (SIGHUP) as much as Ctrl-C or systemd.
    static let stopSignals = [SIGHUP, SIGINT, SIGTERM]

    private static func stopSignalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in stopSignals { sigaddset(&set, signal) }
        return set
    }

    /// The stop signals are read from a signalfd in the loop, not delivered.
    private static func blockStopSignals() {
        var set = stopSignalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private func armTimer() {
        var wait: Int64 = 100_000
        if let deadline = core.engine.nextDeadline { wait = max(1, min(wait, deadline - now)) }
        var spec = itimerspec(it_interval: timespec(),
                              it_value: timespec(tv_sec: Int(wait / 1_000_000), tv_nsec: Int(wait % 1_000_000) * 1000))
        timerfd_settime(timer, 0, &spec, nil)
    }

    // MARK: Inputs

    private func handle(_ input: EngineInput) {
        core.handle(input, at: now)
    }

    private func fireTimers() {
        core.advance(to: now)
    }

    /// Logs what the people at the station or the supervisor should know;
    /// advice is applied here (a journal write) when the station says so.
    private func noticed(_ event: TraceEvent) {
        if case let .levelAdvice(worker, product, from, to, reason) = event.kind {
            options.log("level advice for \(worker) on \(product): \(from) → \(to) (\(reason))")
            if station.levels.auto {
                do {
                    try journal.setLevel(worker: worker, product: product, level: to, by: "auto", reason: reason,
                                         at: Self.wallClock())
                } catch { options.log("journal: \(error)") }
            }
        }
        if case let .error(step, kind, input) = event.kind { options.log("error: \(kind.rawValue) on \(input) at step \(step)") }
    }

    private func readDevice(_ device: EvdevDevice) {
        var events: [EvdevEvent] = []
        let outcome = device.readAvailable(into: &events)
        let time = now
        for event in events { core.evdev(event, at: time) }
        if case .gone(let error) = outcome {
            options.log("input device \(device.identity) at \(device.path) is gone (\(error))")
            unwatch(device.descriptor)
            devices[device.descriptor] = nil
        }
    }

    private func boardTransfer(_ bytes: [UInt8]) {
        apply(core.boardTransfer(bytes, at: now))
    }

    private func apply(_ actions: [BoardSession.Action]) {
        for action in actions {
            switch action {
            case .send(let frame):
                do { try board?.send(BoardEncoder.encode(frame)) } catch { options.log("board: \(error)") }
            case .online(let identity):
                options.log("board \(identity.serial) online (firmware \(identity.firmware.major).\(identity.firmware.minor).\(identity.firmware.patch))")
                handle(.deviceOnline("board"))
            case .offline(let reason):
                options.log("board offline: \(reason)")
                handle(.deviceOffline("board"))
            case let .sequenceGap(expected, received):
                options.log("board: frames lost (expected \(expected), got \(received)); asked for a snapshot")
            }
        }
    }

    // MARK: Devices

    private func housekeeping() {
        let time = now
        if let interval = systemd.watchdogInterval, time - lastWatchdog >= interval {
            lastWatchdog = time
            systemd.notify("WATCHDOG=1")
        }
        if lastScan.map({ time - $0 >= 1_000_000 }) ?? true {
            lastScan = time
            scanInputDevices()
        }
        guard let selector = station.board else { return }
        if let gone = board, gone.isGone {
            gone.close()
            board = nil
            dropUSB()
        }
        if board == nil, lastBoardTry.map({ time - $0 >= 1_000_000 }) ?? true {
            lastBoardTry = time
            connectBoard(selector, at: time)
        }
        apply(core.session.tick(at: time))
        syncUSBDescriptors()
        updateLights()
    }

    private func connectBoard(_ selector: BoardSelector, at time: Int64) {
        do {
            dropUSB()
            let context = try USBContext()
            guard let opened = try USBBoard.open(context: context, vendor: selector.vendor, product: selector.product) else { return }
            opened.onTransfer = { [unowned self] in boardTransfer($0) }
            // Runs inside libusb's event handling: the board is released later,
            // in housekeeping, never from its own callback.
            opened.onGone = { [unowned self] error in
                options.log("board: \(error)")
                apply(core.session.disconnected())
                handle(.deviceOffline("board"))
            }
            usb = context
            board = opened
            core.resetBoardDecoder()
            apply(core.session.connected(at: time))
        } catch {
            options.log("board: \(error)")
        }
    }

    /// Forgets the libusb context, its descriptors first.
    private func dropUSB() {
        for fd in usbDescriptors { unwatch(fd) }
        usbDescriptors = []
        usb = nil
    }

    private func syncUSBDescriptors() {
        guard let usb else { return }
        let current = Set(usb.pollDescriptors().map(\.fd))
        for fd in usbDescriptors.subtracting(current) { unwatch(fd) }
        for fd in current.subtracting(usbDescriptors) { watch(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue) }
        usbDescriptors = current
    }

    private func scanInputDevices() {
        let open = Set(devices.values.map(\.path))
        for found in EvdevDiscovery.scan(directory: options.inputDirectory).found where !open.contains(found.path) {
            let inputs = core.inputs(servedBy: found.identity)
            guard !inputs.isEmpty, let device = try? EvdevDevice(path: found.path) else { continue }
            let isText = station.inputs.contains { input in
                guard inputs.contains(input.name), case .evdev(let source) = input.source else { return false }
                return source.delivery == .text
            }
            if isText {
                do { try device.grab() } catch { options.log("could not grab \(found.path): \(error)") }
            }
            devices[device.descriptor] = device
            watch(device.descriptor)
            options.log("input device \(found.identity) at \(found.path) serves \(inputs.joined(separator: ", "))")
        }
    }

    private func reportMissing() {
        let inventory = DeviceInventory.take(station: station, inputDirectory: options.inputDirectory)
        if !inventory.missing.isEmpty {
            options.log("waiting for devices of: \(inventory.missing.joined(separator: ", "))")
        }
    }

    /// The bin lights follow the current step's `light:` list.
    private func updateLights() {
        guard station.board != nil else { return }
        let wanted = core.wantedLights
        guard wanted != lightsShown else { return }
        lightsShown = wanted
        apply(core.session.setLights(wanted))
    }

    // MARK: Output

    private func show() {
        updateLights()
        let time = now
        do {
            if let frames {
                try frames.show(core.model(at: time), afterEvent: max(1, core.eventCount))
            } else if let framebuffer, let dirty = core.render(at: time) {
                try framebuffer.sink.show(core.renderer.frame, dirty: dirty)
            }
        } catch {
            options.log("display: \(error)")
        }
    }

    private func flushJournal() {
        for write in core.takeWrites() {
            do {
                switch write {
                case let .login(worker, at): try journal.recordLogin(worker: worker, station: station.id, at: at)
                case let .logout(worker, at): try journal.recordLogout(worker: worker, station: station.id, at: at)
                case let .cycle(record): try journal.record(record)
                }
            } catch {
                options.log("journal: \(error)")
            }
        }
    }

    private func shutdown() {
        systemd.notify("STOPPING=1")
        if let board {
            for case .send(let frame) in core.session.lightsOff() { board.sendAndFlush(BoardEncoder.encode(frame)) }
            board.close()
        }
        board = nil
        flushJournal()
        options.log("stopped: journal \(options.journalPath) closed, lights off")
    }
}
