import Foundation
import Journal
import Reports
import Testing
import TestSupport

/// The report and the worker's page as printed: headless Chromium renders a
/// month of one worker (2 products, 20 working days, 800 cycles) to PDF.
/// Fails, never skips, when chromium is missing (`make test` installs it).
@Suite("Printed report", .serialized)
struct PrintedReportTests {
    private let temp = TemporaryDirectory()

    private func printed(_ html: String, name: String) throws -> HeadlessChromium.Printed {
        let chromium = try #require(HeadlessChromium.find(), Comment(rawValue: HeadlessChromium.missing))
        let result = try chromium.print(html, in: temp.path, name: name)
        Swift.print("PRINTED \(name): \(result.pageCount) pages, \(result.pdf.count) bytes, chromium \(String(format: "%.2f", result.seconds)) s")
        #expect(!result.mediaBoxes.isEmpty && result.mediaBoxes.allSatisfy { $0 == [595, 842] }, "A4: \(result.mediaBoxes)")
        return result
    }

    @Test func aMonthOfOneWorkerFitsOnTwoA4Pages() throws {
        let month = try MonthJournal()
        for language in ReportLanguage.allCases {
            let html = try WorkerReport(journal: month.journal, worker: "W042", filter: MonthJournal.november,
                                        settings: MonthJournal.settings(language)).html()
            let pdf = try printed(html, name: "report-\(language)")
            #expect((1...2).contains(pdf.pageCount), "\(language): \(pdf.pageCount) pages")
        }
    }

    @Test func theWorkersPageIsOnePage() throws {
        let month = try MonthJournal()
        for language in ReportLanguage.allCases {
            let html = try WorkerPage(journal: month.journal, worker: "W042", filter: MonthJournal.november,
                                      settings: MonthJournal.settings(language)).html()
            #expect(try printed(html, name: "worker-\(language)").pageCount == 1, "\(language)")
        }
    }
}
