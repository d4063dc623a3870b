import Display
import Evdev
import Foundation
import FrameOutput
import Framebuffer
import Journal
import LinuxSystem
import Pipeline
import Scripts
import StationEngine
import StationModel

/// The live station (`oss run`): one epoll loop over its device sources, a
/// timerfd for the pipeline's next deadline, and the stop requests. The
/// pipeline (`StationCore`) is the one `oss simulate` runs; this class only
/// brings it inputs and time, and takes its outputs to the devices.
///
/// One turn of the loop:
///
///     wait (epoll: sources' descriptors, timer) ─▶ ready sources read ─▶ pipeline
///       ─▶ sources' ticks ─▶ timers still due fire ─▶ picture ─▶ journal and trace (off the input-to-picture path)
///
/// Time comes from an injected clock: tests drive `turn(ready:)` with a
/// manual clock and in-memory sources, without sleeping.
public final class LiveStation: StationSink {
    public struct Options {
        public var journalPath = "oss.db"
        /// Write DIR/NNNNNN.png (and NNNNNN-KK.png) instead of showing pictures on a framebuffer.
        public var framesDirectory: String?
        /// Framebuffer device; nil: the station's `projector.output`.
        public var framebuffer: String?
        public var inputDirectory = "/dev/input"
        /// Write the trace (JSON Lines) here.
        public var tracePath: String?
        /// Write every input as an event script here, for `oss simulate` to replay.
        public var recordPath: String?
        /// Files no output may replace (the station's, the journal).
        public var protected = ProtectedFiles()
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
        case output(String)
        /// The run ended, but not everything it should have written was written.
        case unwritten(String)
        public var description: String {
            switch self {
            case .system(let error): "\(error)"
            case .display(let reason): reason
            case .output(let reason): reason
            case .unwritten(let what): what
            }
        }
    }

    public let station: Station
    private let options: Options
    private let clock: StationClock
    private let journal: Journal
    /// Device data → engine → picture; everything here is I/O around it.
    public let core: StationCore
    private var sources: [any DeviceSource]
    private let stops: StopRequests
    /// The sources that carry board links (a port per station board), in
    /// the order of the sources: each board's frames go to the one of its name.
    private let boardTransports: [any BoardTransport]
    private var frames: PNGFrameWriter?
    private var framebuffer: FramebufferOutput?
    private var trace: TraceWriter?
    private var recording: TraceWriter?
    private var pendingTrace: [String] = []
    private let epoll: Epoll
    private let timer: TimerDescriptor
    private var watched: [Int32: Int] = [:]
    /// Descriptors epoll refuses (EPERM: regular files, as an emulated usbfs
    /// node is): their source is asked to read them on every turn instead.
    private var unpollable: [Int32: Int] = [:]
    private var ready: [Epoll.Ready] = []
    private let start: Int64
    /// Wall-clock time (µs since the epoch) of engine time 0.
    private let origin: Int64
    private var stopRequested = false
    /// What could not be written (journal rows, trace, recording), for the
    /// end of the run: the first few, and how many in all (a long shift with
    /// a broken disk must not grow this without bound).
    private var unwritten: [String] = []
    private var unwrittenCount = 0
    /// The live state last handed to the journal (nil: none yet). It is
    /// written again only when it changes; a failed write is retried with
    /// the next change.
    private var journalledLive: StationLiveState?

    private func noteUnwritten(_ what: String) {
        unwrittenCount += 1
        if unwritten.count < 5 { unwritten.append(what) }
    }
    private let systemd = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
    private var lastWatchdog: Micros = 0
    /// Counts of what could not be used, by source.
    public var dropped: [String: Int] { core.dropped }

