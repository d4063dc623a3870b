import Display
import Testing
import TestSupport

@Suite("Frame")
struct FrameTests {
    /// The rectangle around every differing pixel, computed the slow way.
    private func expectedDifference(_ a: Frame, _ b: Frame) -> PixelRect? {
        var result = PixelRect.empty
        for y in 0..<a.height {
            for x in 0..<a.width where a.pixels[y * a.width + x] != b.pixels[y * a.width + x] {
                result = result.union(PixelRect(minX: x, minY: y, maxX: x + 1, maxY: y + 1))
            }
        }
        return result.isEmpty ? nil : result
    }

    @Test func differenceFindsEveryChangedPixelAtAnyColumn() {
        var random = TestRandom.forTest("Frame.differenceFindsEveryChangedPixelAtAnyColumn")
        // Odd and even widths: pixels are compared two at a time, with a tail of one.
        for width in [1, 2, 3, 7, 8, 33] {
            let base = Frame(width: width, height: 5, fill: Color(10, 20, 30))
            #expect(base.difference(from: base) == nil)
            for _ in 0..<40 {
                var changed = base
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    changed[Int.random(in: 0..<width, using: &random), Int.random(in: 0..<5, using: &random)] = Color(200, 0, 0)
                }
                #expect(changed.difference(from: base) == expectedDifference(changed, base), "width \(width)")
            }
        }
    }

    @Test func fillWritesExactlyTheClippedRectangle() {
        for color in [Color.black, Color(1, 2, 3)] {
            var frame = Frame(width: 9, height: 4, fill: Color(9, 9, 9))
            frame.fill(PixelRect(minX: 3, minY: 1, maxX: 20, maxY: 3), with: color)
            for y in 0..<4 {
                for x in 0..<9 {
                    let inside = x >= 3 && y >= 1 && y < 3
                    #expect(frame[x, y] == (inside ? color : Color(9, 9, 9)), "(\(x), \(y))")
                }
            }
        }
    }
}
