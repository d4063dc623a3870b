import Journal

/// The audit table: who took what out of the journal, and when (exports,
/// reports, name listings and changes, purges). Reading it writes nothing.
public struct AuditTrail {
    let journal: Journal

    public init(journal: Journal) {
        self.journal = journal
    }

    /// Every row, oldest first (the command line) or newest first (the console).
    public func entries(newestFirst: Bool = false) throws(OperationError) -> [Journal.AuditEntry] {
        let entries = try journal.answer { () throws(JournalError) in try journal.auditLog() }
        return newestFirst ? entries.reversed() : entries
    }
}
