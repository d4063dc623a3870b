import Display
import StationModel
import Testing

/// A small deterministic random source (SplitMix64), so property tests repeat.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random but plausible calibration: a table of random size seen by a
/// projector whose corners are off by up to 12% of the image.
func randomCalibration(_ random: inout SeededRandom) -> (table: [Point], pixel: [Point]) {
    let w = Double.random(in: 400...2400, using: &random), d = Double.random(in: 300...1600, using: &random)
    func jitter(_ v: Double, _ range: Double) -> Double { v + Double.random(in: -range...range, using: &random) }
    let table = [Point(x: 0, y: 0), Point(x: w, y: 0), Point(x: w, y: d), Point(x: 0, y: d)]
    let pixel = [Point(x: jitter(120, 100), y: jitter(80, 60)), Point(x: jitter(1160, 100), y: jitter(80, 60)),
                 Point(x: jitter(1160, 100), y: jitter(720, 60)), Point(x: jitter(120, 100), y: jitter(720, 60))]
    return (table, pixel)
}

private func distance(_ a: Point, _ b: Point) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

@Suite("Homography")
struct HomographyTests {
    @Test func cornersLandOnTheirCalibrationPixels() throws {
        var random = SeededRandom(state: 1)
        for _ in 0..<200 {
            let (table, pixel) = randomCalibration(&random)
            let h = try #require(Homography(from: table, to: pixel))
            for (t, p) in zip(table, pixel) {
                #expect(distance(h.map(t), p) < 1e-6)
            }
        }
    }

    @Test func pointsMapBackAndForth() throws {
        var random = SeededRandom(state: 2)
        for _ in 0..<200 {
            let (table, pixel) = randomCalibration(&random)
            let h = try #require(Homography(from: table, to: pixel))
            let inverse = try #require(h.inverse)
            for _ in 0..<20 {
                let p = Point(x: Double.random(in: 0...table[2].x, using: &random), y: Double.random(in: 0...table[2].y, using: &random))
                #expect(distance(inverse.map(h.map(p)), p) < 1e-6)
            }
            for (t, p) in zip(table, pixel) { #expect(distance(inverse.map(p), t) < 1e-6) }
        }
    }

    @Test func straightLinesStayStraight() throws {
        var random = SeededRandom(state: 3)
        for _ in 0..<100 {
            let (table, pixel) = randomCalibration(&random)
            let h = try #require(Homography(from: table, to: pixel))
            let a = Point(x: 10, y: 20), b = Point(x: table[2].x - 30, y: table[2].y - 5)
            let mid = Point(x: (a.x + b.x) * 0.37 + a.x * 0.26, y: (a.y + b.y) * 0.37 + a.y * 0.26)
            let (pa, pb, pm) = (h.map(a), h.map(b), h.map(mid))
            let cross = (pb.x - pa.x) * (pm.y - pa.y) - (pb.y - pa.y) * (pm.x - pa.x)
            #expect(abs(cross) / distance(pa, pb) < 1e-6, "mapped point lies on the mapped line")
        }
    }

    @Test func identityAndScaleAreExact() throws {
        let square = [Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 1)]
        let h = try #require(Homography(from: square, to: square.map { Point(x: $0.x * 2 + 5, y: $0.y * 3) }))
        #expect(distance(h.map(Point(x: 0.5, y: 0.5)), Point(x: 6, y: 1.5)) < 1e-9)
    }

    @Test func degeneratePointsGiveNoMap() {
        let line = [Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 2), Point(x: 3, y: 3)]
        #expect(Homography(from: line, to: line) == nil)
    }

    @Test func referenceStationMapsTableCornersToItsPixels() throws {
        let calibration = [
            CalibrationPoint(table: Point(x: 0, y: 0), pixel: Point(x: 64, y: 40)),
            CalibrationPoint(table: Point(x: 1200, y: 0), pixel: Point(x: 1216, y: 52)),
            CalibrationPoint(table: Point(x: 1200, y: 800), pixel: Point(x: 1200, y: 780)),
            CalibrationPoint(table: Point(x: 0, y: 800), pixel: Point(x: 70, y: 770)),
        ]
        let h = try #require(Homography(calibration: calibration))
        #expect(distance(h.map(Point(x: 1200, y: 800)), Point(x: 1200, y: 780)) < 1e-9)
        let centre = h.map(Point(x: 600, y: 400))
        #expect(centre.x > 600 && centre.x < 700 && centre.y > 380 && centre.y < 430)
    }
}
