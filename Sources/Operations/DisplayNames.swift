import Foundation
import Journal
import LinuxSystem

/// A display name to keep for a worker, or (`name` nil) to remove:
/// checked before the journal is touched.
public struct NameChange: Sendable, Equatable {
    public let worker: String
    public let name: String?

    public init(worker: String, name: String?) throws(OperationError) {
        try Identifier.check(worker, .worker)
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || !Identifier.isOneLine(name, limit: DisplayNames.nameLimit) {
            throw .invalidName
        }
        self.worker = worker
        self.name = name
    }
}

/// Workers' display names, kept apart from the performance data (admins).
/// Every change and every listing writes an audit row (action `names`)
/// first; the row names the worker id, never the name.
public struct DisplayNames {
    /// The longest display name kept.
    public static let nameLimit = 100

    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

    /// Applies `change`: keeps the name of a worker the journal knows, or
    /// removes a kept name. Removing where no name is kept writes nothing
    /// and answers false.
    @discardableResult
    public func apply(_ change: NameChange, by actor: Actor) throws(OperationError) -> Bool {
        if change.name == nil {
            guard try journal.answer({ () throws(JournalError) in try journal.names() })[change.worker] != nil else { return false }
        } else {
            guard try journal.answer({ () throws(JournalError) in try journal.knows(worker: change.worker) }) else {
                throw .unknownWorker(change.worker, journal: journal.path)
            }
        }
        try AuditRow(action: "names", details: [change.name == nil ? "remove" : "set", "worker=\(change.worker)"])
            .write(to: journal, by: actor, at: clock.wallMicros())
        try journal.answer { () throws(JournalError) in try journal.setName(worker: change.worker, name: change.name) }
        return true
    }

    /// Every kept name by worker id, audited before it is handed out.
    public func list(by actor: Actor) throws(OperationError) -> [String: String] {
        try AuditRow(action: "names", details: ["list"]).write(to: journal, by: actor, at: clock.wallMicros())
        return try journal.answer { () throws(JournalError) in try journal.names() }
    }
}
