import Display
import StationModel
import Testing

@Suite("Spans")
struct SpansTests {
    let clip = PixelRect(minX: 0, minY: 0, maxX: 100, maxY: 100)

    private func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
        [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
    }

    @Test func axisAlignedRectangleCoversExactlyItsPixels() {
        let spans = Spans(polygons: [rect(10, 20, 30, 25)], clip: clip)
        #expect(spans.area == 20 * 5)
        #expect(spans.bounds == PixelRect(minX: 10, minY: 20, maxX: 30, maxY: 25))
    }

    @Test func innerPolygonMakesAHole() {
        let ring = Spans(polygons: [rect(10, 10, 50, 50), rect(20, 20, 40, 40)], clip: clip)
        #expect(ring.area == 40 * 40 - 20 * 20)
        var frame = Frame(width: 100, height: 100)
        ring.fill(&frame, with: .white)
        #expect(frame[15, 15] == .white)
        #expect(frame[30, 30] == .black)
    }

    /// Near a projective map's horizon corners go far away or to infinity:
    /// shapes must clip, never trap converting to Int.
    @Test func hugeInfiniteAndNaNCornersClip() {
        let far = Spans(polygons: [rect(-1e300, -1e300, 1e300, 50)], clip: clip)
        #expect(far.bounds == PixelRect(minX: 0, minY: 0, maxX: 100, maxY: 50))
        let infinite = Spans(polygons: [[Point(x: 10, y: 10), Point(x: .infinity, y: 10), Point(x: .infinity, y: .infinity),
                                         Point(x: 10, y: 90)]], clip: clip)
        #expect(infinite.runs.allSatisfy { $0.x0 >= 0 && $0.x1 <= 100 && $0.y >= 0 && $0.y < 100 })
        let broken = Spans(polygons: [[Point(x: .nan, y: 10), Point(x: 50, y: .nan), Point(x: 20, y: 80)]], clip: clip)
        #expect(broken.runs.allSatisfy { $0.x0 >= 0 && $0.x1 <= 100 })
    }

    @Test func shapesAreClipped() {
        let spans = Spans(polygons: [rect(-50, -50, 150, 10)], clip: clip)
        #expect(spans.bounds == PixelRect(minX: 0, minY: 0, maxX: 100, maxY: 10))
        #expect(spans.area == 100 * 10)
    }

    @Test func fillRespectsTheClipRectangle() {
        let spans = Spans(polygons: [rect(0, 0, 100, 100)], clip: clip)
        var frame = Frame(width: 100, height: 100)
        spans.fill(&frame, with: .white, clip: PixelRect(minX: 10, minY: 10, maxX: 20, maxY: 30))
        #expect(frame.pixels.filter { $0 != 0 }.count == 10 * 20)
    }

    @Test func triangleAreaIsCloseToGeometricArea() {
        let spans = Spans(polygons: [[Point(x: 0, y: 0), Point(x: 80, y: 0), Point(x: 0, y: 60)]], clip: clip)
        #expect(abs(Double(spans.area) - 2400) < 80)
    }
}
