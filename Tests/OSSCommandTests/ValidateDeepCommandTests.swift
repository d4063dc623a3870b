import Foundation
import Testing
import TestSupport

/// `oss validate` refuses what later commands would refuse: a calibration
/// the renderer cannot use and a picture that does not decode, each with
/// the file and line to fix (issue 11: found by a hostile tester).
@Suite("Validate: calibration and pictures as the renderer sees them")
struct ValidateDeepCommandTests {
    /// `body` with a copy of stations/fietslamp-1 in a fresh folder, which
    /// lives until `body` returns.
    private func withLampStation(_ body: (TemporaryDirectory, String) throws -> Void) throws {
        let temp = TemporaryDirectory()
        let station = temp.path + "/fietslamp-1"
        try FileManager.default.copyItem(atPath: Repository.root + "/stations/fietslamp-1", toPath: station)
        try withExtendedLifetime(temp) { try body(temp, station) }
    }

    private func replace(_ old: String, with new: String, in file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(old), "\(old) not in \(file)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: false, encoding: .utf8)
    }

    private func simulateWithFrames(_ station: String, in temp: TemporaryDirectory) throws -> Run {
        try oss("simulate", "--station", station, "--events", station + "/scripts/demo-shift.jsonl",
                "--journal", temp.path + "/j.db", "--frames", temp.path + "/frames")
    }

    /// lens.png with its real signature and IHDR, then a chunk whose type
    /// is four bytes no chunk may have (libpng: "[A0][C4][25][12]: invalid chunk type").
    private func damageLens(_ station: String) throws {
        let path = station + "/media/lens.png"
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(33)
        try (header + Data([0, 0, 0, 4, 0xA0, 0xC4, 0x25, 0x12]) + Data("garbage after the header".utf8))
            .write(to: URL(fileURLWithPath: path))
    }

    @Test func theShippedStationValidatesAndRendersItsFrames() throws {
        try withLampStation { temp, station in
            let run = try oss("validate", station)
            #expect(run.status == 0, "\(run.stderr)")
            let simulate = try simulateWithFrames(station, in: temp)
            #expect(simulate.status == 0, "\(simulate.stderr)")
        }
    }

    @Test func aNearlyDegenerateCalibrationFailsValidateWithItsLine() throws {
        try withLampStation { temp, station in
            try replace("pixel: [1216, 52]", with: "pixel: [64.0000001, 40.0000001]", in: station + "/station.yaml")
            let run = try oss("validate", station)
            #expect(run.status == 1 && run.isClean)
            #expect(run.stderr.contains("fietslamp-1/station.yaml:15:36: error: projector.calibration[1].pixel: pixel points 1 and 2 lie"),
                    "\(run.stderr)")
            // What validate refuses is what the renderer refuses: simulate --frames fails as well.
            let simulate = try simulateWithFrames(station, in: temp)
            #expect(simulate.status == 1 && simulate.isClean)
            #expect(simulate.stderr.contains("is not valid (see `oss validate"), "\(simulate.stderr)")
        }
    }

    @Test func calibrationPointsInTheWrongOrderFailValidate() throws {
        try withLampStation { _, station in
            try replace("table: [1200, 0],   pixel: [1216, 52]", with: "table: [1200, 0],   pixel: [1200, 780]", in: station + "/station.yaml")
            try replace("table: [1200, 800], pixel: [1200, 780]", with: "table: [1200, 800], pixel: [1216, 52]", in: station + "/station.yaml")
            let run = try oss("validate", station)
            #expect(run.status == 1 && run.isClean)
            #expect(run.stderr.contains("station.yaml:14:5: error: projector.calibration: the table's corners do not map"), "\(run.stderr)")
        }
    }

    @Test func aPictureDamagedAfterItsHeaderFailsValidateAtTheStepThatShowsIt() throws {
        try withLampStation { temp, station in
            try damageLens(station)
            let run = try oss("validate", station)
            #expect(run.status == 1 && run.isClean)
            #expect(run.stderr.contains("products/koplamp-led.yaml:59:12: error: steps[4].image: "
                                        + "media file 'media/lens.png' is not a valid PNG picture (invalid chunk type)"), "\(run.stderr)")
            #expect(!run.stderr.contains("[A0]"))
            // simulate --frames meets it when it loads the pictures and says the same, cleanly.
            let simulate = try simulateWithFrames(station, in: temp)
            #expect(simulate.status == 1 && simulate.isClean)
            #expect(simulate.stderr.contains("'\(station)/media/lens.png' is not a valid PNG picture (invalid chunk type)"), "\(simulate.stderr)")
            #expect(!simulate.stderr.contains("[A0]"))
            // So does run, before it waits for any device.
            let live = try oss("run", "--station", station, "--journal", temp.path + "/live.db", "--frames", temp.path + "/live",
                               "--no-realtime")
            #expect(live.status == 1 && live.isClean)
            #expect(live.stderr.contains("error: '\(station)/media/lens.png' is not a valid PNG picture (invalid chunk type)"), "\(live.stderr)")
        }
    }

    @Test(arguments: [60, 200, 500])
    func aTruncatedPictureFailsValidate(keeping bytes: Int) throws {
        try withLampStation { _, station in
            let path = station + "/media/schroeven.png"
            let whole = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(whole.count > bytes)
            try whole.prefix(bytes).write(to: URL(fileURLWithPath: path))
            let run = try oss("validate", station)
            #expect(run.status == 1 && run.isClean)
            #expect(run.stderr.contains("koplamp-led.yaml:48:12: error: steps[3].image: media file 'media/schroeven.png' is not a valid PNG picture ("),
                    "\(run.stderr)")
        }
    }

    @Test func aDamagedPictureNoStepShowsFailsValidate() throws {
        try withLampStation { _, station in
            let header = try Data(contentsOf: URL(fileURLWithPath: station + "/media/lens.png")).prefix(33)
            try (header + Data(repeating: 0xFF, count: 64)).write(to: URL(fileURLWithPath: station + "/media/spare.png"))
            let run = try oss("validate", station)
            #expect(run.status == 1 && run.isClean)
            #expect(run.stderr.contains("media/spare.png: error: media holds pictures only: 'media/spare.png' is not a valid PNG picture ("),
                    "\(run.stderr)")
        }
    }
}
