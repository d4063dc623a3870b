import ArgumentParser
import Display
import Foundation
import Journal
import LinuxSystem
import FrameOutput
import Replay
import Scripts
import StationModel

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an event script through the engine with a simulated clock.",
        discussion: """
            Runs as fast as it can. Every engine event is journalled before its trace line \
            is written. Script time 0 is --start (default: now), which sets the journal's \
            wall-clock times.
            """)

    @Option(help: "The station folder.") var station: String
    @Option(help: "The event script (JSON Lines).") var events: String
    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Write the trace (JSON Lines) to FILE, or - for standard output.") var trace: String?
    @Option(help: "Write DIR/NNNNNN.png each time the projected picture changes after trace event NNNNNN, and DIR/NNNNNN-KK.png when it changes without an event (time alone, a count), up to the script's last line.")
    var frames: String?
    @Option(help: "Wall-clock time of script time 0, ISO 8601 (e.g. 2026-03-02T08:00:00Z).") var start: String?

    func run() throws {
        let station = try loadStation(station)
        let script: EventScript
        do {
            script = try EventScript.load(path: events, station: station)
        } catch {
            throw CommandFailure(describe(error))
        }
        let origin = try parseTime(start, option: "--start") ?? currentMicros()
        // Script times reach 10^9 s (31 years) past the start; every time must stay a 4-digit year.
        if origin > UTCTime.parse("9968-01-01")! {
            throw CommandFailure("error: --start \(start ?? "") is too late; give a time before 9968-01-01")
        }
        let summary = try runSimulation(station: station, script: script, journalPath: journal, tracePath: trace,
                                        framesDirectory: frames, origin: origin, inputs: protectedInputs(station: station, files: [events]))
        Self.complain("\(summary.events) events, \(summary.cyclesDone) cycles done, \(summary.cyclesAbandoned) abandoned; journal \(journal)")
    }
}

/// Shared by `simulate` and `demo`. No output, the journal included,
/// replaces one of `inputs`; the trace and frames never replace the journal.
func runSimulation(station: Station, script: EventScript, journalPath: String, tracePath: String?,
                   framesDirectory: String?, origin: Int64, inputs: ProtectedFiles) throws -> Simulation.Summary {
    try checkJournalPath(journalPath, apartFrom: inputs)
    var protected = inputs
    protected.addJournal(journalPath)
    if let tracePath, let framesDirectory, tracePath == framesDirectory {
        throw CommandFailure("error: --trace and --frames name the same path \(tracePath)")
    }
    var writer: TraceWriter?
    if let tracePath {
        do { writer = try TraceWriter(path: tracePath, protecting: protected) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
    }
    var frames: PNGFrameWriter?
    if let framesDirectory {
        let renderer: TableRenderer
        do { renderer = try PNGFrameWriter.renderer(for: station) } catch {
            throw CommandFailure("error: station \(station.directory): \(describe(error))")
        }
        do {
            try Folder.create(framesDirectory)
            frames = try PNGFrameWriter(directory: framesDirectory, renderer: renderer, protecting: protected)
        } catch {
            throw CommandFailure("error: cannot write frames to \(framesDirectory): \(describe(error))")
        }
    }
    let journal = try openJournal(journalPath, apartFrom: inputs)
    let summary: Simulation.Summary
    do {
        summary = try Simulation(station: station, journal: journal, origin: origin, frames: frames).run(script) { event in
            writer?.write(TraceEncoding.line(event))
        }
    } catch {
        // Whole or not at all: a trace file keeps its old content (a stream
        // already holds the lines of what the journal recorded).
        writer?.flush()
        writer?.abandon()
        throw CommandFailure("error: \(describe(error)); cycles already recorded in \(journalPath) are kept")
    }
    do { try writer?.close() } catch {
        throw CommandFailure("error: \(describe(error)); the cycles are recorded in \(journalPath)")
    }
    if !summary.rejected.isEmpty {
        for record in summary.rejected.prefix(50) { OSS.complain("error: journal \(journalPath): not stored: \(record)") }
        throw CommandFailure("error: \(summary.rejected.count) record\(summary.rejected.count == 1 ? "" : "s") not stored in "
                             + "\(journalPath); every other cycle is")
    }
    return summary
}
