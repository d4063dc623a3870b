import Display
import Testing
import Typesetting

@Suite("TextDrawing")
struct TextDrawingTests {
    let font = try! FontLocator.standardFonts().regular

    @Test func wrapsAtSpacesWithinTheWidth() {
        let lines = TextDrawing.wrap("Pak een behuizing uit bak 1", font: font, size: 20, maxWidth: 150)
        #expect(lines.count > 1)
        #expect(lines.joined(separator: " ") == "Pak een behuizing uit bak 1")
        #expect(lines.allSatisfy { TextDrawing.width(of: $0, font: font, size: 20) <= 150 })
    }

    @Test func breaksAWordLongerThanALine() {
        let lines = TextDrawing.wrap("Schroevendraaierhouder", font: font, size: 20, maxWidth: 60)
        #expect(lines.count > 2)
        #expect(lines.joined() == "Schroevendraaierhouder")
    }

    @Test func rendersAccentsAndNonLatinLetters() {
        for scalar in "éëïĳłśżğışÇЖΩ".unicodeScalars {
            let glyph = font.glyph(for: scalar, size: 24)
            #expect(glyph != nil && glyph!.coverage.contains { $0 > 128 }, "\(scalar) has ink")
        }
    }

    @Test func drawsInkInsideTheLine() {
        var frame = Frame(width: 200, height: 40)
        TextDrawing.drawLine("Stap 1", font: font, size: 24, color: .white, x: 4, baseline: 30, into: &frame)
        let lit = frame.pixels.filter { $0 != 0 }.count
        #expect(lit > 100)
        #expect(frame.difference(from: Frame(width: 200, height: 40))!.maxY <= 40)
    }
}
