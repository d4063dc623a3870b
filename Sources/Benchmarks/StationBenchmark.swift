import Display
import Framebuffer
import Histogram
import Journal
import FrameOutput
import LiveRuntime
import Pipeline
import Replay
import Scripts
import LinuxSystem
import StationEngine
import StationModel
import Foundation

/// `oss bench`: the real code paths of a station, timed in one run.
///
/// - event to frame: each device event (one evdev event, or one USB transfer
///   from the board) goes through `StationCore` (decoding, mapping, engine,
///   display model, renderer) and the changed rectangle is written into a
///   framebuffer-sized shared mapping through `FramebufferSink`, as
///   `oss run` does. Timers are fired between events, untimed.
/// - full frame: a complete redraw of the busiest picture (a level-1 step
///   with text and picture) packed into the mapping, against a plain memcpy
///   of the same number of bytes into the same mapping.
/// - replay: a generated 8-hour shift of several workers through `Simulation`
///   with a journal on disk (group commit, synchronous=FULL).
/// - export: step rows written by the journal's own code, exported as CSV,
///   against the `sqlite3` command running the same query.
///
/// Figures are medians over repeated runs; the machine is shared.
public struct StationBenchmark {
    public struct Options {
        public var quick = false
        /// Where the benchmark's journals go (a new folder inside it).
        public var directory = "/tmp"
        public var log: (String) -> Void = { _ in }
        /// Run only these parts (for profiling one of them); empty: all.
        public var only: Set<Part> = []
        /// The `oss` program, for the parts that run it as its own process (console).
        public var ossExecutable: String?
        public init() {}
    }

    public enum Part: String, CaseIterable, Sendable {
        case eventToFrame = "event-to-frame", fullFrame = "full-frame", replay, export, console, sync

        func wanted(_ options: Options) -> Bool { options.only.isEmpty || options.only.contains(self) }
    }

    /// Event-to-frame figures of one panel sampler, in ms.
    public struct Latency: Sendable {
        public var p50 = 0.0
        public var p99 = 0.0
        public var p999 = 0.0
        public var max = 0.0
        public var changingEvents = 0
        public var changingP50 = 0.0
        public var changingP99 = 0.0
    }

    public struct Report: Sendable {
        /// With the table's sampler (bilinear): the contract's `event_to_frame_*` keys.
        public var eventToFrame = Latency()
        /// The same events through a renderer with the nearest-pixel sampler, interleaved.
        public var eventToFrameNearest = Latency()
        public var fullFrameMs = 0.0
        /// The full redraw with the nearest-pixel sampler (not a JSON key).
        public var fullFrameNearestMs = 0.0
        public var memcpyFrameMs = 0.0
        public var replayEventsPerS = 0.0
        public var exportRowsPerS = 0.0
        /// 0 when the sqlite3 command is not installed.
        public var sqliteCLIRowsPerS = 0.0
        public var peakRSSMB = 0.0
        /// `GET /api/workers` under wrk (2 threads, 16 connections).
        public var consoleRequestsPerS = 0.0
        public var consoleP99Ms = 0.0
        /// The bilinear event-to-frame p99 while wrk holds about 200 requests/s, and in idle rounds beside it.
        public var eventToFrameP99UnderConsoleLoad = 0.0
        public var eventToFrameP99BesideConsole = 0.0
        /// The rate the paced wrk actually held.
        public var consoleLoadRequestsPerS = 0.0
        public var consoleRows = 0
        /// `oss sync` of a journal of 1M step rows into an empty central
        /// PostgreSQL, and `psql \copy` of the same rows (rows per second).
        public var syncRowsPerS = 0.0
        public var psqlCopyRowsPerS = 0.0
        public var syncRows = 0
        /// The central database's size after one sync, per row sent (not a JSON key).
        public var syncCentralBytesPerRow = 0.0
        /// The bilinear event-to-frame p99 while `oss sync --follow` sends the same journal, and beside it.
        public var eventToFrameP99DuringSync = 0.0
        public var eventToFrameP99BesideSync = 0.0

        // Context for the human-readable report.
        public var events = 0
        public var replayEvents = 0
        public var replayCycles = 0
        public var exportRows = 0
        /// The projector's size, which the frames have.
        public var frameWidth = 0
        public var frameHeight = 0

