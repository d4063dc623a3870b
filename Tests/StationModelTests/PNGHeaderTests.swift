@testable import StationModel
import Testing

@Suite("PNGHeader")
struct PNGHeaderTests {
    @Test func sizeIsReadFromTheIHDRChunk() throws {
        let header = try PNGHeader.parse(pngHeaderBytes(width: 640, height: 480)).get()
        #expect(header == PNGHeader(width: 640, height: 480))
        #expect(header.pixels == 307_200)
    }

    @Test func otherFilesAreNotPictures() {
        #expect(PNGHeader.parse(Array("GIF89a and more bytes than a header has".utf8)) == .failure(.notPNG))
        #expect(PNGHeader.parse([]) == .failure(.notPNG))
        // Signature only, or a damaged IHDR.
        #expect(PNGHeader.parse(Array(pngHeaderBytes(width: 1, height: 1).prefix(8))) == .failure(.badHeader))
        var wrongChunk = pngHeaderBytes(width: 4, height: 4)
        wrongChunk[12] = UInt8(ascii: "X")
        #expect(PNGHeader.parse(wrongChunk) == .failure(.badHeader))
    }

    @Test func sizesOutsidePNGsRangeAreRefusedWithoutOverflow() {
        #expect(PNGHeader.parse(pngHeaderBytes(width: 0, height: 10)) == .failure(.badHeader))
        #expect(PNGHeader.parse(pngHeaderBytes(width: .max, height: .max)) == .failure(.badHeader))
        let largest = PNGHeader.parse(pngHeaderBytes(width: UInt32(Int32.max), height: UInt32(Int32.max)))
        #expect((try? largest.get().pixels) == Int(Int32.max) * Int(Int32.max))
    }
}
