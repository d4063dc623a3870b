import ArgumentParser
import Journal
import LinuxSystem
import Operations

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export cycles, steps, errors or a summary from the journal as CSV, JSON or xlsx.",
        discussion: """
            Worker ids are the pseudonymous badge ids; no names are exported without \
            --with-names. Only finished cycles (and their steps and errors) are exported \
            unless --include-abandoned is given. --since and --until select cycles by start \
            time: --since is inclusive, --until exclusive; a date alone means midnight UTC, \
            so --until 2026-03-03 includes all of 2 March.

            Columns, fixed, per --what:
            \(JournalExport.Table.allCases.map { "  \($0.rawValue): \(JournalExport.columns($0).joined(separator: ", "))" }
                .joined(separator: "\n"))

            Formats (--format):
              csv:  text in a dialect (below).
              json: an array of objects, times ISO 8601 UTC, numbers with a decimal point.
              xlsx: one sheet named after --what; a bold, frozen header row; numbers
                as number cells; times as date cells (yyyy-mm-dd hh:mm:ss, to the
                millisecond) in local time, the zone named in the header as in
                excel-nl; text always as text, never a formula. A binary file:
                give --out FILE.xlsx (standard output only when it is not a terminal).

            Dialects (--dialect, CSV only):
              standard: ',' separator, decimal point, LF, ISO 8601 UTC times.
              excel-nl: ';' separator, decimal comma, UTF-8 BOM, CRLF, local times
                YYYY-MM-DD HH:MM:SS (whole seconds) in the zone of TZ, else
                /etc/localtime, named in the header: started_at (Europe/Amsterdam).
            A CSV text cell starting with =, +, -, @, tab or CR gets a leading '.

            Details: docs/files.md, section "Export".
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Export the whole site from its PostgreSQL instead (postgres://USER@HOST/DB; no password): a station column first.")
    var postgres: String?
    @Option(help: "cycles, steps, errors or summary (figures per worker and product).") var what: String
    @Option(help: "csv, json or xlsx.") var format = "csv"
    @Option(help: "CSV dialect: standard or excel-nl (a spreadsheet with Dutch settings).") var dialect = "standard"
    @Option(help: "Only this worker id.") var worker: String?
    @Option(help: "Only this product id.") var product: String?
    @Option(help: "Cycles started at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Cycles started before this time (YYYY-MM-DD or ISO 8601).") var until: String?
    @Option(help: "Write to FILE instead of standard output.") var out: String?
    @Flag(help: "Also export abandoned cycles (empty duration and productivity).") var includeAbandoned = false
    @Flag(help: "Add workers' display names (kept apart; only with this flag).") var withNames = false

    func run() throws {
        guard let table = JournalExport.Table(rawValue: what) else {
            throw CommandFailure("error: --what '\(what)' is not one of: cycles, steps, errors, summary")
        }
        guard let format = ExportFormat(rawValue: format) else {
            throw CommandFailure("error: --format '\(self.format)' is not one of: csv, json, xlsx")
        }
        guard let dialect = JournalExport.Dialect(rawValue: dialect) else {
            throw CommandFailure("error: --dialect '\(self.dialect)' is not one of: standard, excel-nl")
        }
        guard format == .csv || dialect == .standard else {
            throw CommandFailure("error: --dialect \(dialect.rawValue) is for --format csv; \(format.rawValue) has one spelling")
        }
        // A workbook is binary: on a terminal it is noise, and it would be lost.
        if format == .xlsx && (out ?? "-") == "-" && ProcessFacts.standardOutputIsTerminal {
            throw CommandFailure("error: --format xlsx writes a binary workbook; give --out FILE.xlsx or redirect standard output")
        }
        let request = try operation { () throws(OperationError) in
            try ExportRequest(table: table, format: format, dialect: dialect, worker: worker, product: product,
                              since: since, until: until, includeAbandoned: includeAbandoned, withNames: withNames, destination: out ?? "stdout")
        }
        if let postgres {
            try exportSite(request, address: siteAddress(postgres))
            return
        }
        // Streamed: a million rows take no more memory than ten. A file is
        // complete or absent (OutputFile), and never one of the journal's files.
        let output: OutputFile
        do { output = try OutputFile.create(out ?? "-", protecting: protectedInputs(journal: journal)) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        let opened = try openExistingJournal(journal)
        var failure: OutputError?
        do {
            try Exports(journal: opened).export(request, by: commandLineActor) { bytes in
                guard failure == nil else { return }
                do throws(OutputError) { try output.write(bytes) } catch { failure = error }
            }
        } catch OperationError.spreadsheet(let failure) {
            output.abandon()
            throw CommandFailure(oss.message(for: OperationError.spreadsheet(failure)))
        } catch {
            output.abandon()
            throw CommandFailure("error: journal \(journal): \(describe(error))")
        }
        do {
            if let failure { throw failure }
            try output.commit()
        } catch {
            output.abandon()
            throw CommandFailure("error: \(describe(error))")
        }
    }
}
