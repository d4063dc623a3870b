import Display
import Foundation
import Journal
import PNGImage
import Pipeline
import FrameOutput
import Replay
import Scripts
import StationEngine
import StationModel
import Testing
import TestSupport

@Suite("PNGFrameWriter")
struct PNGFrameWriterTests {
    @Test func writesOneFramePerChangeNamedByTheEventIndex() throws {
        let station = try StationLoader.load(directory: Repository.demo1)
        let temp = TemporaryDirectory()
        let writer = try PNGFrameWriter(directory: temp.path + "/frames", renderer: PNGFrameWriter.renderer(for: station))
        let script = try EventScript.load(path: Repository.demo1 + "/events.jsonl", station: station)
        var trace: [String] = []
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/j.db"), origin: 0, frames: writer)
            .run(script) { trace.append($0.type) }
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.path + "/frames").sorted()
        #expect(files.count == writer.written)
        #expect(files.allSatisfy { ($0.count == 10 || ($0.count == 13 && Array($0)[6] == "-")) && $0.hasSuffix(".png") })
        let indexes = files.compactMap { Int($0.prefix(6)) }
        #expect(indexes.allSatisfy { (1...trace.count).contains($0) })
        #expect(indexes.contains(1), "logging in changes the picture")
        // The first good screw (t=20, no trace event) shows "1 van 2" after event 12 (the screws step);
        // the "well done" after cycle_done ends at 39.5 s, after event 30 (the next cycle's first step).
        #expect(files.contains("000012-01.png") && files.contains("000030-01.png"), "\(files)")
        #expect(files.filter { $0.contains("-") } == ["000012-01.png", "000030-01.png"])
        // The wrong pick at t=6 (bin-1 while pcb is current) is the 6th event; its zone turns red.
        #expect(trace[5] == "error")
        let error = try PNGFile.readFrame(temp.path + "/frames/000006.png")
        let before = try PNGFile.readFrame(temp.path + "/frames/" + files.last { Int($0.prefix(6))! < 6 }!)
        let h = try #require(Homography(calibration: station.projector.calibration))
        let zone = try #require(station.zone(named: "bin-1"))
        let centre = h.map(Point(x: zone.x + zone.w / 2, y: zone.y + zone.h / 2))
        let (x, y) = (Int(centre.x), Int(centre.y))
        #expect(error[x, y].r > 180 && error[x, y].g < 80)
        #expect(!(before[x, y].r > 180 && before[x, y].g < 80))
        // Consecutive files differ: no frame is written when nothing visible changed.
        for (a, b) in zip(files, files.dropFirst()) {
            #expect(try PNGFile.readFrame(temp.path + "/frames/" + a) != PNGFile.readFrame(temp.path + "/frames/" + b))
        }
    }

    /// The fixture's `cap` product: one step at bin-2, so bin-2 finishes a cycle.
    private func frames(_ lines: [(Micros, StationInput)]) throws -> [String] {
        let fixture = StationFixture()
        let station = try fixture.load()
        let temp = TemporaryDirectory()
        let writer = try PNGFrameWriter(directory: temp.path + "/frames", renderer: PNGFrameWriter.renderer(for: station))
        let script = EventScript(lines: lines.enumerated().map { .init(number: $0 + 1, time: $1.0, action: $1.1) })
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/j.db"), origin: 0, frames: writer).run(script) { _ in }
        return try FileManager.default.contentsOfDirectory(atPath: temp.path + "/frames").sorted()
    }

    @Test func theEndOfTheWellDoneFeedbackIsAFrameOfItsOwnUpToTheScriptsEnd() throws {
        let cycle: [(Micros, StationInput)] = [(0, .engine(.badge("W1"))), (1_000_000, .engine(.product("cap"))),
                                               (2_000_000, .engine(.input("bin-2", .press)))]
        let loggedOut = try frames(cycle + [(10_000_000, .engine(.logout))])
        // Sorted by name, a -KK file comes before its event's ('-' < '.').
        #expect(loggedOut == ["000001.png", "000003.png", "000007-01.png", "000007.png", "000009.png"])
        let ended = try frames(cycle + [(3_000_000, .engine(.input("bin-1", .press)))])
        #expect(ended == ["000001.png", "000003.png", "000007.png"], "a script ends at its last line: the feedback still showing then gets no frame")
        let ticked = try frames(cycle + [(3_000_000, .time), (3_500_000, .time)])
        #expect(ticked.contains("000007-01.png"), "a recording's tick at the feedback's end: \(ticked)")
    }

    @Test func noTimedFrameWhereNothingChangesWithTime() throws {
        let names = try frames([(0, .engine(.badge("W1"))), (1_000_000, .engine(.product("lamp"))),
                                (30_000_000, .engine(.input("bin-3", .press))), (300_000_000, .time), (600_000_000, .engine(.logout))])
        #expect(names.allSatisfy { !$0.contains("-") }, "\(names)")
    }
}
