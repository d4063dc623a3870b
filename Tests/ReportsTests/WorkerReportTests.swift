@testable import Journal
import Reports
import Testing
import TestSupport

@Suite("WorkerReport")
struct WorkerReportTests {
    private func journal() throws -> (TemporaryDirectory, Journal) {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        for (worker, number, seconds, errors, help, level) in [("W1", 1, 30, 1, 1, 1), ("W1", 2, 20, 0, 0, 1), ("W1", 3, 12, 0, 0, 2),
                                                              ("W9", 1, 50, 3, 2, 1)] {
            let start = Int64(number) * 100_000_000 + (worker == "W9" ? 7 : 0)
            try journal.record(CycleRecord(station: "s", worker: worker, product: "lamp", number: number, level: level,
                                           status: .done, startedAt: start, endedAt: start + Int64(seconds) * 1_000_000,
                                           duration: Int64(seconds) * 1_000_000, errors: errors, help: help, normTime: 15_000_000,
                                           errorRecords: (0..<errors).map { _ in
                                               .init(step: worker == "W9" ? "secret-step" : "pick", index: 1, at: start,
                                                     kind: "wrong_input", input: "bin-2")
                                           }))
        }
        try journal.setLevel(worker: "W1", product: "lamp", level: 2, by: "S001", reason: "faster now", at: 250_000_000)
        return (temp, journal)
    }

    @Test func containsTheChartsAndTablesOfThatWorkerOnly() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4, "learning curve, errors, productivity, help")
        #expect(html.contains("class=\"level-band\"") && html.contains("class=\"norm\"") && html.contains("class=\"cycle-time\""))
        #expect(html.contains("lamp / pick") && html.contains("faster now") && html.contains("@page { size: A4"))
        #expect(!html.contains("W9") && !html.contains("secret-step"), "no other worker's data")
        #expect(html.contains("<td>3</td>"), "three cycles in the summary")
    }

    @Test func loadsNothingFromTheNetwork() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W1", filter: .init()).html()
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("url("))
    }

    @Test func aWorkerWithoutCyclesGetsAnEmptyReport() throws {
        let (_, journal) = try journal()
        let html = try WorkerReport(journal: journal, worker: "W404", filter: .init()).html()
        #expect(html.contains("No finished cycles"))
        #expect(!html.contains("W1") && !html.contains("W9"))
    }
}