    /// `sources`: extra device sources (tests: in-memory ones); the station's
    /// evdev devices and its board are added unless `standardSources` is false.
    public init(station: Station, options: Options, clock: StationClock = SystemClock.shared,
                sources extra: [any DeviceSource] = [], standardSources: Bool = true) throws {
        self.station = station
        self.options = options
        self.clock = clock
        // Before anything can start a thread: the stop signals must reach only the signalfd.
        do { stops = try StopRequests(handleSignals: options.handleSignals) } catch { throw SetupError.system(error) }
        journal = try Journal(path: options.journalPath)
        start = clock.monotonicMicros()
        origin = clock.wallMicros()
        let renderer = try PNGFrameWriter.renderer(for: station)
        if let directory = options.framesDirectory {
            frames = try PNGFrameWriter(directory: directory, renderer: renderer, protecting: options.protected)
        } else {
            let path = options.framebuffer ?? station.projector.output
            do {
                let device = try FramebufferDevice(path: path, expected: (station.projector.width, station.projector.height))
                framebuffer = FramebufferOutput(device: device, renderer: renderer)
            } catch {
                throw SetupError.display("\(error) (use --frames DIR to write pictures instead)")
            }
        }
        // The core draws only for the framebuffer; the PNG writer draws with the renderer itself.
        core = StationCore(station: station, history: journal.liveHistory(), origin: origin,
                           renderer: framebuffer == nil ? nil : renderer, describe: EvdevNames.describe)
        do {
            if let path = options.tracePath { trace = try TraceWriter(path: path, protecting: options.protected) }
            if let path = options.recordPath { recording = try TraceWriter(path: path, protecting: options.protected) }
        } catch {
            throw SetupError.output("\(error)")
        }
        do {
            epoll = try Epoll()
            timer = try TimerDescriptor()
            try epoll.add(timer.descriptor.rawValue, for: .readable)
        } catch {
            throw SetupError.system(error)
        }
        sources = [stops]
        if standardSources {
            sources.append(EvdevInputs(station: station, directory: options.inputDirectory,
                                       serves: { [core] in core.inputs(servedBy: $0) }))
        }
        if standardSources { sources += station.boards.map(BoardPort.init(board:)) as [any DeviceSource] }
        sources += extra
        boardTransports = sources.compactMap { $0 as? any BoardTransport }
        wire()
        register()
    }

    /// Records the station's id, name and products for the console; a
    /// failure is logged and counted, and the station runs on.
    private func register() {
        do {
            try journal.registerStation(id: station.id, name: station.name, products: station.products.map(\.id), at: origin)
        } catch {
            options.log("journal: \(error)")
            noteUnwritten("journal: \(error)")
        }
    }

    private func wire() {
        core.onNotice = { [options] in options.log($0) }
        core.onBoardFrame = { [unowned self] board, frame in
            boardTransports.first { $0.name == board }?.send(frame, log: options.log)
        }
        if let recording {
            let wall = UTCTime.format(origin)
            recording.write("# oss run --record: station \(station.id), started \(wall); replay with oss simulate --start \(wall)")
            core.onInput = { input, time in
                if let line = EventScript.line(for: input, at: time) { recording.write(line) }
            }
        }
        if trace != nil {
            core.onEvent = { [unowned self] event in pendingTrace.append(TraceEncoding.line(event)) }
        }
        if let frames {
            core.onPicture = { [unowned self] time, name in
                do { try frames.show(core.model(at: time), as: name) } catch { options.log("display: \(error)") }
            }
        }
    }

    /// Engine time: microseconds since the loop started.
    public var now: Micros { clock.monotonicMicros() - start }

    // MARK: StationSink

    public func take(_ input: StationInput, at time: Micros) {
        core.take(input, at: time)
    }

    public func log(_ message: String) {
        options.log(message)
    }

    /// Asks the loop to stop; safe from any thread: only the eventfd is
    /// touched here, and the loop's own thread reads it and ends its turn.
    public func requestStop() {
        stops.request()
    }

    public func stopAfterThisTurn() {
        stopRequested = true
    }

    // MARK: Loop

    /// Runs until `requestStop()` or SIGHUP/SIGINT/SIGTERM; then switches the
    /// lights off and closes the journal.
    public func run() throws {
        if options.realtime { askForRealtime() }
        begin()
        systemd.notify("READY=1\nSTATUS=station \(station.id) running")
        while !stopRequested {
            try armTimer()
            do { try epoll.wait(timeoutMilliseconds: -1, into: &ready) } catch { throw SetupError.system(error) }
            turn(ready: ready)
        }
        try finish()
    }

    /// Opens the sources and shows the first picture.
    public func begin() {
        let time = now
        for source in sources { source.start(at: time, into: self) }
        core.advance(to: time)
        if let framebuffer {
            do { try framebuffer.showWhole(core.model(at: time)) } catch { options.log("display: \(error)") }
        }
        if let note = framebuffer?.consoleNote { options.log("note: \(note)") }
        reportMissing()
        syncDescriptors()
        flush()
    }

    /// One turn after a wait: the ready sources read, the sources tick, the
    /// timers still due fire, the picture follows, then the journal and
    /// trace. Every input fires the timers due by its own time first, so an
    /// input a tick hands over with an earlier time than the turn's keeps its
    /// place before a timer (or the end of the "well done" feedback) due
    /// between the two.
    public func turn(ready: [Epoll.Ready]) {
        let time = now
        for event in ready {
            if event.descriptor == timer.descriptor.rawValue {
                _ = try? timer.acknowledge()
            } else if let index = watched[event.descriptor] {
                sources[index].ready(event.descriptor, events: event.events, at: time, into: self)
            }
        }
        for (descriptor, index) in unpollable { sources[index].ready(descriptor, events: .readable, at: time, into: self) }
        for source in sources { source.tick(at: time, into: self) }
        // Recorded only when something was due, so a replay fires the same timers at the same times.
        if let due = core.nextDeadline, due <= time { core.take(.time, at: time) }
        if let framebuffer {
            do { try framebuffer.show(core.model(at: time)) } catch { options.log("display: \(error)") }
        }
        watchdog(at: time)
        syncDescriptors()
        flush()
    }

