import Foundation
import Journal
import Reports
import Testing
import TestSupport

@Suite("WorkerPage")
struct WorkerPageTests {
    private func page(_ month: MonthJournal, _ language: ReportLanguage = .nl,
                      filter: JournalExport.Filter = MonthJournal.november) throws -> String {
        try WorkerPage(journal: month.journal, worker: "W042", filter: filter, settings: MonthJournal.settings(language)).html()
    }

    @Test func theWorkerSeesTheirOwnProgressInSimpleDutch() throws {
        let html = try page(MonthJournal())
        #expect(html.contains("<html lang=\"nl\">") && html.contains("Jouw voortgang</h1>"))
        #expect(html.contains("<p class=\"period\">1 november 2026 t/m 30 november 2026</p>"))
        #expect(html.contains("<strong>Je werkt sneller!</strong>"))
        #expect(html.contains("<p>koplamp: eerst 60, nu 42 seconden.</p>"))
        #expect(html.contains("<p>achterlicht: eerst 43, nu 29 seconden.</p>"))
        #expect(html.contains("<strong>Je maakte 800 stuks</strong><p>Op een dag ongeveer 40. Je werkte 20 dagen.</p>"))
        #expect(html.contains("<strong>Minder foutjes!</strong><p>Eerst 8 per dag, nu 2 per dag.</p>"))
        #expect(html.contains("<h2>Zoveel stuks maakte je per dag</h2>") && html.contains("<h2>Zoveel seconden deed je over één stuk</h2>"))
        #expect(ReportHTML.occurrences("class=\"pieces-bar\"", in: html) == 20, "a bar for each day worked")
        #expect(html.contains("<footer>Dit blad is van jou. Bespreek het met je begeleider. Gemaakt op 3 december 2026.</footer>"))
    }

    @Test func inEnglishToo() throws {
        let html = try page(MonthJournal(), .en)
        #expect(html.contains("<html lang=\"en\">") && html.contains("Your progress</h1>"))
        #expect(html.contains("<p class=\"period\">1 November 2026 through 30 November 2026</p>"))
        #expect(html.contains("<strong>You got faster!</strong>") && html.contains("<p>koplamp: first 60, now 42 seconds.</p>"))
        #expect(html.contains("<strong>Fewer mistakes!</strong><p>First 8 a day, now 2 a day.</p>"))
        #expect(html.contains("Made on 3 December 2026.</footer>"))
    }

    @Test func neverANormAPercentageOrAnotherWorker() throws {
        let month = try MonthJournal()
        try month.journal.setName(worker: "W042", name: "Anna de Vries")
        for language in ReportLanguage.allCases {
            let html = try page(month, language)
            #expect(!html.contains("%"), "no percentage anywhere, not even in the style sheet")
            #expect(!html.lowercased().contains("norm") && !html.contains("class=\"norm\""), "no norm, no norm line")
            #expect(!html.contains("W9") && !html.contains("geheim") && !html.contains("Anna"))
            #expect(!ReportHTML.hasISOTime(html))
            #expect(!html.contains("<script") && !html.contains("http://www.w3.org/1999") && !html.contains("src="))
        }
    }

    @Test func picturesAreInlineSVG() throws {
        let html = try page(MonthJournal())
        #expect(ReportHTML.occurrences("<div class=\"tile ", in: html) == 3)
        #expect(ReportHTML.pieces(html, from: "<div class=\"tile ", to: "</div>").allSatisfy { $0.contains("<svg") })
        #expect(html.contains("@page { size: A4; margin: 14mm; }") && html.contains("font-size: 15pt"))
    }

    @Test func aSingleDayHasNoFirstAndNow() throws {
        let firstDay = JournalExport.Filter(since: MonthJournal.firstMorning, until: MonthJournal.firstMorning + MonthJournal.day)
        let html = try page(MonthJournal(), filter: firstDay)
        #expect(html.contains("<strong>Zo snel werk je</strong><p>koplamp: 70 seconden.</p><p>achterlicht: 50 seconden.</p>"))
        #expect(html.contains("<strong>Je maakte 40 stuks</strong><p>Op een dag ongeveer 40. Je werkte 1 dag.</p>"))
    }

    @Test func aWorkerWithoutCyclesSeesThatThereIsNothingYet() throws {
        let html = try WorkerPage(journal: MonthJournal().journal, worker: "W404", filter: .init(),
                                  settings: MonthJournal.settings()).html()
        #expect(html.contains("Er is nog niets te laten zien.") && !html.contains("W042"))
    }
}
