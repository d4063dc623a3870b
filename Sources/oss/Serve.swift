import ArgumentParser
import Console
import Dispatch
import LinuxSystem
import Operations
import SiteStore

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web console for supervisors, assessors and administrators.",
        discussion: """
            Prints `listening on http://HOST:PORT` once it accepts connections and stops \
            on SIGINT or SIGTERM (exit 0). There is no account until `oss user add` makes one. \
            An address other than loopback needs --tls-cert and --tls-key, or --behind-proxy \
            when a TLS proxy is in front (docs/console.md). With --postgres it shows every station, worker and \
            export of the site; names, purge and reports stay with the stations' journals.
            """)

    @Option(help: "The SQLite journal (default: oss.db).") var journal: String?
    @Option(help: "The site's PostgreSQL database (URL without a password): every station of the site.") var postgres: String?
    @Option(help: "HOST:PORT to listen on.") var listen = ConsoleSettings.defaultListen
    @Option(help: "PEM certificate chain: serve HTTPS.") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Flag(help: "A TLS proxy is in front: cookies only over HTTPS.") var behindProxy = false

    func run() throws {
        let settings: ConsoleSettings
        do {
            settings = try ConsoleSettings(listen: listen, tlsCertificate: tlsCert, tlsKey: tlsKey, behindProxy: behindProxy)
        } catch {
            throw ValidationError(error.description)
        }
        let workshop = try self.workshop()
        let console = Console(workshop: workshop, settings: settings)
        let outcome = ServeOutcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                try await console.run { url in
                    say("listening on \(url)")
                    ProcessFacts.flushStandardOutput()
                }
            } catch {
                outcome.failure = "error: \(ServeOutcome.describe(error))"
            }
            finished.signal()
        }
        finished.wait()
        (workshop as? SiteWorkshop)?.close()
        if let failure = outcome.failure { throw CommandFailure(failure) }
    }
}

extension Serve {
    func validate() throws {
        if journal != nil && postgres != nil { throw ValidationError("give --journal or --postgres, not both") }
    }

    /// One station's journal, or with `--postgres` the whole site; the site
    /// database is reached and its schema checked before the console listens.
    func workshop() throws -> any Workshop {
        guard let postgres else { return JournalWorkshop(journal: try openExistingJournal(journal ?? "oss.db")) }
        let connection = SiteConnection(address: try siteAddress(postgres), logger: siteLogger("oss.serve"))
        try operation { () throws(OperationError) in try connection.operation("open the site database") { _ in () } }
        return SiteWorkshop(connection: connection)
    }
}

/// What the server task reports back to the command's thread.
final class ServeOutcome: @unchecked Sendable {
    var failure: String?

    /// A start-up failure in our words, never a raw error dump.
    static func describe(_ error: any Error) -> String {
        if let failure = error as? StartFailure { return failure.description }
        return "the server stopped (\(String(describing: type(of: error))))"
    }
}
