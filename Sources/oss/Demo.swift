import ArgumentParser
import Foundation
import Journal
import Runtime
import StationModel

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the shipped demo station with a scripted shift; no hardware needed.",
        discussion: """
            Runs stations/\(Demo.stationID) with its script scripts/demo-shift.jsonl through the \
            real engine, journal and renderer, writes demo-out/journal.db, demo-out/trace.jsonl \
            and the projected pictures demo-out/frames/NNNNNN.png (replaced on every run), and \
            prints a summary for supervisors.
            """)

    static let stationID = "fietslamp-1"

    @Option(help: "Station folder to run instead of the shipped demo station.") var station: String?
    @Option(help: "Event script to run instead of the station's scripts/demo-shift.jsonl.") var events: String?
    @Option(help: "Output folder.") var out = "demo-out"

    func run() throws {
        guard let stationDirectory = station ?? Self.findShippedStation() else {
            Self.complain("error: cannot find stations/\(Self.stationID); run from the oss source folder or pass --station")
            throw ExitCode(1)
        }
        let station = try loadStation(stationDirectory)
        let scriptPath = events ?? stationDirectory + "/scripts/demo-shift.jsonl"
        let script: EventScript
        do { script = try EventScript.load(path: scriptPath, station: station) } catch {
            Self.complain(String(describing: error))
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let journalPath = out + "/journal.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath + suffix) }
        try? FileManager.default.removeItem(atPath: out + "/frames")
        let summary = try runSimulation(station: station, script: script, journalPath: journalPath,
                                        tracePath: out + "/trace.jsonl", framesDirectory: out + "/frames",
                                        origin: currentMicros())
        print("oss demo: station \(station.id) (\(station.name)), script \(scriptPath)")
        print("\(summary.events) events, \(summary.cyclesDone) cycles finished, \(summary.cyclesAbandoned) abandoned")
        print(try Self.report(journal: openJournal(journalPath), station: station))
        let frameCount = (try? FileManager.default.contentsOfDirectory(atPath: out + "/frames").count) ?? 0
        print("Written: \(journalPath), \(out)/trace.jsonl, \(frameCount) frames in \(out)/frames/")
    }

    /// The shipped station: beside the working folder, the executable, or
    /// the source tree this binary was built from.
    static func findShippedStation() -> String? {
        var bases = [FileManager.default.currentDirectoryPath]
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        bases.append(executable.deletingLastPathComponent().path)
        bases.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
        for base in bases {
            var url = URL(fileURLWithPath: base)
            for _ in 0..<6 {
                let candidate = url.appendingPathComponent("stations/\(stationID)")
                if FileManager.default.fileExists(atPath: candidate.path + "/station.yaml") { return candidate.path }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Cycle times against the norm per worker, and errors per step.
    static func report(journal: Journal, station: Station) throws -> String {
        let export = JournalExport(journal: journal)
        let cycles = try export.rows(.cycles, filter: .init())
        let errors = try export.rows(.errors, filter: .init(includeAbandoned: true))
        var text = "\nCycle times against the norm:\n"
        text += "  worker   product          cycle   time    norm   productivity  errors  help\n"
        for row in cycles {
            guard case .text(let worker) = row[0], case .text(let product) = row[1], case .integer(let cycle) = row[2],
                  case .decimal(let duration) = row[5], case .integer(let errorCount) = row[7],
                  case .integer(let help) = row[8], case .decimal(let norm) = row[9],
                  case .decimal(let productivity) = row[10] else { continue }
            let percent = Int(((Double(productivity) ?? 0) * 100).rounded())
            text += "  " + [pad(worker, 8), pad(product, 16), pad(String(cycle), 5, right: true),
                            pad(duration + "s", 8, right: true), pad(norm + "s", 8, right: true),
                            pad("\(percent)%", 12, right: true), pad(String(errorCount), 7, right: true),
                            pad(String(help), 5, right: true)].joined(separator: " ") + "\n"
        }
        var perStep: [String: [String: Int]] = [:]
        var stepOrder: [String] = []
        for row in errors {
            guard case .text(let product) = row[1], case .text(let step) = row[3], case .text(let kind) = row[5] else { continue }
            let key = "\(product) / \(step)"
            if perStep[key] == nil { stepOrder.append(key) }
            perStep[key, default: [:]][kind, default: 0] += 1
        }
        text += "\nErrors per step:\n"
        if stepOrder.isEmpty { text += "  none\n" }
        for key in stepOrder.sorted() {
            let kinds = perStep[key]!.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            text += "  \(pad(key, 32)) \(kinds)\n"
        }
        return text
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
