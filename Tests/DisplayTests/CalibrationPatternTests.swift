import Display
import StationModel
import Testing
import TestSupport
import Typesetting

@Suite("CalibrationPattern")
struct CalibrationPatternTests {
    @Test func brightMarksAtTheCalibrationPixelsAndDarkElsewhere() throws {
        for directory in [Repository.root + "/stations/fietslamp-1", Repository.root + "/stations/inpak-2", Repository.demo1] {
            let station = try StationLoader.load(directory: directory)
            let frame = try CalibrationPattern.render(station, fonts: FontLocator.standardFonts())
            #expect(frame.width == station.projector.width && frame.height == station.projector.height)
            for point in station.projector.calibration {
                let c = frame[Int(point.pixel.x.rounded()), Int(point.pixel.y.rounded())]
                #expect(c == .white, "mark at \(point.pixel)")
            }
            let dark = frame.pixels.filter { Color(pixel: $0) == .black }.count
            #expect(Double(dark) / Double(frame.pixels.count) > 0.9)
        }
    }
}
