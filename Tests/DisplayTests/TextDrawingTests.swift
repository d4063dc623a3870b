import Display
import Hyphenation
import Testing
import TestSupport
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

    @Test func breaksAWordWithoutHyphenationPointsBetweenCharactersAsTheLastResort() {
        let layout = TextDrawing.layout("Schroevendraaierhouder", font: font, size: 20, maxWidth: 60)
        #expect(layout.lines.count > 2)
        #expect(layout.forcedBreaks == layout.lines.count - 1)
        #expect(layout.lines.dropLast().allSatisfy { $0.hasSuffix("-") })
        #expect(layout.lines.map { $0.hasSuffix("-") ? String($0.dropLast()) : $0 }.joined() == "Schroevendraaierhouder")
    }

    @Test func aDutchWordBreaksOnlyAtItsHyphenationPointsWithAVisibleHyphen() throws {
        let hyphenator = Hyphenator(languages: ["nl"])
        #expect(hyphenator.missing.isEmpty, "install hyphen-nl: \(hyphenator.missing)")
        let word = "schroevendraaier"
        let points = hyphenator.hyphenationPoints(in: word, language: "nl")
        #expect(points == [6, 9, 14], "schroe-ven-draai-er")
        // From the narrowest width that holds the widest piece "schroe-" to the whole word.
        let narrowest = ["schroe-", "ven-", "draai-", "er"].map { TextDrawing.width(of: $0, font: font, size: 20) }.max()!
        for maxWidth in stride(from: narrowest, through: TextDrawing.width(of: word, font: font, size: 20), by: 5) {
            let layout = TextDrawing.layout("De " + word, font: font, size: 20, maxWidth: maxWidth) {
                hyphenator.hyphenationPoints(in: $0, language: "nl")
            }
            #expect(layout.forcedBreaks == 0, "width \(maxWidth): \(layout.lines)")
            #expect(layout.lines.allSatisfy { TextDrawing.width(of: $0, font: font, size: 20) <= maxWidth })
            // Every break of the word is one of its points, and its line ends in a hyphen.
            let pieces = layout.lines.joined(separator: " ").split(separator: " ").dropFirst().joined(separator: " ")
            var offset = 0
            for piece in pieces.split(separator: " ") {
                if piece.hasSuffix("-") {
                    offset += piece.count - 1
                    #expect(points.contains(offset), "width \(maxWidth): \(layout.lines)")
                }
            }
            #expect(layout.lines.joined(separator: " ").replacingOccurrences(of: "- ", with: "") == "De " + word)
        }
        // The hyphen is drawn: the line with it has ink where the one without has none.
        var with = Frame(width: 300, height: 40), without = Frame(width: 300, height: 40)
        TextDrawing.drawLine("schroe-", font: font, size: 24, color: .white, x: 0, baseline: 30, into: &with)
        TextDrawing.drawLine("schroe", font: font, size: 24, color: .white, x: 0, baseline: 30, into: &without)
        let hyphen = try #require(with.difference(from: without))
        #expect(hyphen.minX >= TextDrawing.width(of: "schroe", font: font, size: 24) - 2)
    }

    @Test func wrapNeverBreaksAWordButAtAPointUnlessItCountsAForcedBreak() {
        var random = TestRandom.forTest("wrapNeverBreaksAWordButAtAPoint")
        let letters = Array("abcdefghijklmnopqrstuvwxyzëéïĳ")
        for _ in 0..<300 {
            let words = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                String((0..<Int.random(in: 1...24, using: &random)).map { _ in letters.randomElement(using: &random)! })
            }
            // Points drawn at random per word (the same word always gets the same).
            var pointsOf: [String: [Int]] = [:]
            for word in words where pointsOf[word] == nil {
                pointsOf[word] = (1..<max(1, word.count)).filter { _ in Bool.random(using: &random) }
            }
            // Wide enough for any letter and a hyphen, so that every break shows one.
            let size = Int.random(in: 10...40, using: &random), maxWidth = Int.random(in: (2 * size)...400, using: &random)
            let layout = TextDrawing.layout(words.joined(separator: " "), font: font, size: size, maxWidth: maxWidth) {
                pointsOf[$0] ?? []
            }
            // Rebuild the words from the lines: a line ending in "-" continues its last word.
            var rebuilt: [String] = [], pending: String?, offPoint = 0
            for line in layout.lines {
                var parts = line.split(separator: " ").map(String.init)
                guard !parts.isEmpty else { continue }
                if let piece = pending { parts[0] = piece + parts[0] }
                pending = nil
                if line.hasSuffix("-") {
                    let piece = String(parts.removeLast().dropLast())
                    // Where the word breaks: one of its points, or a counted forced break.
                    if !(pointsOf[words[rebuilt.count + parts.count]] ?? []).contains(piece.count) { offPoint += 1 }
                    pending = piece
                }
                rebuilt += parts
            }
            if let pending { rebuilt.append(pending) }
            #expect(rebuilt == words, "\(layout.lines)")
            #expect(offPoint <= layout.forcedBreaks, "\(words) at \(maxWidth): \(layout.lines)")
            #expect(layout.lines.allSatisfy { $0.count <= 2 || TextDrawing.width(of: $0, font: font, size: size) <= maxWidth },
                    "\(layout.lines)")
        }
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
