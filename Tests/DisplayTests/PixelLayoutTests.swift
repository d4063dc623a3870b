import Display
import Testing

@Suite("PixelLayout")
struct PixelLayoutTests {
    private func testFrame() -> Frame {
        var frame = Frame(width: 7, height: 3)
        let colors = [Color(255, 0, 0), Color(0, 255, 0), Color(0, 0, 255), .white, .black, Color(128, 64, 200), Color(10, 250, 90)]
        for y in 0..<3 { for x in 0..<7 { frame[x, y] = colors[(x + y) % colors.count] } }
        return frame
    }

    @Test func xrgb8888RoundTripsExactlyWithRowPadding() {
        let layout = PixelLayout.xrgb8888(width: 7, height: 3, lineLength: 32)
        var buffer = [UInt8](repeating: 0xEE, count: layout.byteCount)
        buffer.withUnsafeMutableBytes { layout.pack(testFrame(), rect: testFrame().bounds, into: $0.baseAddress!) }
        #expect(buffer.withUnsafeBytes { layout.unpack($0.baseAddress!) } == testFrame())
        #expect(buffer[28...31].allSatisfy { $0 == 0xEE }, "padding after a row is left alone")
        #expect(Array(buffer[0...3]) == [0, 0, 255, 0], "little-endian XRGB: blue, green, red, x")
    }

    @Test func rgb565KeepsFullScaleAndQuantisesTheRest() {
        let layout = PixelLayout.rgb565(width: 7, height: 3)
        var buffer = [UInt8](repeating: 0, count: layout.byteCount)
        buffer.withUnsafeMutableBytes { layout.pack(testFrame(), rect: testFrame().bounds, into: $0.baseAddress!) }
        #expect(Array(buffer[0...1]) == [0x00, 0xF8], "pure red is 0xF800")
        let back = buffer.withUnsafeBytes { layout.unpack($0.baseAddress!) }
        #expect(back[3, 0] == .white && back[4, 0] == .black)
        for (a, b) in zip(back.pixels, testFrame().pixels) {
            let (ca, cb) = (Color(pixel: a), Color(pixel: b))
            #expect(abs(Int(ca.r) - Int(cb.r)) <= 8 && abs(Int(ca.g) - Int(cb.g)) <= 4 && abs(Int(ca.b) - Int(cb.b)) <= 8)
        }
    }

    @Test func bgrLayoutFromBitfieldsIsHonoured() {
        var layout = PixelLayout.xrgb8888(width: 7, height: 3)
        layout.red = .init(offset: 0, length: 8)
        layout.blue = .init(offset: 16, length: 8)
        var buffer = [UInt8](repeating: 0, count: layout.byteCount)
        buffer.withUnsafeMutableBytes { layout.pack(testFrame(), rect: testFrame().bounds, into: $0.baseAddress!) }
        #expect(Array(buffer[0...2]) == [255, 0, 0], "red in the low byte")
        #expect(buffer.withUnsafeBytes { layout.unpack($0.baseAddress!) } == testFrame())
    }

    @Test func onlyTheGivenRectangleIsWritten() {
        let layout = PixelLayout.xrgb8888(width: 7, height: 3)
        var buffer = [UInt8](repeating: 0, count: layout.byteCount)
        buffer.withUnsafeMutableBytes { layout.pack(testFrame(), rect: PixelRect(minX: 2, minY: 1, maxX: 4, maxY: 2), into: $0.baseAddress!) }
        let back = buffer.withUnsafeBytes { layout.unpack($0.baseAddress!) }
        #expect(back.pixels.enumerated().filter { $0.element != 0 }.map(\.offset).allSatisfy { [9, 10].contains($0) })
    }

    @Test func unsupportedLayoutsAreNamed() {
        var layout = PixelLayout.xrgb8888(width: 7, height: 3)
        #expect(layout.unsupportedReason == nil)
        layout.bitsPerPixel = 8
        #expect(layout.unsupportedReason?.contains("8 bits per pixel") == true)
        layout = .rgb565(width: 7, height: 3, lineLength: 4)
        #expect(layout.unsupportedReason?.contains("line_length") == true)
    }
}
