import ArgumentParser
import Foundation
import Journal

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List who took what out of the journal: every export and report, and purges.")

    @Option(help: "The SQLite journal.") var journal = "oss.db"

    func run() throws {
        guard FileManager.default.fileExists(atPath: journal) else {
            Self.complain("error: journal \(journal) does not exist")
            throw ExitCode(1)
        }
        let entries: [Journal.AuditEntry]
        do { entries = try openJournal(journal).auditLog() } catch {
            Self.complain("error: journal \(journal): \(error)")
            throw ExitCode(1)
        }
        if entries.isEmpty { print("Nothing has been exported from \(journal).") }
        for entry in entries {
            print("\(UTCTime.format(entry.at))  \(entry.by)  \(entry.action)  \(entry.details)")
        }
    }
}
