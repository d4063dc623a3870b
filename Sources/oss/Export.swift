import ArgumentParser
import Foundation
import Journal

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export cycles, steps or errors from the journal as CSV or JSON.",
        discussion: """
            Columns are fixed (see docs/journal.md). Worker ids are the pseudonymous badge \
            ids; no names are exported. Only finished cycles (and their steps and errors) \
            are exported unless --include-abandoned is given. --since and --until select \
            cycles by start time: --since is inclusive, --until exclusive; a date alone \
            means midnight UTC, so --until 2026-03-03 includes all of 2 March.
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "cycles, steps, errors or summary (figures per worker and product).") var what: String
    @Option(help: "csv or json.") var format = "csv"
    @Option(help: "Only this worker id.") var worker: String?
    @Option(help: "Only this product id.") var product: String?
    @Option(help: "Cycles started at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Cycles started before this time (YYYY-MM-DD or ISO 8601).") var until: String?
    @Option(help: "Write to FILE instead of standard output.") var out: String?
    @Flag(help: "Also export abandoned cycles (empty duration and productivity).") var includeAbandoned = false
    @Flag(help: "Add workers' display names (kept apart; only with this flag).") var withNames = false

    func run() throws {
        guard let table = JournalExport.Table(rawValue: what) else {
            Self.complain("error: --what '\(what)' is not one of: cycles, steps, errors, summary")
            throw ExitCode(1)
        }
        guard let format = JournalExport.Format(rawValue: format) else {
            Self.complain("error: --format '\(self.format)' is not one of: csv, json")
            throw ExitCode(1)
        }
        guard FileManager.default.fileExists(atPath: journal) else {
            Self.complain("error: journal \(journal) does not exist")
            throw ExitCode(1)
        }
        let filter = JournalExport.Filter(worker: worker, product: product,
                                          since: try parseTime(since, option: "--since"),
                                          until: try parseTime(until, option: "--until"),
                                          includeAbandoned: includeAbandoned)
        let text: String
        do {
            let opened = try openJournal(journal)
            try opened.audit(action: "export", details: auditDetails(table: table, format: format), by: currentUser(),
                             at: currentMicros())
            text = try JournalExport(journal: opened).render(table, format: format, filter: filter, withNames: withNames)
        } catch {
            Self.complain("error: journal \(journal): \(error)")
            throw ExitCode(1)
        }
        if let out {
            do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                Self.complain("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else {
            FileOutput.standardOutput.write(text)
        }
    }
}

extension Export {
    func auditDetails(table: JournalExport.Table, format: JournalExport.Format) -> String {
        var parts = ["what=\(table.rawValue)", "format=\(format.rawValue)"]
        if let worker { parts.append("worker=\(worker)") }
        if let product { parts.append("product=\(product)") }
        if let since { parts.append("since=\(since)") }
        if let until { parts.append("until=\(until)") }
        if includeAbandoned { parts.append("include-abandoned") }
        if withNames { parts.append("with-names") }
        parts.append("out=\(out ?? "stdout")")
        return parts.joined(separator: " ")
    }
}

/// The user running oss, for the audit table.
func currentUser() -> String {
    let environment = ProcessInfo.processInfo.environment
    return environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
}
