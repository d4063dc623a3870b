import Hyphenation
import Testing
import TestSupport

@Suite("HyphenationPatterns")
struct HyphenationPatternsTests {
    static let dutch = "/usr/share/hyphen/hyph_nl_NL.dic"
    static let english = "/usr/share/hyphen/hyph_en_US.dic"

    /// Fails with the Debian package to install when the patterns are missing.
    static func load(_ path: String) throws -> HyphenationPatterns {
        do {
            return try HyphenationPatterns(path: path)
        } catch {
            Issue.record("\(error): install hyphen-nl and hyphen-en-us (scripts/install-deps.sh)")
            throw error
        }
    }

    static func hyphenated(_ word: String, _ points: [Int]) -> String {
        var result = ""
        for (offset, character) in word.enumerated() {
            if points.contains(offset) { result += "-" }
            result.append(character)
        }
        return result
    }

    @Test func dutchWordsBreakAtTheDutchPatterns() throws {
        let patterns = try Self.load(Self.dutch)
        #expect(Self.hyphenated("schroevendraaier", patterns.points(in: "schroevendraaier")) == "schroe-ven-draai-er")
        #expect(Self.hyphenated("behuizing", patterns.points(in: "behuizing")) == "be-hui-zing")
        #expect(Self.hyphenated("printplaat", patterns.points(in: "printplaat")) == "print-plaat")
    }

    @Test func capitalsPunctuationAndDigitsKeepTheirOffsets() throws {
        let patterns = try Self.load(Self.dutch)
        let plain = patterns.points(in: "schroevendraaier")
        #expect(patterns.points(in: "Schroevendraaier") == plain)
        // "(" shifts every point by one; the points stay inside the letters.
        #expect(patterns.points(in: "(schroevendraaier).") == plain.map { $0 + 1 })
        #expect(patterns.points(in: "12") == [])
    }

    @Test func latin1PatternsGetAccentedLettersAsOneByte() throws {
        let patterns = try Self.load(Self.dutch)
        // "financiële": the ë is one character whether precomposed or not.
        let precomposed = patterns.points(in: "financi\u{EB}le")
        let decomposed = patterns.points(in: "financie\u{308}le")
        #expect(!precomposed.isEmpty)
        #expect(precomposed == decomposed)
    }

    @Test func wordsTheCharsetCannotHoldGetNoPoints() throws {
        let patterns = try Self.load(Self.dutch)
        #expect(patterns.points(in: "отвертка") == [])
        #expect(patterns.points(in: "") == [])
        #expect(patterns.points(in: "a") == [])
        #expect(patterns.points(in: String(repeating: "schroef", count: 2000)) == [])
    }

    @Test func utf8PatternsWork() throws {
        let patterns = try Self.load(Self.english)
        #expect(Self.hyphenated("screwdriver", patterns.points(in: "screwdriver")).contains("-"))
    }

    @Test func anyTextGivesPointsInsideTheWordAtCharacterBoundaries() throws {
        let patterns = [try Self.load(Self.dutch), try Self.load(Self.english)]
        var random = TestRandom.forTest("anyTextGivesPointsInsideTheWord")
        let pieces: [String] = ["a", "e", "ë", "e\u{308}", "ij", "ĳ", "ß", "İ", "sch", "-", "'", "1", " ", "\u{0}", "Ж", "日",
                                "\u{301}", "👍🏽", "\u{FFFD}", "n", "r", "t", "oe", "aa"]
        for _ in 0..<2000 {
            let word = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for pattern in patterns {
                let points = pattern.points(in: word)
                #expect(points == points.sorted() && Set(points).count == points.count, "\(word)")
                #expect(points.allSatisfy { $0 > 0 && $0 < word.count }, "\(word): \(points)")
            }
        }
    }

    @Test func aMissingFileIsATypedError() {
        #expect(throws: HyphenationPatterns.LoadError.unreadable(path: "/nonexistent/hyph_xx.dic")) {
            try HyphenationPatterns(path: "/nonexistent/hyph_xx.dic")
        }
    }
}
