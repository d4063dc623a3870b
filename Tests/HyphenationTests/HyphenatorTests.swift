import Hyphenation
import Testing

@Suite("Hyphenator")
struct HyphenatorTests {
    @Test func findsPatternsByLanguageCode() {
        let hyphenator = Hyphenator(languages: ["nl", "en", "nl-BE"])
        #expect(hyphenator.missing.isEmpty, "\(hyphenator.missing): install hyphen-nl and hyphen-en-us")
        #expect(hyphenator.hyphenationPoints(in: "schroevendraaier", language: "nl") == [6, 9, 14])
        #expect(hyphenator.hyphenationPoints(in: "schroevendraaier", language: "nl-BE") == [6, 9, 14])
        #expect(!hyphenator.hyphenationPoints(in: "screwdriver", language: "en").isEmpty)
    }

    @Test func aLanguageWithoutPatternsIsNamedAndNotHyphenated() {
        let hyphenator = Hyphenator(languages: ["nl", "xx", "../etc"], directories: ["/usr/share/hyphen"])
        #expect(hyphenator.missing.keys.sorted() == ["../etc", "xx"])
        #expect(hyphenator.missing["xx"]?.contains("hyphen-xx") == true)
        #expect(hyphenator.hyphenationPoints(in: "schroevendraaier", language: "xx") == [])
        #expect(hyphenator.hyphenationPoints(in: "schroevendraaier", language: "pl") == [])
    }
}
