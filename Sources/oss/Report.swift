import ArgumentParser
import Foundation
import Journal
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
        guard FileManager.default.fileExists(atPath: journal) else {
            Self.complain("error: journal \(journal) does not exist")
            throw ExitCode(1)
        }
        let filter = JournalExport.Filter(worker: worker, product: product, since: try parseTime(since, option: "--since"),
                                          until: try parseTime(until, option: "--until"))
        do {
            let opened = try openJournal(journal)
            var details = "worker=\(worker)"
            if let product { details += " product=\(product)" }
            if let since { details += " since=\(since)" }
            if let until { details += " until=\(until)" }
            try opened.audit(action: "report", details: details + " out=\(out)", by: currentUser(), at: currentMicros())
            let html = try WorkerReport(journal: opened, worker: worker, filter: filter).html()
            try html.write(toFile: out, atomically: true, encoding: .utf8)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Self.complain("error: \(error)")
            throw ExitCode(1)
        }
        print("Report for \(worker) written to \(out)")
    }
}
