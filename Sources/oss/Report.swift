import ArgumentParser
import LinuxSystem
import Operations

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
        let request = try operation { () throws(OperationError) in
            try ReportRequest(worker: worker, product: product, since: since, until: until, destination: out)
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
