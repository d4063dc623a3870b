import Display
import Testing
import TestSupport

private func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> PixelRect {
    PixelRect(minX: x0, minY: y0, maxX: x1, maxY: y1)
}

@Suite("DirtyRegion")
struct DirtyRegionTests {
    @Test func distantRectanglesStaySeparate() {
        var region = DirtyRegion()
        region.add(rect(0, 0, 10, 10))
        region.add(rect(100, 100, 120, 130))
        #expect(region.rects.count == 2)
        #expect(region.area == 100 + 600)
        #expect(region.bounds == rect(0, 0, 120, 130))
    }

    @Test func overlappingRectanglesMergeAlsoThroughAThird() {
        var region = DirtyRegion()
        region.add(rect(0, 0, 10, 10))
        region.add(rect(20, 0, 30, 10))
        region.add(rect(5, 5, 25, 8))
        #expect(region.rects == [rect(0, 0, 30, 10)])
    }

    @Test func emptyRectanglesAreIgnored() {
        var region = DirtyRegion()
        region.add(.empty)
        region.add(rect(5, 5, 5, 9))
        #expect(region.isEmpty)
        #expect(region.bounds == .empty)
    }

    @Test func tooManyRectanglesBecomeTheirBoundingBox() {
        var region = DirtyRegion()
        for index in 0...DirtyRegion.maximumCount { region.add(rect(index * 20, 0, index * 20 + 5, 5)) }
        #expect(region.rects == [rect(0, 0, DirtyRegion.maximumCount * 20 + 5, 5)])
    }

    /// Whatever is added, every added pixel is covered and no two rectangles overlap.
    @Test func coversEveryAddedPixelWithoutOverlap() {
        var random = TestRandom.forTest("coversEveryAddedPixelWithoutOverlap")
        for _ in 0..<300 {
            var region = DirtyRegion()
            var added: [PixelRect] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let x = Int.random(in: 0..<60, using: &random), y = Int.random(in: 0..<60, using: &random)
                let r = rect(x, y, x + Int.random(in: 0...15, using: &random), y + Int.random(in: 0...15, using: &random))
                added.append(r)
                region.add(r)
            }
            #expect(region.rects.count <= DirtyRegion.maximumCount)
            for r in added where !r.isEmpty {
                #expect(region.rects.contains { $0.intersection(r) == r }, "\(r) not inside one of \(region.rects)")
            }
            for (i, a) in region.rects.enumerated() {
                for b in region.rects[(i + 1)...] { #expect(!a.intersects(b), "\(a) overlaps \(b)") }
            }
        }
    }
}
