import ArgumentParser
import Operations

struct WorkersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "Show per worker and product the level in force, the finished cycles, the last one and the standing level advice.",
        discussion: """
            Workers with a cycle or a level change, sorted by id. With --json, the same array \
            as the console's GET /api/workers (with advice_reason besides the contract's fields).
            """)

    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Flag(help: "Print the JSON array of GET /api/workers.") var json = false

    func run() throws {
        let opened = try openExistingJournal(journal)
        let rows = try operation { () throws(OperationError) in try Workers.overview(journal: opened) }
        if json {
            say(Workers.json(rows))
            return
        }
        if rows.isEmpty { say("No worker has a cycle or a level in \(journal).") }
        for row in rows {
            for product in row.products {
                let advice = product.advice.map { "advice \($0) (\(product.adviceReason ?? ""))" } ?? "advice -"
                say("\(row.worker)  \(product.product)  level \(product.level)  cycles \(product.cycles)  "
                    + "last \(product.lastCycleAt ?? "-")  " + advice)
            }
        }
    }
}
