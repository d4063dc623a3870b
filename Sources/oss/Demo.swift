import ArgumentParser
import Foundation
import Journal
import LinuxSystem
import FrameOutput
import Replay
import Scripts
import StationModel

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the shipped demo station with a scripted shift; no hardware needed.",
        discussion: """
            Runs stations/\(Demo.stationID) with its script scripts/demo-shift.jsonl through the \
            real engine, journal and renderer, writes demo-out/journal.db, demo-out/trace.jsonl \
            and the projected pictures demo-out/frames/NNNNNN.png (NNNNNN-KK.png for changes \
            without a trace event), and \
            prints a summary for supervisors.
            """)

    static let stationID = "fietslamp-1"

    @Option(help: "Station folder to run instead of the shipped demo station.") var station: String?
    @Option(help: "Event script to run instead of the station's scripts/demo-shift.jsonl.") var events: String?
    @Option(help: "Output folder: new, empty, or made by an earlier oss demo (only its own files are replaced).")
    var out = "demo-out"

    /// Marks a folder made by `oss demo`: only such a folder (or a new or
    /// empty one) is written into, and only the demo's own files are replaced.
    static let marker = ".oss-demo"

    func run() throws {
        guard let stationDirectory = station ?? Self.findShippedStation() else {
            throw CommandFailure("error: cannot find stations/\(Self.stationID); run from the oss source folder or pass --station")
        }
        let station = try loadStation(stationDirectory)
        let scriptPath = events ?? stationDirectory + "/scripts/demo-shift.jsonl"
        let script: EventScript
        do { script = try EventScript.load(path: scriptPath, station: station) } catch {
            throw CommandFailure(describe(error))
        }
        let journalPath = out + "/journal.db"
        let inputs = try protectedInputs(station: station, files: [scriptPath])
        do { try Self.prepare(out, sparing: inputs) } catch let failure as CommandFailure { throw failure } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        let framesBefore = Set(Folder.entries(out + "/frames") ?? [])
        let summary = try runSimulation(station: station, script: script, journalPath: journalPath,
                                        tracePath: out + "/trace.jsonl", framesDirectory: out + "/frames",
                                        origin: currentMicros(), inputs: inputs)
        let frames = (Folder.entries(out + "/frames") ?? []).filter { Self.isFrameName($0) && !framesBefore.contains($0) }.sorted()
        do { try Self.writeMarker(out, written: Self.ownFiles + frames.map { "frames/" + $0 }) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        say("oss demo: station \(station.id) (\(station.name)), script \(scriptPath)")
        say("\(summary.events) events, \(summary.cyclesDone) cycles finished, \(summary.cyclesAbandoned) abandoned")
        say(try journalAnswer(journalPath) { try Self.report(journal: openJournal(journalPath), station: station) })
        say("Written: \(journalPath), \(out)/trace.jsonl, \(frames.count) frames in \(out)/frames/")
    }

    /// The files every demo writes, besides its frames.
    static let ownFiles = ["journal.db", "journal.db-wal", "journal.db-shm", "trace.jsonl"]

    /// Makes `folder` ready: new, empty, or made by an earlier demo. Then
    /// only the files its marker lists as written by that demo are removed,
    /// never a link, a folder or an input (`inputs`). Anything else is refused
    /// before a file is touched.
    static func prepare(_ folder: String, sparing inputs: ProtectedFiles) throws {
        try Folder.create(folder)
        guard let entries = Folder.entries(folder) else { throw CommandFailure("error: cannot read the folder \(folder)") }
        for name in ownFiles + ["frames"] where Folder.kind(folder + "/" + name) == .link {
            throw CommandFailure("error: \(folder)/\(name) is a link; oss demo writes only into its own files")
        }
        if let kind = Folder.kind(folder + "/frames"), kind != .folder {
            throw CommandFailure("error: \(folder)/frames is not a folder; give --out a new or empty folder")
        }
        var earlier: [String] = []
        if !entries.isEmpty {
            guard entries.contains(marker), Folder.kind(folder + "/" + marker) == .file,
                  let text = try? String(contentsOfFile: folder + "/" + marker, encoding: .utf8) else {
                throw CommandFailure("error: \(folder) is not empty and was not made by oss demo; give --out a new or empty folder")
            }
            earlier = text.split(separator: "\n").map(String.init).filter { name in
                ownFiles.contains(name) || (name.hasPrefix("frames/") && isFrameName(String(name.dropFirst(7))))
            }
            for name in earlier where Folder.kind(folder + "/" + name) == .file {
                if let input = inputs.conflict(path: folder + "/" + name, identity: FileIdentity.of(folder + "/" + name)) {
                    throw CommandFailure("error: \(folder)/\(name) is \(input), an input of this demo; give --out another folder")
                }
            }
        }
        try writeMarker(folder, written: [])
        for name in earlier where Folder.kind(folder + "/" + name) == .file { try Folder.removeFile(folder + "/" + name) }
    }

    /// The marker claims the folder and lists what the demo wrote, so that
    /// the next demo removes exactly that.
    static func writeMarker(_ folder: String, written: [String]) throws {
        let mark = try OutputFile.create(folder + "/" + marker, protecting: ProtectedFiles())
        try mark.write("# Made by oss demo. The next demo removes only these files it wrote:\n"
                       + written.map { $0 + "\n" }.joined())
        try mark.commit()
    }

    /// `NNNNNN.png` or `NNNNNN-KK.png`: the names the frame writer uses (KK
    /// grows past two digits after the 99th change without an event).
    static func isFrameName(_ name: String) -> Bool {
        let parts = name.utf8
        guard name.hasSuffix(".png") else { return false }
        let stem = Array(parts.dropLast(4))
        let digits = { (bytes: ArraySlice<UInt8>) in bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if stem.count == 6 { return digits(stem[...]) }
        return (9...12).contains(stem.count) && stem[6] == 0x2D && digits(stem[0..<6]) && digits(stem[7...])
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
