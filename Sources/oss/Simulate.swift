import ArgumentParser
import Foundation
import Journal
import Runtime
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
    @Option(help: "Write DIR/NNNNNN.png each time the projected picture changes.") var frames: String?
    @Option(help: "Wall-clock time of script time 0, ISO 8601 (e.g. 2026-03-02T08:00:00Z).") var start: String?

    func run() throws {
        let station = try loadStation(station)
        let script: EventScript
        do {
            script = try EventScript.load(path: events, station: station)
        } catch {
            Self.complain(String(describing: error))
            throw ExitCode(1)
        }
        let origin = try parseTime(start, option: "--start") ?? currentMicros()
        let summary = try runSimulation(station: station, script: script, journalPath: journal, tracePath: trace,
                                        framesDirectory: frames, origin: origin)
        Self.complain("\(summary.events) events, \(summary.cyclesDone) cycles done, \(summary.cyclesAbandoned) abandoned; journal \(journal)")
    }
}

/// Shared by `simulate` and `demo`.
func runSimulation(station: Station, script: EventScript, journalPath: String, tracePath: String?,
                   framesDirectory: String?, origin: Int64) throws -> Simulation.Summary {
    var frames: PNGFrameWriter?
    if let framesDirectory {
        do { frames = try PNGFrameWriter(directory: framesDirectory, renderer: PNGFrameWriter.renderer(for: station)) } catch {
            Simulate.complain("error: cannot set up frames in \(framesDirectory): \(error)")
            throw ExitCode(1)
        }
    }
    let journal = try openJournal(journalPath)
    var writer: TraceWriter?
    if let tracePath {
        do { writer = try TraceWriter(path: tracePath) } catch {
            Simulate.complain("error: \(error)")
            throw ExitCode(1)
        }
    }
    defer { writer?.close() }
    do {
        return try Simulation(station: station, journal: journal, origin: origin, frames: frames).run(script) { event in
            writer?.write(TraceEncoding.line(event))
        }
    } catch {
        Simulate.complain("error: \(error); cycles already recorded in \(journalPath) are kept")
        throw ExitCode(1)
    }
}

func loadStation(_ directory: String) throws -> Station {
    do {
        return try StationLoader.load(directory: directory)
    } catch {
        Simulate.complain(error.description)
        Simulate.complain("error: station \(directory) is not valid (see `oss validate \(directory)`)")
        throw ExitCode(1)
    }
}

func openJournal(_ path: String) throws -> Journal {
    do {
        return try Journal(path: path)
    } catch {
        Simulate.complain("error: \(error)")
        throw ExitCode(1)
    }
}

func parseTime(_ text: String?, option: String) throws -> Int64? {
    guard let text else { return nil }
    guard let value = UTCTime.parse(text) else {
        Simulate.complain("error: \(option) '\(text)' is not a date or time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        throw ExitCode(1)
    }
    return value
}

func currentMicros() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
}
