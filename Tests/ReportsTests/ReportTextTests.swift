@testable import Reports
import Testing

@Suite("ReportText")
struct ReportTextTests {
    @Test func numbersUseTheLanguagesDecimalMark() {
        #expect(ReportText.dutch.number(12.345, decimals: 1) == "12,3" && ReportText.english.number(12.345, decimals: 1) == "12.3")
        #expect(ReportText.dutch.number(0.05, decimals: 2) == "0,05" && ReportText.dutch.number(-2.5, decimals: 0) == "-3")
        #expect(ReportText.dutch.number(-0.01, decimals: 1) == "0,0", "no minus zero")
        #expect(ReportText.english.number(.nan, decimals: 1) == "?" && ReportText.english.number(1e300, decimals: 0) == "1e+300")
    }

    @Test func productivityIsSpelledAsTheExportSpellsIt() {
        #expect(ReportText.english.productivityText(0.9091) == "0.909" && ReportText.dutch.productivityText(1.2345) == "1,235")
    }

    @Test func bothTablesHaveEveryMonthAndDefinition() {
        for text in [ReportText.dutch, .english] {
            #expect(text.months.count == 12 && text.shortMonths.count == 12 && text.definitions.count == 6)
        }
        #expect(ReportLanguage.names == "nl, en")
    }
}
