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
        // Streamed: a million rows take no more memory than ten. A file is
        // written beside its target and renamed into place when complete.
        let partial = out.map { $0 + ".part" }
        let output: FileOutput
        if let partial {
            let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                Self.complain("error: cannot write \(partial): \(String(cString: strerror(errno)))")
                throw ExitCode(1)
            }
            output = FileOutput(descriptor: fd)
        } else {
            output = .standardOutput
        }
        var failure: Int32?
        do {
            let opened = try openJournal(journal)
            try opened.audit(action: "export", details: auditDetails(table: table, format: format), by: currentUser(),
                             at: currentMicros())
            try JournalExport(journal: opened).write(table, format: format, filter: filter, withNames: withNames) { bytes in
                if failure == nil { failure = output.write(bytes) }
            }
        } catch {
            if let partial { close(output.descriptor); unlink(partial) }
            Self.complain("error: journal \(journal): \(error)")
            throw ExitCode(1)
        }
        if let out, let partial {
            if failure == nil, fsync(output.descriptor) != 0 { failure = errno }
            close(output.descriptor)
            if failure == nil, rename(partial, out) != 0 { failure = errno }
            if let failure {
                unlink(partial)
                Self.complain("error: cannot write \(out): \(String(cString: strerror(failure)))")
                throw ExitCode(1)
            }
        } else if let failure {
            Self.complain("error: cannot write the export: \(String(cString: strerror(failure)))")
            throw ExitCode(1)
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
