import Journal
import LinuxSystem

/// Retention (`oss purge`, the console's purge page; admins): deletes
/// personal data older than a number of days and keeps aggregates without
/// worker ids. The audit row (action `purge`) is written after the purge,
/// so that it holds the counts; it never holds a purged worker's id.
public struct Retention {
    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

    /// `forceUnsent` also deletes cycles a site has not confirmed (see `Journal.purge`).
    public func purge(olderThanDays days: Int, forceUnsent: Bool = false, by actor: Actor) throws(OperationError)
        -> Journal.PurgeResult {
        let now = clock.wallMicros()
        let result: Journal.PurgeResult
        do {
            result = try journal.purge(olderThanDays: days, now: now, forceUnsent: forceUnsent)
        } catch {
            if case let .daysOutOfRange(days, maximum) = error { throw .daysOutOfRange(days: days, maximum: maximum) }
            throw .journal(error)
        }
        try AuditRow(action: "purge", details: ["older-than=\(days)", "cycles=\(result.cycles)", "sessions=\(result.sessions)"]
                     + (forceUnsent ? ["force-unsent=yes"] : []))
            .write(to: journal, by: actor, at: now)
        return result
    }
}
