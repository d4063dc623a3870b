import ArgumentParser
import LinuxSystem
import Operations
import Reports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a worker's skill report: one self-contained HTML file with charts, printable on A4.",
        discussion: """
            It holds only this worker's finished cycles, named by the pseudonymous id. Dutch by default \
            (--lang \(ReportLanguage.allCases.map(\.rawValue).joined(separator: "|"))); dates and times in the zone of TZ, else /etc/localtime, named on \
            the page. The report shows its period and when it was made, one learning curve per product with \
            the norm line, productivity as the export defines it, errors and help per day, and what it may be \
            used for. --for-worker makes the worker's own one-page version instead: large type, pictures, their \
            own progress, no norm and no comparison. Every report is recorded in the audit table (oss audit).

            Details: docs/files.md, section "Report".
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Pseudonymous worker id.") var worker: String
    @Option(help: "Only this product.") var product: String?
    @Option(help: "Cycles started at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Cycles started before this time (YYYY-MM-DD or ISO 8601).") var until: String?
    @Option(help: "The HTML file to write.") var out: String
    @Option(help: "The page's language: \(ReportLanguage.names).") var lang = ReportLanguage.nl.rawValue
    @Flag(help: "The worker's own one-page version: large type, pictures, their own progress only.") var forWorker = false

    func run() throws {
        guard let language = ReportLanguage(rawValue: lang) else {
            throw CommandFailure("error: --lang '\(lang)' is not one of: \(ReportLanguage.names)")
        }
        let request = try operation { () throws(OperationError) in
            try ReportRequest(worker: worker, product: product, since: since, until: until, language: language,
                              forWorker: forWorker, destination: out)
        }
        let output: OutputFile
        do { output = try OutputFile.create(out, protecting: protectedInputs(journal: journal)) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        let opened = try openExistingJournal(journal)
        let html = try operation({ () throws(OperationError) in
            try WorkerReports(journal: opened).report(request, by: commandLineActor)
        }, message: { error in
            switch error {
            case let .unknownWorker(worker, _): "error: worker \(worker) is not in journal \(journal); nothing to report"
            case let .unknownProduct(product, _): "error: product \(product) is not in journal \(journal); nothing to report"
            default: nil
            }
        })
        do {
            try output.write(html)
            try output.commit()
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        say("Report for \(worker) written to \(out)")
    }
}
