import Journal

/// The audit row an operation writes itself, before it hands anything out:
/// when, by whom, what (`action`) and with which selection (`details`, as
/// `key=value` words, e.g. `what=cycles format=csv worker=W042 out=stdout`).
/// Worker ids in details are redacted by a purge that removes the worker.
struct AuditRow {
    var action: String
    var details: [String]

    /// `key=value` for each given value.
    static func pairs(_ pairs: KeyValuePairs<String, String?>) -> [String] {
        pairs.compactMap { key, value in value.map { "\(key)=\($0)" } }
    }

    func write(to journal: Journal, by actor: Actor, at time: Int64) throws(OperationError) {
        let entry = entry(by: actor, at: time)
        try journal.answer { () throws(JournalError) in
            try journal.audit(action: entry.action, details: entry.details, by: entry.by, at: entry.at)
        }
    }

    /// The row as the journal keeps it, for a store that writes it beside its own change.
    func entry(by actor: Actor, at time: Int64) -> Journal.AuditEntry {
        Journal.AuditEntry(at: time, action: action, details: details.joined(separator: " "), by: actor.name)
    }
}
