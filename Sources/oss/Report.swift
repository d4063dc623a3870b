import ArgumentParser
import Foundation
import Journal
import LinuxSystem
import Reports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a worker's skill report: one self-contained HTML file with charts, printable on A4.",
        discussion: "It holds only this worker's finished cycles. Every report is recorded in the audit table (oss audit).")

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Pseudonymous worker id.") var worker: String
    @Option(help: "Only this product.") var product: String?
    @Option(help: "Cycles started at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Cycles started before this time (YYYY-MM-DD or ISO 8601).") var until: String?
    @Option(help: "The HTML file to write.") var out: String

    func run() throws {
        try checkID(worker, option: "--worker")
        if let product { try checkID(product, option: "--product") }
        let period = try parsePeriod(since: since, until: until)
        let filter = JournalExport.Filter(worker: worker, product: product, since: period.since, until: period.until)
        let output: OutputFile
        do { output = try OutputFile.create(out, protecting: protectedInputs(journal: journal)) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        let opened = try openExistingJournal(journal)
        guard try journalAnswer(journal, { try opened.knows(worker: worker) }) else {
            throw CommandFailure("error: worker \(worker) is not in journal \(journal); nothing to report")
        }
        if let product {
            guard try journalAnswer(journal, { try opened.knows(product: product) }) else {
                throw CommandFailure("error: product \(product) is not in journal \(journal); nothing to report")
            }
        }
        let html = try journalAnswer(journal) { () throws -> String in
            var details = "worker=\(worker)"
            if let product { details += " product=\(product)" }
            if let since { details += " since=\(since)" }
            if let until { details += " until=\(until)" }
            try opened.audit(action: "report", details: details + " out=\(out)", by: actingAccount(), at: currentMicros())
            return try WorkerReport(journal: opened, worker: worker, filter: filter).html()
        }
        do {
            try output.write(html)
            try output.commit()
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        say("Report for \(worker) written to \(out)")
    }
}

/// Runs a journal query; its failure becomes a message naming the journal.
func journalAnswer<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as CommandFailure { throw failure } catch let error as JournalError {
        throw CommandFailure("error: \(describe(error))")   // it names the journal itself
    } catch {
        throw CommandFailure("error: journal \(path): \(describe(error))")
    }
}
