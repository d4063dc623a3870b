import Foundation
import Journal
import LinuxSystem
import Display
import Pipeline
import StationEngine
import StationModel

/// The console under load, measured from outside as a browser sees it:
/// `oss serve` runs as its own process on a journal of `rows` step rows,
/// `wrk` (Debian) asks `GET /api/workers`, and the station's live path runs
/// in this process on the same journal file.
///
/// - console_requests_per_s, console_p99_ms: wrk with 2 threads and 16
///   connections for a few seconds; medians of 3 runs.
/// - event_to_frame_p99_under_console_load: the bilinear lane fed device
///   events while wrk holds about 200 requests/s (2 connections, each
///   waiting 8 ms between requests; wrk is started 0.5 s before and runs
///   for twice the idle round's time), its journal writes committed to the
///   same journal after each frame; alternated with idle rounds of the same
///   size, whose median is `event_to_frame_p99_beside_console`.
extension StationBenchmark {
    static let consoleAccount = "bench.reader"
    static let consolePassword = "bench password 1234"

    func measureConsole(folder: String, into report: inout Report) throws {
        guard let oss = options.ossExecutable else { throw BenchError.setup("the console benchmark needs the oss executable") }
        guard let wrk = Self.executable("wrk") else { throw BenchError.setup("wrk is not installed (Debian package wrk; make test installs it)") }
        guard let curl = Self.executable("curl") else { throw BenchError.setup("curl is not installed (Debian package curl)") }
        let rows = options.quick ? 100_000 : 1_000_000
        let path = folder + "/console.db"
        let journal = try Journal(path: path)
        try Self.fillSteps(journal: journal, station: station, rows: rows)
        let added = try Self.run(oss, ["user", "add", "--journal", path, "--name", Self.consoleAccount, "--role", "supervisor", "--password-stdin"],
                                 input: Self.consolePassword + "\n")
        guard added.status == 0 else { throw BenchError.setup("oss user add failed: \(added.errors)") }
        let server = try ServerProcess(oss: oss, journal: path)
        defer { server.stop() }
        let cookie = try server.logIn(curl: curl, name: Self.consoleAccount, password: Self.consolePassword)
        let url = server.url + "/api/workers"
        let probe = try Self.run(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Cookie: \(cookie)", url])
        guard probe.output == "200" else { throw BenchError.setup("GET /api/workers answered \(probe.output)") }

        let seconds = options.quick ? 2 : 5
        var rates: [Double] = [], p99s: [Double] = []
        for _ in 0..<3 {
            let result = try Self.run(wrk, ["-t2", "-c16", "-d\(seconds)s", "--latency", "-H", "Cookie: \(cookie)", url])
            guard let figures = WrkFigures(result.output), figures.non2xx == 0 else {
                throw BenchError.setup("wrk failed or saw errors: \(result.output.suffix(400))")
            }
            rates.append(figures.requestsPerSecond)
            p99s.append(figures.p99Ms)
        }
        report.consoleRows = rows
        report.consoleRequestsPerS = Self.median(rates)
        report.consoleP99Ms = Self.median(p99s)

        let script = folder + "/pace.lua"
        try "function delay()\n  return 8\nend\n".write(toFile: script, atomically: true, encoding: .utf8)
        let perRound = options.quick ? 5_000 : 20_000
        var idle: [Double] = [], loaded: [Double] = [], loadRates: [Double] = []
        var feeder = try LaneFeeder(station: station, layout: layout, journal: journal)
        for _ in 0..<3 {
            let started = Self.nanoseconds()
            idle.append(try feeder.p99(events: perRound))
            // wrk runs for a set time, twice the idle round and a second more,
            // so the loaded round is under load from start to end, and wrk
            // ends by itself and prints its figures (no signal to race its start).
            let idleSeconds = Double(Self.nanoseconds() - started) / 1e9
            let load = try BackgroundProcess(wrk, ["-t1", "-c2", "-d\(Int(idleSeconds * 2) + 2)s", "--latency", "-s", script,
                                                   "-H", "Cookie: \(cookie)", url])
            Thread.sleep(forTimeInterval: 0.5)
            loaded.append(try feeder.p99(events: perRound))
            if let figures = WrkFigures(load.waitAndRead()) { loadRates.append(figures.requestsPerSecond) }
        }
        report.eventToFrameP99BesideConsole = Self.median(idle)
        report.eventToFrameP99UnderConsoleLoad = Self.median(loaded)
        report.consoleLoadRequestsPerS = Self.median(loadRates)
    }

    /// Feeds generated device events to one bilinear lane, committing its
    /// journal writes after each frame, as `oss run` does off the frame path.
    struct LaneFeeder {
        let lane: SamplerLane
        let journal: Journal
        let station: String
        var devices: EmulatedDevices
        var plan: ShiftPlan
        var next = 0
        var offset: Micros = 0
        var seed: UInt64 = 1
        let stationModel: Station

        init(station: Station, layout: PixelLayout, journal: Journal) throws {
            lane = try SamplerLane(station: station, sampler: .bilinear, layout: layout)
            self.journal = journal
            self.station = station.id
            stationModel = station
            devices = EmulatedDevices(station: station)
            plan = try ShiftPlan(station: station, hours: 8, workers: 8, seed: seed)
        }

        /// The p99 in ms of the next `events` device events.
        mutating func p99(events: Int) throws -> Double {
            lane.reset()
            var fed = 0
            while fed < events {
                if next == plan.entries.count {
                    offset += (plan.entries.last?.time ?? 0) + 60_000_000
                    seed += 1
                    plan = try ShiftPlan(station: stationModel, hours: 8, workers: 8, seed: seed)
                    next = 0
                }
                let entry = plan.entries[next]
                next += 1
                let time = offset + entry.time
                try lane.advance(to: time)
                for stimulus in devices.stimuli(for: entry.input) {
                    let writes = try lane.take(stimulus, at: time)
                    if !writes.isEmpty { try journal.record(writes, station: station) }
                    fed += 1
                }
            }
            return lane.latency.p99
        }
    }

    static func executable(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program to its end: status, standard output, standard error.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}

/// `oss serve` on a free loopback port, stopped with SIGTERM.
final class ServerProcess {
    let process = Process()
    let url: String

    init(oss: String, journal: String) throws {
        process.executableURL = URL(fileURLWithPath: oss)
        process.arguments = ["serve", "--journal", journal, "--listen", "127.0.0.1:0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = line.range(of: "listening on "), let end = line.firstIndex(of: "\n") else {
            process.terminate()
            throw StationBenchmark.BenchError.setup("oss serve did not start: \(line)")
        }
        url = String(line[range.upperBound..<end])
    }

    /// The session cookie (`oss_session=...`) of a login.
    func logIn(curl: String, name: String, password: String) throws -> String {
        let result = try StationBenchmark.run(curl, ["-s", "-D", "-", "-o", "/dev/null", "--data-urlencode", "name=\(name)",
                                                     "--data-urlencode", "password=\(password)", url + "/login"])
        guard let line = result.output.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("set-cookie: oss_session=") }),
              let pair = line.dropFirst("set-cookie: ".count).split(separator: ";").first else {
            throw StationBenchmark.BenchError.setup("the console login failed")
        }
        return String(pair)
    }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}

/// A program running beside the measurement for a set time (wrk with `-d`).
final class BackgroundProcess {
    let process = Process()
    let out = Pipe()

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the program to end and answers what it printed.
    func waitAndRead() -> String {
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

/// The figures of wrk's `--latency` report.
struct WrkFigures: Equatable {
    var requestsPerSecond: Double
    var p99Ms: Double
    var non2xx: Int

    init(requestsPerSecond: Double, p99Ms: Double, non2xx: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.p99Ms = p99Ms
        self.non2xx = non2xx
    }

    init?(_ text: String) {
        var rate: Double?, p99: Double?
        non2xx = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "Requests/sec:", words.count > 1 { rate = Double(words[1]) }
            if words.first == "99%", words.count > 1 { p99 = Self.milliseconds(String(words[1])) }
            if line.contains("Non-2xx or 3xx responses:"), let count = words.last.flatMap({ Int($0) }) { non2xx = count }
            if line.contains("Socket errors:") { non2xx += 1 }
        }
        guard let rate, let p99 else { return nil }
        requestsPerSecond = rate
        p99Ms = p99
    }

    /// wrk's durations: `812.00us`, `1.25ms`, `2.01s`, `1.5m`.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }
}
