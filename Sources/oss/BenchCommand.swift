import ArgumentParser
import Benchmarks
import Foundation
import StationModel

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure event-to-frame latency, redraw, replay and export speed, and peak memory.",
        discussion: """
            Runs the station's real code paths in one process (see BENCHMARKS.md): device \
            events through decoding, engine and renderer into a framebuffer-sized mapping; a \
            full redraw next to a memcpy of the same size; a generated 8-hour shift replayed \
            with the journal on; 1M step rows exported as CSV, next to the sqlite3 command; \
            the console (oss serve) under wrk on a journal of 1M step rows, and the live path \
            beside it while it serves about 200 requests/s; oss sync of 1M step rows into a \
            throwaway PostgreSQL next to psql \\copy of the same rows, and the live path while \
            oss sync --follow runs. \
            Build with -c release for meaningful figures. --quick uses fewer events and rows.
            """)

    @Option(help: "The station folder.") var station = "stations/fietslamp-1"
    @Option(help: "Folder for the benchmark's temporary journals.") var directory = NSTemporaryDirectory()
    @Flag(help: "Print one JSON object with the figures and nothing else.") var json = false
    @Flag(help: "A shorter run (20k events, 100k rows), for CI and a first look.") var quick = false
    @Option(help: "Run only this part (event-to-frame, full-frame, replay, export, console, sync); repeatable. Others report 0.")
    var only: [String] = []

    func run() throws {
        let station = try loadStation(station)
        var options = StationBenchmark.Options()
        options.quick = quick
        for name in only {
            guard let part = StationBenchmark.Part(rawValue: name) else {
                Self.complain("error: --only '\(name)' is not one of: \(StationBenchmark.Part.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(1)
            }
            options.only.insert(part)
        }
        options.ossExecutable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        options.directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let verbose = !json
        options.log = { message in if verbose { Self.complain(message) } }
        let report: StationBenchmark.Report
        do {
            report = try StationBenchmark(station: station, options: options).run()
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        if json {
            print(report.json)
        } else {
            print(Self.table(report))
        }
    }

    static func table(_ r: StationBenchmark.Report) -> String {
        func f(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
        let redrawRatio = r.memcpyFrameMs > 0 ? r.fullFrameMs / r.memcpyFrameMs : 0
        let consoleRatio = r.eventToFrameP99BesideConsole > 0 ? r.eventToFrameP99UnderConsoleLoad / r.eventToFrameP99BesideConsole : 0
        let exportRatio = r.sqliteCLIRowsPerS > 0 ? r.exportRowsPerS / r.sqliteCLIRowsPerS : 0
        let syncRatio = r.psqlCopyRowsPerS > 0 ? r.syncRowsPerS / r.psqlCopyRowsPerS : 0
        let syncLatencyRatio = r.eventToFrameP99BesideSync > 0 ? r.eventToFrameP99DuringSync / r.eventToFrameP99BesideSync : 0
        func verdict(_ ok: Bool) -> String { ok ? "met" : "MISSED" }
        return """
            event to frame (\(r.events) events), panel warp bilinear (the table's) and nearest, side by side:
              bilinear: p50 \(f(r.eventToFrame.p50)) ms   p99 \(f(r.eventToFrame.p99)) ms   p99.9 \(f(r.eventToFrame.p999)) ms   max \(f(r.eventToFrame.max)) ms
                        \(r.eventToFrame.changingEvents) changed the picture: p50 \(f(r.eventToFrame.changingP50)) ms   p99 \(f(r.eventToFrame.changingP99)) ms
              nearest:  p50 \(f(r.eventToFrameNearest.p50)) ms   p99 \(f(r.eventToFrameNearest.p99)) ms   p99.9 \(f(r.eventToFrameNearest.p999)) ms   max \(f(r.eventToFrameNearest.max)) ms
                        \(r.eventToFrameNearest.changingEvents) changed the picture: p50 \(f(r.eventToFrameNearest.changingP50)) ms   p99 \(f(r.eventToFrameNearest.changingP99)) ms
              target p99 <= 1 ms (bilinear): \(verdict(r.eventToFrame.p99 <= 1))
            full redraw \(r.frameWidth)x\(r.frameHeight) XRGB8888: bilinear \(f(r.fullFrameMs)) ms, nearest \(f(r.fullFrameNearestMs)) ms; memcpy of the same size: \(f(r.memcpyFrameMs)) ms (ratio \(f(redrawRatio, 2)))
              target <= 3 x memcpy: \(verdict(redrawRatio <= 3))
            replay of an 8-hour shift (\(r.replayEvents) events, \(r.replayCycles) cycles, journal on): \(f(r.replayEventsPerS, 0)) events/s
              target >= 100000 events/s: \(verdict(r.replayEventsPerS >= 100_000))
            export of \(r.exportRows) step rows as CSV: \(f(r.exportRowsPerS, 0)) rows/s; sqlite3 command: \(r.sqliteCLIRowsPerS > 0 ? f(r.sqliteCLIRowsPerS, 0) + " rows/s (ratio " + f(exportRatio, 2) + ")" : "not installed")
              target >= 2/3 of sqlite3: \(r.sqliteCLIRowsPerS > 0 ? verdict(exportRatio >= 2.0 / 3.0) : "not measured")
            peak RSS: \(f(r.peakRSSMB, 1)) MB (before the console part)
              target <= 64 MB: \(verdict(r.peakRSSMB <= 64))
            console, GET /api/workers on \(r.consoleRows) step rows (wrk, 2 threads, 16 connections): \(f(r.consoleRequestsPerS, 0)) requests/s, p99 \(f(r.consoleP99Ms)) ms
              target p99 <= 50 ms: \(verdict(r.consoleP99Ms <= 50))
            event to frame p99 while the console serves \(f(r.consoleLoadRequestsPerS, 0)) requests/s on the same journal: \(f(r.eventToFrameP99UnderConsoleLoad)) ms; idle rounds beside it: \(f(r.eventToFrameP99BesideConsole)) ms (ratio \(f(consoleRatio, 2)))
              target within 10 %: \(verdict(consoleRatio <= 1.1))
            oss sync of \(r.syncRows) rows (cycles, steps, errors, help) into PostgreSQL: \(f(r.syncRowsPerS, 0)) rows/s; psql \\copy of the same rows: \(f(r.psqlCopyRowsPerS, 0)) rows/s (ratio \(f(syncRatio, 2))); central size \(f(r.syncCentralBytesPerRow, 0)) bytes/row
              target >= 1/2 of COPY: \(verdict(syncRatio >= 0.5))
            event to frame p99 while oss sync --follow sends the same journal: \(f(r.eventToFrameP99DuringSync)) ms; beside it: \(f(r.eventToFrameP99BesideSync)) ms (ratio \(f(syncLatencyRatio, 2)))
              target within 10 %: \(verdict(syncLatencyRatio <= 1.1))
            """
    }
}
