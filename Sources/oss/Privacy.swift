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
        do { try openJournal(journal).setName(worker: worker, name: remove ? nil : name) } catch {
            Self.complain("error: journal \(journal): \(error)")
            throw ExitCode(1)
        }
        print(remove ? "Name of \(worker) removed" : "Name of \(worker) kept")
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
        guard FileManager.default.fileExists(atPath: journal) else {
            Self.complain("error: journal \(journal) does not exist")
            throw ExitCode(1)
        }
        let cutoff = currentMicros() - Int64(olderThan) * 86_400_000_000
        do {
            let opened = try openJournal(journal)
            let result = try opened.purge(before: cutoff)
            try opened.audit(action: "purge", details: "older-than=\(olderThan) cycles=\(result.cycles) sessions=\(result.sessions)",
                             by: currentUser(), at: currentMicros())
            print("Purged data from before \(UTCTime.format(cutoff)): \(result.cycles) cycles, \(result.sessions) logins, "
                  + "\(result.levelChanges) level changes, \(result.workers) workers. Aggregates without worker ids are kept.")
        } catch {
            Self.complain("error: journal \(journal): \(error)")
            throw ExitCode(1)
        }
    }
}
