import ArgumentParser
import Foundation
import Journal

struct Names: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep or remove a worker's display name (stored apart from performance data).",
        discussion: "Names appear in exports only with --with-names. Worker ids stay pseudonymous everywhere else.")

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Pseudonymous worker id.") var worker: String
    @Option(help: "The display name; leave out with --remove.") var name: String?
    @Flag(help: "Remove the worker's name.") var remove = false

    func validate() throws {
        if remove == (name != nil) { throw ValidationError("give either --name NAME or --remove") }
    }

    func run() throws {
        try checkID(worker, option: "--worker")
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100
            || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw CommandFailure("error: --name must be 1 to 100 characters on one line")
        }
        let opened = try openExistingJournal(journal)
        let names = try journalAnswer(journal) { try opened.names() }
        if remove {
            guard names[worker] != nil else {
                say("No name was kept for \(worker); nothing removed")
                return
            }
        } else {
            guard try journalAnswer(journal, { try opened.knows(worker: worker) }) else {
                throw CommandFailure("error: worker \(worker) is not in journal \(journal); names are kept only for workers it knows")
            }
        }
        try journalAnswer(journal) { try opened.setName(worker: worker, name: remove ? nil : name) }
        say(remove ? "Name of \(worker) removed" : "Name of \(worker) kept")
    }
}

struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete personal data older than DAYS days; keep aggregate figures without worker ids.",
        discussion: """
            Deletes cycles (with their steps, errors and help requests), logins, old level \
            changes and workers with nothing left, started more than DAYS days ago. Finished \
            cycles are first added to per-product, per-day totals without worker ids. The \
            purge is recorded in the audit table.
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Keep this many days.") var olderThan: Int

    func validate() throws {
        guard olderThan >= 0 else { throw ValidationError("--older-than must be 0 or more days") }
    }

    func run() throws {
        let now = currentMicros()
        let opened = try openExistingJournal(journal)
        let result: Journal.PurgeResult
        do { result = try opened.purge(olderThanDays: olderThan, now: now) } catch {
            if case .daysOutOfRange = error { throw CommandFailure("error: --older-than \(olderThan): \(describe(error))") }
            throw CommandFailure("error: \(describe(error))")
        }
        let cutoff = result.cutoff
        try journalAnswer(journal) {
            try opened.audit(action: "purge", details: "older-than=\(olderThan) cycles=\(result.cycles) sessions=\(result.sessions)",
                             by: actingAccount(), at: now)
        }
        say("Purged data from before \(UTCTime.format(cutoff)): \(result.cycles) cycles, \(result.sessions) logins, "
            + "\(result.levelChanges) level changes, \(result.workers) workers. Aggregates without worker ids are kept.")
    }
}
