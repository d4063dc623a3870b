import ArgumentParser
import Journal
import Operations

struct Level: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Instruction levels per worker and product (supervisors).",
        discussion: "1 full, 2 short, 3 minimal. A worker without a level set starts at 1.",
        subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a worker's level for a product, from the next cycle.",
            discussion: """
                The journal must exist, and the product must be one the journal has seen (in a cycle or \
                a level) or one of the station given with --station. The change is recorded as made by \
                the operating-system account running oss.
                """)
        @Option(help: "The SQLite journal.") var journal = "oss.db"
        @Option(help: "Set it for the whole site in its PostgreSQL instead (postgres://USER@HOST/DB; no password).")
        var postgres: String?
        @Option(help: "Pseudonymous worker id.") var worker: String
        @Option(help: "Product id.") var product: String
        @Option(help: "The station folder, so that its products can be given before their first cycle.") var station: String?
        @Option(help: "On whose behalf (noted beside the account running oss, which is always recorded).") var by: String?
        @Option(help: "Why, for the level history.") var reason: String?
        @Argument(help: "1, 2 or 3.") var level: Int

        func validate() throws {
            guard (1...3).contains(level) else { throw ValidationError("LEVEL must be 1 (full), 2 (short) or 3 (minimal)") }
        }

        func run() throws {
            let request = try operation { () throws(OperationError) in
                try LevelRequest(worker: worker, product: product, level: level, reason: reason, onBehalfOf: by)
            }
            let stationProducts = try station.map { try loadStation($0).products.map(\.id) } ?? []
            if let postgres {
                try setCentrally(request, stationProducts: stationProducts, address: siteAddress(postgres))
                say("\(worker) on \(product): level \(level) (site; stations take it at their next sync)")
                return
            }
            let opened = try openExistingJournal(journal)
            try operation({ () throws(OperationError) in
                try Levels(journal: opened).set(request, by: commandLineActor, alsoKnown: stationProducts)
            }, message: { error in
                guard case let .unknownProduct(product, _) = error else { return nil }
                return "error: product \(product) is unknown to journal \(journal)"
                    + (station == nil ? "; give --station DIR to set a level before its first cycle" : " and to the station")
            })
            say("\(worker) on \(product): level \(level)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show levels in force and their history.")
        @Option(help: "The SQLite journal.") var journal = "oss.db"
        @Option(help: "Show the whole site's levels from its PostgreSQL instead (postgres://USER@HOST/DB).")
        var postgres: String?
        @Option(help: "Only this worker.") var worker: String?
        @Option(help: "Only this product.") var product: String?

        func run() throws {
            let history: [Journal.LevelChange]
            if let postgres {
                history = try showCentrally(address: siteAddress(postgres))
            } else {
                let opened = try openExistingJournal(journal)
                history = try operation { () throws(OperationError) in
                    try Levels(journal: opened).history(worker: worker, product: product)
                }
            }
            if history.isEmpty {
                say("No levels set\(worker.map { " for \($0)" } ?? ""): every worker starts at level 1.")
                return
            }
            say("In force:")
            for change in Levels.inForce(history) {
                say("  \(change.worker)  \(change.product)  level \(change.level)")
            }
            say("History:")
            for change in history {
                say("  \(UTCTime.format(change.at))  \(change.worker)  \(change.product)  level \(change.level)  by \(change.by)"
                    + (change.reason.map { "  (\($0))" } ?? ""))
            }
        }
    }
}
