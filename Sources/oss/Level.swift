import ArgumentParser
import Foundation
import Journal

struct Level: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Instruction levels per worker and product (supervisors).",
        discussion: "1 full, 2 short, 3 minimal. A worker without a level set starts at 1.",
        subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a worker's level for a product, from the next cycle.")
        @Option(help: "The SQLite journal.") var journal = "oss.db"
        @Option(help: "Pseudonymous worker id.") var worker: String
        @Option(help: "Product id.") var product: String
        @Option(help: "Who sets it (default: the user running oss).") var by: String?
        @Option(help: "Why, for the level history.") var reason: String?
        @Argument(help: "1, 2 or 3.") var level: Int

        func validate() throws {
            guard (1...3).contains(level) else { throw ValidationError("LEVEL must be 1 (full), 2 (short) or 3 (minimal)") }
        }

        func run() throws {
            let setter = by ?? ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "supervisor"
            do {
                try openJournal(journal).setLevel(worker: worker, product: product, level: level, by: setter, reason: reason,
                                                  at: currentMicros())
            } catch {
                Self.complain("error: journal \(journal): \(error)")
                throw ExitCode(1)
            }
            print("\(worker) on \(product): level \(level)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show levels in force and their history.")
        @Option(help: "The SQLite journal.") var journal = "oss.db"
        @Option(help: "Only this worker.") var worker: String?
        @Option(help: "Only this product.") var product: String?

        func run() throws {
            guard FileManager.default.fileExists(atPath: journal) else {
                Self.complain("error: journal \(journal) does not exist")
                throw ExitCode(1)
            }
            let history: [Journal.LevelChange]
            do { history = try openJournal(journal).levelHistory(worker: worker, product: product) } catch {
                Self.complain("error: journal \(journal): \(error)")
                throw ExitCode(1)
            }
            if history.isEmpty {
                print("No levels set\(worker.map { " for \($0)" } ?? ""): every worker starts at level 1.")
                return
            }
            var current: [String: Journal.LevelChange] = [:]
            for change in history { current["\(change.worker)\u{1F}\(change.product)"] = change }
            print("In force:")
            for change in current.values.sorted(by: { ($0.worker, $0.product) < ($1.worker, $1.product) }) {
                print("  \(change.worker)  \(change.product)  level \(change.level)")
            }
            print("History:")
            for change in history {
                print("  \(UTCTime.format(change.at))  \(change.worker)  \(change.product)  level \(change.level)  by \(change.by)"
                      + (change.reason.map { "  (\($0))" } ?? ""))
            }
        }
    }
}
