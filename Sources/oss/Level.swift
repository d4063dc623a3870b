import ArgumentParser
import Foundation
import Journal

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
            try checkID(worker, option: "--worker")
            try checkID(product, option: "--product")
            if let by { try checkID(by, option: "--by") }
            if let reason, reason.count > 500 || reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw CommandFailure("error: --reason must be one line of at most 500 characters")
            }
            let stationProducts = try station.map { try loadStation($0).products.map(\.id) } ?? []
            let opened = try openExistingJournal(journal)
            guard try stationProducts.contains(product) || journalAnswer(journal, { try opened.knows(product: product) }) else {
                throw CommandFailure("error: product \(product) is unknown to journal \(journal)"
                                     + (station == nil ? "; give --station DIR to set a level before its first cycle" : " and to the station"))
            }
            let account = actingAccount()
            let setter = by.map { "\(account) for \($0)" } ?? account
            try journalAnswer(journal) {
                try opened.setLevel(worker: worker, product: product, level: level, by: setter, reason: reason, at: currentMicros())
            }
            say("\(worker) on \(product): level \(level)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show levels in force and their history.")
        @Option(help: "The SQLite journal.") var journal = "oss.db"
        @Option(help: "Only this worker.") var worker: String?
        @Option(help: "Only this product.") var product: String?

        func run() throws {
            let opened = try openExistingJournal(journal)
            let history = try journalAnswer(journal) { try opened.levelHistory(worker: worker, product: product) }
            if history.isEmpty {
                say("No levels set\(worker.map { " for \($0)" } ?? ""): every worker starts at level 1.")
                return
            }
            var current: [String: Journal.LevelChange] = [:]
            for change in history { current["\(change.worker)\u{1F}\(change.product)"] = change }
            say("In force:")
            for change in current.values.sorted(by: { ($0.worker, $0.product) < ($1.worker, $1.product) }) {
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
