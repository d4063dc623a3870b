import Foundation
import Journal
import StationEngine
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

    /// The most the worker's page shows: a year of 4 products with long ids (3 shown, weekly bars), errors throughout.
    @Test func theWorkersPageOfABusyYearIsOnePage() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/year.db")
        let products = ["koplamp-led-achterspatbord-2026", "achterlicht-met-reflector", "fietsbel-verchroomd", "dynamo"]
        var writes: [CycleRecorder.Write] = [], number = 0
        for day in 0..<365 where day % 7 < 5 {
            for (index, product) in products.enumerated() {
                for cycle in 0..<4 {
                    number += 1
                    let start = MonthJournal.firstMorning + Int64(day) * MonthJournal.day + Int64(index * 4 + cycle) * 120_000_000
                    let micros = Int64(30 + (365 - day) / 10 + index * 5) * 1_000_000
                    writes.append(.cycle(CycleRecord(station: "s", worker: "W042", product: product, number: number, level: 1,
                                                     status: .done, startedAt: start, endedAt: start + micros, duration: micros,
                                                     errors: number % 9 == 0 ? 2 : 0, help: 0, normTime: 40_000_000)))
                }
            }
        }
        try journal.record(writes, station: "s")
        for language in ReportLanguage.allCases {
            let html = try WorkerPage(journal: journal, worker: "W042", filter: .init(), settings: MonthJournal.settings(language)).html()
            #expect(html.contains(language == .nl ? "per week</h2>" : "each week</h2>"))
            #expect(try printed(html, name: "worker-year-\(language)").pageCount == 1, "\(language)")
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