        /// The JSON object of `oss bench --json`: exactly these keys.
        public var json: String {
            let pairs: [(String, Double)] = [
                ("event_to_frame_p50", eventToFrame.p50), ("event_to_frame_p99", eventToFrame.p99),
                ("event_to_frame_p99.9", eventToFrame.p999), ("full_frame_ms", fullFrameMs),
                ("memcpy_frame_ms", memcpyFrameMs), ("replay_events_per_s", replayEventsPerS),
                ("export_rows_per_s", exportRowsPerS), ("sqlite_cli_rows_per_s", sqliteCLIRowsPerS),
                ("peak_rss_mb", peakRSSMB), ("console_requests_per_s", consoleRequestsPerS), ("console_p99_ms", consoleP99Ms),
                ("event_to_frame_p99_under_console_load", eventToFrameP99UnderConsoleLoad),
                ("event_to_frame_p99_beside_console", eventToFrameP99BesideConsole),
                ("sync_rows_per_s", syncRowsPerS), ("psql_copy_rows_per_s", psqlCopyRowsPerS),
                ("event_to_frame_p99_during_sync", eventToFrameP99DuringSync),
                ("event_to_frame_p99_beside_sync", eventToFrameP99BesideSync),
            ]
            return "{" + pairs.map { "\"\($0.0)\": \(Self.number($0.1))" }.joined(separator: ", ") + "}"
        }

        static func number(_ value: Double) -> String {
            guard value.isFinite else { return "0" }
            return String(format: "%.4f", value)
        }
    }

    public enum BenchError: Error, CustomStringConvertible {
        case setup(String)
        public var description: String {
            switch self {
            case .setup(let reason): reason
            }
        }
    }

    public let station: Station
    public let options: Options

    public init(station: Station, options: Options) {
        self.station = station
        self.options = options
    }

