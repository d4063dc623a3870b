import Display
import Foundation
import Journal
import PNGImage
import FrameOutput
import Replay
import Scripts
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
        #expect(files.allSatisfy { $0.count == 10 && $0.hasSuffix(".png") })
        let indexes = files.compactMap { Int($0.prefix(6)) }
        #expect(indexes.allSatisfy { (1...trace.count).contains($0) })
        #expect(indexes.contains(1), "logging in changes the picture")
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
}
