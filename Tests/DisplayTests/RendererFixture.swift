import Display
import Foundation
import PNGImage
import StationModel
import TestSupport
import Typesetting

/// The fixture station with a step picture, and a renderer for it.
struct RendererFixture {
    let stationFixture: StationFixture
    let station: Station
    let renderer: TableRenderer

    /// `calibration` replaces the fixture's pixel corners when given.
    init(pixels: [Point]? = nil) throws {
        var yaml = StationFixture.stationYAML
        if let pixels {
            let tables = ["[0, 0],     ", "[1200, 0],  ", "[1200, 800],", "[0, 800],   "]
            let old = ["[64, 40]", "[1216, 52]", "[1200, 780]", "[70, 770]"]
            for (index, pixel) in pixels.enumerated() {
                yaml = yaml.replacingOccurrences(of: "table: \(tables[index]) pixel: \(old[index])",
                                                 with: "table: \(tables[index]) pixel: [\(Int(pixel.x)), \(Int(pixel.y))]")
            }
        }
        let product = StationFixture.productYAML.replacingOccurrences(of: "    show: [bin-1]\n    light: [bin-1]",
                                                                        with: "    image: media/pick.png\n    show: [bin-1]\n    light: [bin-1]")
        stationFixture = StationFixture(station: yaml, products: ["lamp": product, "cap": StationFixture.otherProductYAML])
        try FileManager.default.createDirectory(atPath: stationFixture.stationPath + "/media", withIntermediateDirectories: true)
        try PNGFile.write(Self.picture(), to: stationFixture.stationPath + "/media/pick.png")
        station = try stationFixture.load()
        renderer = try TableRenderer(station: station, fonts: try FontLocator.standardFonts(),
                                     images: ["media/pick.png": try PNGFile.read(stationFixture.stationPath + "/media/pick.png")])
    }

    /// A simple step picture: a box with a coloured part in it.
    static func picture() -> Frame {
        var frame = Frame(width: 120, height: 80, fill: Color(30, 30, 30))
        frame.fill(PixelRect(minX: 10, minY: 10, maxX: 110, maxY: 70), with: Color(200, 200, 200))
        frame.fill(PixelRect(minX: 40, minY: 25, maxX: 80, maxY: 55), with: Color(0, 120, 255))
        return frame
    }

    /// Where a table point lands on the projector.
    func pixel(ofZone name: String) -> (Int, Int) {
        let zone = station.zone(named: name)!
        let h = Homography(calibration: station.projector.calibration)!
        let p = h.map(Point(x: zone.x + zone.w / 2, y: zone.y + zone.h / 2))
        return (Int(p.x), Int(p.y))
    }

    static func step(_ index: Int, level: Int, error: ErrorView? = nil, helped: Bool = false, blocked: Bool = false,
                     counted: Int = 0, needed: Int = 1, slow: Bool = false) -> DisplayModel {
        DisplayModel(screen: .step(StepView(product: "lamp", index: index, stepCount: 5, level: level, helped: helped,
                                            counted: counted, needed: needed, error: error, blocked: blocked, slow: slow)))
    }
}

/// Compares a frame with a golden PNG in Tests/Fixtures/golden, with a small
/// tolerance for font rendering differences between FreeType versions.
/// `OSS_UPDATE_GOLDEN=1` writes the goldens instead.
enum Golden {
    static let directory = Repository.root + "/Tests/Fixtures/golden"

    /// Fraction of pixels that differ by more than 40 in some channel.
    static func mismatch(_ frame: Frame, name: String) throws -> Double {
        let path = "\(directory)/\(name).png"
        if ProcessInfo.processInfo.environment["OSS_UPDATE_GOLDEN"] == "1" {
            try PNGFile.write(frame, to: path)
            return 0
        }
        let golden = try PNGFile.readFrame(path)
        guard golden.width == frame.width, golden.height == frame.height else { return 1 }
        var different = 0
        for (a, b) in zip(frame.pixels, golden.pixels) where a != b {
            let (p, q) = (Color(pixel: a), Color(pixel: b))
            if max(abs(Int(p.r) - Int(q.r)), abs(Int(p.g) - Int(q.g)), abs(Int(p.b) - Int(q.b))) > 40 { different += 1 }
        }
        if different > 0 { try? PNGFile.write(frame, to: NSTemporaryDirectory() + "oss-actual-\(name).png") }
        return Double(different) / Double(frame.pixels.count)
    }
}