    public func run() throws -> Report {
        var report = Report()
        let folder = options.directory + "/oss-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        if Part.eventToFrame.wanted(options) {
            options.log("event to frame ...")
            try measureEventToFrame(into: &report)
        }
        if Part.fullFrame.wanted(options) {
            options.log("full frame and memcpy ...")
            try measureFullFrame(into: &report)
        }
        if Part.replay.wanted(options) {
            options.log("replay ...")
            try measureReplay(folder: folder, into: &report)
        }
        if Part.export.wanted(options) {
            options.log("export ...")
            try measureExport(folder: folder, into: &report)
        }
        // Peak RSS is read before the console part, whose 1M-row journal and
        // second lane are the benchmark's, not the station's.
        report.peakRSSMB = Double(try ResourceUsage.ofProcess().peakResidentBytes) / (1024 * 1024)
        if Part.console.wanted(options) {
            options.log("console under wrk ...")
            try measureConsole(folder: folder, into: &report)
        }
        if Part.sync.wanted(options) {
            options.log("site sync against PostgreSQL ...")
            try measureSync(folder: folder, into: &report)
        }
        return report
    }

    // MARK: Event to frame

    /// Feeds the same device events to two pipelines, one per panel sampler,
    /// alternating which goes first, so both see the same machine load.
    func measureEventToFrame(into report: inout Report) throws {
        let target = options.quick ? 20_000 : 120_000
        let lanes = try [PanelSampler.bilinear, .nearest].map { try SamplerLane(station: station, sampler: $0, layout: layout) }
        var devices = EmulatedDevices(station: station)
        // The board's frames are mapped without a handshake: the emulated board sends no heartbeats, so a
        // connected session would call it silent after 3 s.
        var offset: Micros = 0
        var seed: UInt64 = 1
        var events = 0
        while events < target {
            let plan = try ShiftPlan(station: station, hours: 8, workers: 8, seed: seed)
            for entry in plan.entries where events < target {
                let time = offset + entry.time
                for lane in lanes { try lane.advance(to: time) }
                for stimulus in devices.stimuli(for: entry.input) {
                    let order = events % 2 == 0 ? lanes : lanes.reversed()
                    for lane in order { try lane.take(stimulus, at: time) }
                    events += 1
                }
            }
            offset += (plan.entries.last?.time ?? 0) + 60_000_000
            seed += 1
        }
        report.events = events
        report.eventToFrame = lanes[0].latency
        report.eventToFrameNearest = lanes[1].latency
    }

    /// One pipeline with its renderer and a framebuffer-sized mapping, timed per device event.
    final class SamplerLane {
        let core: StationCore
        let renderer: TableRenderer
        let sink: FramebufferSink
        var all = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var changing = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)

        init(station: Station, sampler: PanelSampler, layout: PixelLayout) throws {
            renderer = try PNGFrameWriter.renderer(for: station, sampler: sampler)
            core = StationCore(station: station, history: .empty, origin: 0, renderer: renderer)
            sink = FramebufferSink(mapping: try MemoryMapping(anonymousByteCount: layout.byteCount), layout: layout, pages: 1, pan: nil)
            core.render(at: 0)
            try sink.show(renderer.frame)
        }

        /// Timers due before an input fire first, as the loop's timerfd would (untimed).
        func advance(to time: Micros) throws {
            core.advance(to: time)
            if let dirty = core.render(at: time) { try sink.show(renderer.frame, changed: dirty) }
        }

        /// Forgets the figures so far (a new round).
        func reset() {
            all.reset()
            changing.reset()
        }

        /// Times one stimulus into the frame; answers the journal writes it made (untimed).
        @discardableResult
        func take(_ stimulus: EmulatedDevices.Stimulus, at time: Micros) throws -> [CycleRecorder.Write] {
            let start = StationBenchmark.nanoseconds()
            switch stimulus {
            case .evdev(let event): core.take(.evdev(event), at: time)
            case .board(let bytes): core.take(.board(bytes), at: time)
            }
            let dirty = core.render(at: time)
            if let dirty { try sink.show(renderer.frame, changed: dirty) }
            let elapsed = StationBenchmark.nanoseconds() - start
            all.record(elapsed)
            if dirty != nil { changing.record(elapsed) }
            // The journal writes happen after the frame, off this path.
            return core.takeWrites()
        }

        var latency: Latency {
            func ms(_ nanos: UInt64) -> Double { Double(nanos) / 1_000_000 }
            return Latency(p50: ms(all.valueAtPercentile(50)), p99: ms(all.valueAtPercentile(99)),
                           p999: ms(all.valueAtPercentile(99.9)), max: ms(all.max), changingEvents: Int(changing.totalCount),
                           changingP50: ms(changing.valueAtPercentile(50)), changingP99: ms(changing.valueAtPercentile(99)))
        }
    }

    var layout: PixelLayout {
        .xrgb8888(width: station.projector.width, height: station.projector.height)
    }

    // MARK: Full frame

    func measureFullFrame(into report: inout Report) throws {
        let renderer = try PNGFrameWriter.renderer(for: station)
        let nearest = try PNGFrameWriter.renderer(for: station, sampler: .nearest)
        let mapping = try MemoryMapping(anonymousByteCount: layout.byteCount)
        defer { withExtendedLifetime(mapping) {} }
        let source = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount, alignment: 64)
        defer { source.deallocate() }
        source.initializeMemory(as: UInt8.self, repeating: 0x5A, count: layout.byteCount)
        let model = Self.busiestModel(station)
        let rounds = options.quick ? 30 : 200
        var redraw: [UInt64] = [], redrawNearest: [UInt64] = [], copy: [UInt64] = []
        func redrawn(by renderer: TableRenderer) -> UInt64 {
            let start = Self.nanoseconds()
            renderer.redrawAll(model)
            layout.pack(renderer.frame, rect: renderer.frame.bounds, into: mapping.memory)
            return Self.nanoseconds() - start
        }
        for _ in 0..<rounds {
            // Interleaved, so that all three see the same machine load.
            redraw.append(redrawn(by: renderer))
            redrawNearest.append(redrawn(by: nearest))
            let start = Self.nanoseconds()
            mapping.memory.copyMemory(from: source, byteCount: layout.byteCount)
            copy.append(Self.nanoseconds() - start)
        }
        report.frameWidth = station.projector.width
        report.frameHeight = station.projector.height
        report.fullFrameMs = Self.median(redraw) / 1_000_000
        report.fullFrameNearestMs = Self.median(redrawNearest) / 1_000_000
        report.memcpyFrameMs = Self.median(copy) / 1_000_000
    }

    /// A level-1 step with its picture: text, picture and lit zones.
    static func busiestModel(_ station: Station) -> DisplayModel {
        for product in station.products {
            if let index = product.steps.firstIndex(where: { $0.image != nil && !$0.show.isEmpty }) {
                return DisplayModel(screen: .step(StepView(product: product.id, index: index, stepCount: product.steps.count, level: 1)))
            }
        }
        let product = station.products[0]
        return DisplayModel(screen: .step(StepView(product: product.id, index: 0, stepCount: product.steps.count, level: 1)))
    }

    // MARK: Replay

    func measureReplay(folder: String, into report: inout Report) throws {
        let plan = try ShiftPlan(station: station, hours: 8, workers: 12, seed: 7)
        let script = EventScript(lines: plan.entries.enumerated().map { index, entry in
            EventScript.Line(number: index + 1, time: entry.time, action: .engine(entry.input))
        })
        var rates: [Double] = []
        var cycles = 0
        for round in 0..<(options.quick ? 3 : 7) {
            let path = folder + "/replay-\(round).db"
            let journal = try Journal(path: path)
            var traceBytes = 0
            let start = Self.nanoseconds()
            let summary = try Simulation(station: station, journal: journal, origin: 1_795_000_000_000_000)
                .run(script) { traceBytes += TraceEncoding.line($0).utf8.count }
            let elapsed = Double(Self.nanoseconds() - start) / 1e9
            rates.append(Double(script.count) / elapsed)
            cycles = summary.cyclesDone
        }
        report.replayEvents = script.count
        report.replayCycles = cycles
        report.replayEventsPerS = Self.median(rates)
    }

    // MARK: Export

    func measureExport(folder: String, into report: inout Report) throws {
        let rows = options.quick ? 100_000 : 1_000_000
        let path = folder + "/export.db"
        let journal = try Journal(path: path)
        try Self.fillSteps(journal: journal, station: station, rows: rows)
        let devNull = try FileDescriptor.open("/dev/null", .writeOnly)
        var rates: [Double] = [], cliRates: [Double] = []
        for _ in 0..<3 {
            var lines = 0
            let start = Self.nanoseconds()
            try JournalExport(journal: journal).write(.steps, format: .csv, filter: .init()) { bytes in
                for byte in bytes where byte == 10 { lines += 1 }
                try devNull.writeAll(bytes)
            }
            let elapsed = Double(Self.nanoseconds() - start) / 1e9
            guard lines - 1 == rows else { throw BenchError.setup("export wrote \(lines - 1) rows, expected \(rows)") }
            rates.append(Double(rows) / elapsed)
            if let cli = try Self.sqliteCLI(path: path) { cliRates.append(Double(rows) / cli) }
        }
        report.exportRows = rows
        report.exportRowsPerS = Self.median(rates)
        report.sqliteCLIRowsPerS = cliRates.isEmpty ? 0 : Self.median(cliRates)
    }

    /// `rows` step rows of finished cycles, written by the journal's code in
    /// group commits; times a second apart so that exports sort real work.
    static func fillSteps(journal: Journal, station: Station, rows: Int) throws {
        let product = station.products[0]
        let stepCount = product.steps.count
        var random = SplitMix64(seed: 99)
        var writes: [CycleRecorder.Write] = []
        var time: Int64 = 1_795_000_000_000_000
        var written = 0, number = 0
        while written < rows {
            number += 1
            let worker = "W" + String(100 + number % 40)
            let steps = min(stepCount, rows - written)
            var record = CycleRecord(station: station.id, worker: worker, product: product.id, number: number, level: 1,
                                     status: .done, startedAt: time, endedAt: time, duration: nil, errors: 0, help: 0,
                                     normTime: product.normTime)
            for index in 0..<steps {
                let duration = Int64.random(in: 2_000_000...9_000_000, using: &random)
                record.steps.append(.init(step: product.steps[index].id, index: index + 1, startedAt: time, duration: duration))
                time += duration
            }
            record.endedAt = time
            record.duration = time - record.startedAt
            writes.append(.cycle(record))
            written += steps
            time += 2_000_000
            if writes.count == 2000 {
                try journal.record(writes, station: station.id)
                writes.removeAll(keepingCapacity: true)
            }
        }
        try journal.record(writes, station: station.id)
    }

    /// Seconds the sqlite3 command takes for the same rows as CSV, or nil
    /// when it is not installed.
    static func sqliteCLI(path: String) throws -> Double? {
        let candidates = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-csv", "-header", path, """
            SELECT c.worker, c.product, c.number AS cycle, s.step, s.idx AS "index",
                   strftime('%Y-%m-%dT%H:%M:%fZ', s.started_us / 1000000.0, 'unixepoch') AS started_at,
                   printf('%.3f', s.duration_us / 1000000.0) AS duration_s, s.errors, s.help
            FROM cycle_steps s JOIN cycles c ON c.id = s.cycle_id WHERE c.status = 'done'
            ORDER BY c.started_us, c.id, s.id
            """]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = nanoseconds()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.setup("sqlite3 failed on \(path)") }
        return Double(nanoseconds() - start) / 1e9
    }

    // MARK: Helpers

    static func nanoseconds() -> UInt64 { SystemClock.shared.monotonicNanoseconds() }

    static func median(_ values: [UInt64]) -> Double {
        median(values.map { Double($0) })
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
