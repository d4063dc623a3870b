import ArgumentParser
import Journal
import Operations

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
        let change = try operation { () throws(OperationError) in try NameChange(worker: worker, name: remove ? nil : name) }
        let opened = try openExistingJournal(journal)
        let changed = try operation({ () throws(OperationError) in
            try DisplayNames(journal: opened).apply(change, by: commandLineActor)
        }, message: { error in
            guard case .unknownWorker = error else { return nil }
            return "error: worker \(worker) is not in journal \(journal); names are kept only for workers it knows"
        })
        guard changed else {
            say("No name was kept for \(worker); nothing removed")
            return
        }
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
            purge is recorded in the audit table. In a journal that syncs to a site, cycles \
            the site has not confirmed are kept and the purge is refused, unless \
            --force-unsent is given (then recorded in the audit).
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Keep this many days.") var olderThan: Int
    @Flag(help: "Also delete cycles the site (oss sync) has not confirmed yet; they never reach it.")
    var forceUnsent = false

    func validate() throws {
        guard olderThan >= 0 else { throw ValidationError("--older-than must be 0 or more days") }
    }

    func run() throws {
        let opened = try openExistingJournal(journal)
        let result = try operation { () throws(OperationError) in
            try Retention(journal: opened).purge(olderThanDays: olderThan, forceUnsent: forceUnsent, by: commandLineActor)
        }
        say("Purged data from before \(UTCTime.format(result.cutoff)): \(result.cycles) cycles, \(result.sessions) logins, "
            + "\(result.levelChanges) level changes, \(result.workers) workers. Aggregates without worker ids are kept.")
    }
}
