import ArgumentParser
import Dispatch
import Journal
import LinuxSystem
import Logging
import SiteStore
import Synchronization

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the journal's cycles, level changes and audit rows to the site's PostgreSQL.",
        discussion: """
            Sends what the site has not confirmed yet, in batches of one transaction each, \
            and takes down the level changes made centrally or at other stations. Prints \
            `synced N cycles, M level changes` (what the site stored this time). Running it \
            again sends nothing twice. The password comes from PGPASSWORD or ~/.pgpass, \
            never from the URL. With --follow it syncs every --interval seconds until SIGTERM \
            or SIGINT (exit 0); while the server cannot be reached it waits 1 to 60 s between \
            tries, and the station goes on working and keeps every record (docs/site.md).
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "The site database: postgres://USER@HOST[:PORT]/DB[?sslmode=verify-full] (no password).")
    var postgres: String
    @Flag(help: "Keep syncing until SIGTERM or SIGINT.") var follow = false
    @Option(help: "Seconds between syncs with --follow (1 to 3600).") var interval = 5
    @Option(help: "Cycles per transaction (1 to 10000).") var batch = 2000

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be 1 to 3600 seconds") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1 to 10000 cycles") }
    }

    func run() throws {
        // Before any thread starts, so that every thread inherits the blocked signals.
        let signals = follow ? try SignalDescriptor(signals: [Scheduling.terminate, Scheduling.interrupt, Scheduling.hangUp])
                             : nil
        let address = try siteAddress(postgres)
        let opened = try openExistingJournal(journal)
        let logger = siteLogger("oss.sync")
        guard let signals else {
            let outcome = try once(opened, address, logger)
            say("synced \(outcome.cycles) cycles, \(outcome.levelChanges) level changes")
            return
        }
        try followUntilStopped(opened, address, logger, signals)
    }

    private func once(_ journal: Journal, _ address: SiteAddress, _ logger: Logger) throws -> SiteSync.Outcome {
        let batch = self.batch
        do {
            return try waitFor {
                let database = try await SiteDatabase.connect(to: address, logger: logger)
                do {
                    try await CentralSchema.bringUpToDate(database)
                    let outcome = try await SiteSync(journal: journal, database: database, batchSize: batch,
                                                     now: { SystemClock.shared.wallMicros() }).run()
                    await database.close()
                    return outcome
                } catch {
                    await database.close()
                    throw error
                }
            }
        } catch let error as SiteError {
            throw CommandFailure("error: \(Self.explain(error))")
        }
    }

    static func explain(_ error: SiteError) -> String {
        switch error {
        case .badAddress, .loginRefused, .schemaNewer: error.description
        // Whatever stopped the batch, nothing of it counts as sent: the cursor did not move.
        case .unreachable, .lost, .refused, .local:
            "\(error.description); nothing was lost: the journal keeps every record, the next sync sends it"
        }
    }

    /// Syncs every interval on one connection until a stop signal. A
    /// server that cannot be reached is tried again after 1, 2, 4 … 60 s;
    /// a refused login or a newer central schema ends it (exit 1).
    private func followUntilStopped(_ journal: Journal, _ address: SiteAddress, _ logger: Logger,
                                    _ signals: SignalDescriptor) throws {
        let control = FollowControl()
        let finished = DispatchSemaphore(value: 0)
        let batch = self.batch, interval = self.interval
        Task {
            await Self.follow(journal, address, logger, batch: batch, interval: interval, control: control)
            finished.signal()
        }
        let epoll = try Epoll(capacity: 4)
        try epoll.add(signals.descriptor.rawValue, for: .readable)
        var ready: [Epoll.Ready] = []
        while finished.wait(timeout: .now()) == .timedOut {
            try epoll.wait(timeoutMilliseconds: 200, into: &ready)
            if !ready.isEmpty, !((try? signals.take()) ?? []).isEmpty {
                logger.notice("stop signal received; finishing")
                control.stop()
                // A batch in flight ends within its transaction deadline; its cursor is safe either way.
                _ = finished.wait(timeout: .now() + .seconds(30))
                return
            }
        }
        if let failure = control.failure { throw CommandFailure("error: \(failure)") }
    }

    private static func follow(_ journal: Journal, _ address: SiteAddress, _ logger: Logger, batch: Int, interval: Int,
                               control: FollowControl) async {
        var database: SiteDatabase?
        var backoff = 1
        while !control.stopped {
            do {
                if database == nil {
                    let connected = try await SiteDatabase.connect(to: address, logger: logger)
                    database = connected
                    try await CentralSchema.bringUpToDate(connected)
                    logger.notice("connected to the site database \(address)")
                }
                let outcome = try await SiteSync(journal: journal, database: database!, batchSize: batch,
                                                 now: { SystemClock.shared.wallMicros() }).run()
                if outcome.cycles > 0 || outcome.levelChanges > 0 {
                    say("synced \(outcome.cycles) cycles, \(outcome.levelChanges) level changes")
                    ProcessFacts.flushStandardOutput()
                }
                backoff = 1
                await control.sleep(seconds: interval)
            } catch let error as SiteError {
                switch error {
                case .loginRefused, .schemaNewer, .badAddress:
                    control.fail(error.description)
                    await database?.close()
                    return
                default:
                    await database?.close()
                    database = nil
                    logger.warning("\(explain(error)); trying again in \(backoff) s")
                    await control.sleep(seconds: backoff)
                    backoff = min(60, backoff * 2)
                }
            } catch {
                control.fail("the sync stopped unexpectedly")
                return
            }
        }
        await database?.close()
    }
}

/// The stop request and the outcome shared by the signal thread and the sync task.
final class FollowControl: Sendable {
    private struct State {
        var stopped = false
        var failure: String?
    }

    private let state = Mutex(State())

    var stopped: Bool { state.withLock { $0.stopped } }
    var failure: String? { state.withLock { $0.failure } }

    func stop() { state.withLock { $0.stopped = true } }
    func fail(_ text: String) { state.withLock { $0.failure = text } }

    /// Sleeps `seconds`, waking early when stopped.
    func sleep(seconds: Int) async {
        for _ in 0..<(seconds * 10) where !stopped {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
