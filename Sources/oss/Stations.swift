import ArgumentParser
import Operations

struct StationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations",
        abstract: "Show each station's live state: who works on which product and step, and what blocks it.",
        discussion: """
            oss run and oss simulate keep it in the journal. With --json, the same array \
            as the console's GET /api/stations.
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Flag(help: "Print the JSON array of GET /api/stations.") var json = false

    func run() throws {
        let opened = try openExistingJournal(journal)
        let rows = try operation { () throws(OperationError) in try Stations.live(journal: opened) }
        if json {
            say(Stations.json(rows))
            return
        }
        if rows.isEmpty { say("No station has run on \(journal).") }
        for row in rows {
            let error = row.openError.map { "\($0.kind) on \($0.input)" }
            let fields = [row.state, row.worker, row.product, row.step, error].map { $0 ?? "-" }
            say("\(row.station)  \(row.name)  " + fields.joined(separator: "  ") + "  \(row.updatedAt)")
        }
    }
}
