import ArgumentParser
import Journal
import Operations

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List who took what out of the journal: every export and report, name changes and listings, and purges.")

    @Option(help: "The SQLite journal.") var journal = "oss.db"

    func run() throws {
        let opened = try openExistingJournal(journal)
        let entries = try operation { () throws(OperationError) in try AuditTrail(journal: opened).entries() }
        if entries.isEmpty { say("Nothing has been exported from \(journal).") }
        for entry in entries {
            say("\(UTCTime.format(entry.at))  \(entry.by)  \(entry.action)  \(entry.details)")
        }
    }
}
