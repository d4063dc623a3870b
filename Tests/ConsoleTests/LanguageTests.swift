@testable import Console
import Testing

@Suite("Language")
struct LanguageTests {
    @Test func theBrowsersFirstSpokenLanguageWins() {
        #expect(Language.fromAcceptLanguage("en-GB,en;q=0.9,nl;q=0.8") == .en)
        #expect(Language.fromAcceptLanguage("de-DE,de;q=0.9,nl;q=0.5,en;q=0.4") == .nl)
        #expect(Language.fromAcceptLanguage("nl-NL") == .nl)
        #expect(Language.fromAcceptLanguage("fr") == .nl)
        #expect(Language.fromAcceptLanguage("") == .nl)
        #expect(Language.fromAcceptLanguage("en;q=0, nl;q=abc") == .nl)
    }

    @Test func everyTextExistsInBothLanguages() {
        #expect(Set(PageText.dutch.keys) == Set(PageText.english.keys))
        #expect(PageText.dutch.values.allSatisfy { !$0.isEmpty })
    }
}