    /// Switches the lights off, closes the devices, writes what is left.
    /// Throws, after all of that, when a journal record, the trace or the
    /// recording could not be written: the station kept running, but the run
    /// must not end as a success.
    public func finish() throws {
        systemd.notify("STOPPING=1")
        for transport in boardTransports { transport.sendAndFlush(core.lightsOff(on: transport.name)) }
        for source in sources { source.stop(into: self) }
        flush()
        for output in [trace, recording].compactMap({ $0 }) {
            do { try output.close() } catch {
                options.log("\(error)")
                noteUnwritten("\(error)")
            }
        }
        options.log("stopped: journal \(options.journalPath) closed, lights off")
        if unwrittenCount > 0 {
            throw SetupError.unwritten("not everything was written: " + unwritten.joined(separator: "; ")
                                       + (unwrittenCount > unwritten.count ? " and \(unwrittenCount - unwritten.count) more" : ""))
        }
    }

    /// The timer wakes the loop at the pipeline's next deadline or a source's wish; at most 100 ms apart.
    private func armTimer() throws {
        let time = now
        var wake = time + 100_000
        if let deadline = core.nextDeadline { wake = min(wake, deadline) }
        for source in sources { if let wanted = source.nextWake { wake = min(wake, wanted) } }
        do { try timer.arm(afterMicroseconds: wake - time) } catch { throw SetupError.system(error) }
    }

    /// Keeps the epoll set equal to what the sources want to be watched.
    private func syncDescriptors() {
        var wanted: [Int32: (Int, Epoll.Events)] = [:]
        for (index, source) in sources.enumerated() {
            for entry in source.descriptors { wanted[entry.descriptor] = (index, entry.events) }
        }
        for descriptor in watched.keys where wanted[descriptor] == nil {
            do { try epoll.remove(descriptor) } catch { options.log("epoll: \(error)") }
            watched[descriptor] = nil
        }
        for descriptor in unpollable.keys where wanted[descriptor] == nil { unpollable[descriptor] = nil }
        for (descriptor, entry) in wanted where watched[descriptor] == nil && unpollable[descriptor] == nil {
            do {
                try epoll.add(descriptor, for: entry.1)
                watched[descriptor] = entry.0
            } catch {
                // Said once per descriptor; the loop then reads it every turn (at most 100 ms apart).
                unpollable[descriptor] = entry.0
                options.log("\(sources[entry.0].name) descriptor \(descriptor) cannot be waited on (\(error)); read on every turn")
            }
        }
    }

    /// Journal first, then the trace lines of what it now holds. The live
    /// state goes into the same transaction, and only when it changed.
    private func flush() {
        let writes = core.takeWrites()
        let live = core.liveState
        let liveChanged = live != journalledLive
        if !writes.isEmpty || liveChanged {
            journalledLive = live
            do {
                if let rejected = try journal.recordKeepingGoodRows(writes, station: station.id,
                                                                    live: liveChanged ? (live, origin + core.now) : nil) {
                    for row in rejected { options.log("journal: not stored: \(row)") }
                    for row in rejected { noteUnwritten("journal: not stored: \(row)") }
                }
            } catch {
                options.log("journal: \(error)")
                noteUnwritten("journal: \(error)")
            }
        }
        if let trace, !pendingTrace.isEmpty {
            for line in pendingTrace { trace.write(line) }
            pendingTrace.removeAll(keepingCapacity: true)
            trace.flush()
        }
        recording?.flush()
    }

    private func watchdog(at time: Micros) {
        guard let interval = systemd.watchdogInterval, time - lastWatchdog >= interval else { return }
        lastWatchdog = time
        systemd.notify("WATCHDOG=1")
    }

    private func askForRealtime() {
        if let refusal = Scheduling.requestRealtime() {
            options.log("note: running without real-time priority (SCHED_FIFO: \(refusal.reason))")
        }
        if let refusal = Scheduling.lockMemory() {
            options.log("note: memory not locked (mlockall: \(refusal.reason))")
        }
    }

    private func reportMissing() {
        let inventory = DeviceInventory.take(station: station, inputDirectory: options.inputDirectory)
        if !inventory.missing.isEmpty {
            options.log("waiting for devices of: \(inventory.missing.joined(separator: ", "))")
        }
    }
}
