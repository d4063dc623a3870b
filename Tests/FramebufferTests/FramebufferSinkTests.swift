import Display
@testable import Framebuffer
import LinuxSystem
import Testing

private func picture(width: Int, height: Int, seed: Int) -> Frame {
    var frame = Frame(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            frame[x, y] = Color(UInt8((x * 7 + seed) & 0xFF), UInt8((y * 5 + seed * 3) & 0xFF), UInt8((x + y + seed) & 0xFF))
        }
    }
    return frame
}

@Suite("FramebufferSink")
struct FramebufferSinkTests {
    @Test func rgb565AndXrgb8888LayoutsGetTheSamePicture() throws {
        let frame = picture(width: 64, height: 40, seed: 1)
        let wide = PixelLayout.xrgb8888(width: 64, height: 40, lineLength: 64 * 4 + 16)
        let narrow = PixelLayout.rgb565(width: 64, height: 40)
        let wideBuffer = FileBackedBuffer(length: wide.byteCount), narrowBuffer = FileBackedBuffer(length: narrow.byteCount)
        let wideSink = FramebufferSink(memory: wideBuffer.memory, layout: wide, pages: 1, pan: nil)
        let narrowSink = FramebufferSink(memory: narrowBuffer.memory, layout: narrow, pages: 1, pan: nil)
        try wideSink.show(frame)
        try narrowSink.show(frame)
        let a = wideSink.visibleFrame(), b = narrowSink.visibleFrame()
        #expect(a == frame, "XRGB8888 is lossless")
        for (p, q) in zip(a.pixels, b.pixels) {
            let (c, d) = (Color(pixel: p), Color(pixel: q))
            #expect(abs(Int(c.r) - Int(d.r)) <= 8 && abs(Int(c.g) - Int(d.g)) <= 4 && abs(Int(c.b) - Int(d.b)) <= 8)
        }
    }

    @Test func doubleBufferingPansToTheDrawnPageAndKeepsBothPagesCurrent() throws {
        let layout = PixelLayout.xrgb8888(width: 32, height: 20)
        let buffer = FileBackedBuffer(length: layout.byteCount * 2)
        var pans: [Int] = []
        let sink = FramebufferSink(memory: buffer.memory, layout: layout, pages: 2, pan: { pans.append($0) })
        #expect(sink.isDoubleBuffered)
        var frame = picture(width: 32, height: 20, seed: 0)
        try sink.show(frame)
        for seed in 1...5 {
            // Change a different small area each time and report only it.
            let area = PixelRect(minX: seed * 4, minY: seed * 2, maxX: seed * 4 + 5, maxY: seed * 2 + 4)
            for y in area.minY..<area.maxY { for x in area.minX..<area.maxX { frame[x, y] = Color(UInt8(seed * 40), 0, 0) } }
            try sink.show(frame, changed: DirtyRegion(area))
            #expect(sink.visibleFrame() == frame, "after frame \(seed) the visible page is complete")
        }
        #expect(pans == [1, 0, 1, 0, 1, 0])
    }

    @Test func singleBufferCopiesOnlyTheDirtyRectangle() throws {
        let layout = PixelLayout.xrgb8888(width: 16, height: 8)
        let buffer = FileBackedBuffer(length: layout.byteCount)
        let sink = FramebufferSink(memory: buffer.memory, layout: layout, pages: 1, pan: nil)
        #expect(!sink.isDoubleBuffered)
        try sink.show(Frame(width: 16, height: 8))
        let changed = picture(width: 16, height: 8, seed: 9)
        try sink.show(changed, changed: DirtyRegion(PixelRect(minX: 0, minY: 0, maxX: 4, maxY: 2)))
        let visible = sink.visibleFrame()
        #expect(visible[3, 1] == changed[3, 1])
        #expect(visible[5, 5] == .black, "outside the dirty rectangle nothing is copied")
    }

    @Test func doubleBufferingWithRegionsOfSeveralRectanglesKeepsBothPagesCurrent() throws {
        let layout = PixelLayout.xrgb8888(width: 40, height: 24)
        let buffer = FileBackedBuffer(length: layout.byteCount * 2)
        let sink = FramebufferSink(memory: buffer.memory, layout: layout, pages: 2, pan: { _ in })
        var frame = picture(width: 40, height: 24, seed: 0)
        try sink.show(frame)
        for seed in 1...6 {
            // Two areas far apart each time, reported as two rectangles.
            var region = DirtyRegion()
            for area in [PixelRect(minX: seed, minY: seed, maxX: seed + 3, maxY: seed + 2),
                         PixelRect(minX: 30 - seed, minY: 20 - seed, maxX: 34 - seed, maxY: 23 - seed)] {
                for y in area.minY..<area.maxY { for x in area.minX..<area.maxX { frame[x, y] = Color(0, UInt8(seed * 30), 0) } }
                region.add(area)
            }
            #expect(region.rects.count == 2)
            try sink.show(frame, changed: region)
            #expect(sink.visibleFrame() == frame, "after frame \(seed) the visible page is complete")
        }
    }

    @Test func singleBufferCopiesOnlyTheRegionsRectangles() throws {
        let layout = PixelLayout.xrgb8888(width: 16, height: 8)
        let buffer = FileBackedBuffer(length: layout.byteCount)
        let sink = FramebufferSink(memory: buffer.memory, layout: layout, pages: 1, pan: nil)
        try sink.show(Frame(width: 16, height: 8))
        let changed = picture(width: 16, height: 8, seed: 9)
        var region = DirtyRegion(PixelRect(minX: 0, minY: 0, maxX: 2, maxY: 2))
        region.add(PixelRect(minX: 12, minY: 6, maxX: 16, maxY: 8))
        try sink.show(changed, changed: region)
        let visible = sink.visibleFrame()
        #expect(visible[1, 1] == changed[1, 1] && visible[15, 7] == changed[15, 7])
        #expect(visible[7, 4] == .black, "between the rectangles nothing is copied")
    }

    @Test func aSinkGivenTheMappingKeepsItMapped() throws {
        let layout = PixelLayout.xrgb8888(width: 8, height: 2)
        weak var weakMapping: MemoryMapping?
        let sink: FramebufferSink = try {
            let mapping = try MemoryMapping(anonymousByteCount: layout.byteCount)
            weakMapping = mapping
            return FramebufferSink(mapping: mapping, layout: layout, pages: 1, pan: nil)
        }()
        #expect(weakMapping != nil, "the sink holds the mapping it draws into")
        let frame = picture(width: 8, height: 2, seed: 4)
        try sink.show(frame)
        #expect(sink.visibleFrame() == frame)
    }
}
