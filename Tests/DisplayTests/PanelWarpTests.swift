@testable import Display
@testable import StationModel
import Testing
import TestSupport

/// A 400×300 mm table on a 640×480 projector; the panel zone fills the middle.
private func warp(_ sampler: PanelSampler, keystone: Double = 40) throws -> PanelWarp {
    let table = [Point(x: 0, y: 0), Point(x: 400, y: 0), Point(x: 400, y: 300), Point(x: 0, y: 300)]
    let pixel = [Point(x: 20 + keystone, y: 10), Point(x: 620 - keystone, y: 10), Point(x: 630, y: 470), Point(x: 10, y: 470)]
    let toProjector = try #require(Homography(from: table, to: pixel))
    let toTable = try #require(toProjector.inverse)
    let zone = Zone(name: "panel", x: 100, y: 60, w: 200, h: 180)
    return PanelWarp(zone: zone, toProjector: toProjector, toTable: toTable,
                     clip: PixelRect(minX: 0, minY: 0, maxX: 640, maxY: 480), sampler: sampler)
}

private func channels(_ pixel: UInt32) -> [Int] {
    let color = Color(pixel: pixel)
    return [Int(color.r), Int(color.g), Int(color.b)]
}

@Suite("PanelWarp")
struct PanelWarpTests {
    @Test(arguments: PanelSampler.allCases)
    func aPlainPanelStaysPlainUnderTheKeystone(sampler: PanelSampler) throws {
        let warp = try warp(sampler)
        let colour = Color(12, 200, 77)
        var frame = Frame(width: 640, height: 480)
        warp.warp(Frame(width: warp.width, height: warp.height, fill: colour), into: &frame, clip: frame.bounds)
        let painted = frame.pixels.filter { $0 != Color.black.pixel }
        #expect(painted.count > warp.width * warp.height / 2, "the panel's quadrilateral is painted")
        #expect(painted.allSatisfy { $0 == colour.pixel }, "no other colour appears from a plain panel")
    }

    /// A sharp black/white edge in the panel: nearest shows only black and
    /// white, bilinear also the greys between, which is what smooths letters.
    @Test func bilinearGivesGreysAtAnEdgeWhereNearestGivesSteps() throws {
        var counts: [PanelSampler: Set<UInt32>] = [:]
        for sampler in PanelSampler.allCases {
            let warp = try warp(sampler)
            var content = Frame(width: warp.width, height: warp.height)
            content.fill(PixelRect(minX: 0, minY: 0, maxX: warp.width / 2, maxY: warp.height), with: .white)
            var frame = Frame(width: 640, height: 480)
            warp.warp(content, into: &frame, clip: frame.bounds)
            counts[sampler] = Set(frame.pixels)
        }
        #expect(counts[.nearest] == [Color.black.pixel, Color.white.pixel])
        let greys = try #require(counts[.bilinear]).subtracting([Color.black.pixel, Color.white.pixel])
        #expect(greys.count >= 8)
        #expect(greys.allSatisfy { Set(channels($0)).count == 1 }, "a grey between black and white, never a tint")
    }

    @Test func onlyTheClipIsWritten() throws {
        let warp = try warp(.bilinear)
        var frame = Frame(width: 640, height: 480)
        let clip = PixelRect(minX: 200, minY: 150, maxX: 260, maxY: 190)
        warp.warp(Frame(width: warp.width, height: warp.height, fill: .white), into: &frame, clip: clip)
        for y in 0..<480 {
            for x in 0..<640 where frame[x, y] != .black {
                #expect(x >= clip.minX && x < clip.maxX && y >= clip.minY && y < clip.maxY, "(\(x), \(y)) outside the clip")
            }
        }
        #expect(frame[230, 170] == .white)
    }

    /// Rows below the last ink are background: skipping them gives the
    /// same picture as warping them, for both samplers.
    @Test(arguments: PanelSampler.allCases)
    func skippingBlankRowsChangesNothing(sampler: PanelSampler) throws {
        let warp = try warp(sampler)
        var content = Frame(width: warp.width, height: warp.height)
        let inkBottom = warp.height / 3
        content.fill(PixelRect(minX: 5, minY: 2, maxX: warp.width - 5, maxY: inkBottom), with: Color(200, 120, 40))
        var whole = Frame(width: 640, height: 480), skipped = Frame(width: 640, height: 480)
        warp.warp(content, into: &whole, clip: whole.bounds)
        warp.warp(content, into: &skipped, clip: skipped.bounds, blankFrom: inkBottom)
        #expect(whole == skipped)
        #expect(whole.pixels.contains(Color(200, 120, 40).pixel))
    }

    /// Every sample's four neighbours lie inside the panel, at any position,
    /// and the weights stay within one pixel.
    @Test func samplesNeverReachOutsideThePanel() {
        var random = TestRandom.forTest("samplesNeverReachOutsideThePanel")
        for _ in 0..<20_000 {
            let width = Int.random(in: 1...300, using: &random), height = Int.random(in: 1...300, using: &random)
            let u = Double.random(in: 0..<Double(width), using: &random), v = Double.random(in: 0..<Double(height), using: &random)
            let sample = PanelWarp.sample(u: u, v: v, width: width, height: height)
            let x = Int(sample.source) % width, y = Int(sample.source) / width
            #expect(sample.fx < 256 && sample.fy < 256)
            #expect(x + (sample.fx > 0 ? 1 : 0) < width && y + (sample.fy > 0 ? 1 : 0) < height,
                    "u \(u) v \(v) in \(width)×\(height): (\(x), \(y)) fx \(sample.fx) fy \(sample.fy)")
        }
    }

    /// Half way between black and white is mid grey, and a pixel centre
    /// takes its own pixel exactly.
    @Test func weightsFollowTheDistanceToThePixelCentres() throws {
        let between = PanelWarp.sample(u: 1.0, v: 0.5, width: 4, height: 1)
        #expect(between.source == 0 && between.fx == 128 && between.fy == 0)
        let centre = PanelWarp.sample(u: 2.5, v: 1.5, width: 4, height: 3)
        #expect(centre.source == 6 && centre.fx == 0 && centre.fy == 0)
    }
}
