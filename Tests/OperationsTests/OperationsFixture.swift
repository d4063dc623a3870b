import StationEngine
import Foundation
@testable import Journal
import LinuxSystem
import Operations
import TestSupport

/// A temporary journal with finished and abandoned cycles of W1 and W9 on
/// `lamp` (with errors at step `pick`), a manual clock, and the `oss`
/// binary built beside the tests, to compare with the command line.
struct OperationsFixture {
    let temp = TemporaryDirectory()
    let journal: Journal
    let clock = ManualClock()
    /// A console account, as the console will pass it.
    let assessor = Actor.console(account: "anna.assessor")

    init() throws {
        journal = try Journal(path: temp.path + "/journal.db")
        let day: Int64 = 86_400_000_000, start0: Int64 = 1_772_438_400_000_000  // 2026-03-02T08:00:00Z
        var writes: [CycleRecorder.Write] = []
        for (index, worker) in ["W1", "W9", "W1", "=W1", "W9", "W1"].enumerated() {
            let start = start0 + Int64(index) * day / 2, seconds = Int64(12 + index * 3)
            let done = index != 4
            writes.append(.cycle(CycleRecord(
                station: "s", worker: worker, product: "lamp", number: index + 1, level: 1, status: done ? .done : .abandoned,
                startedAt: start, endedAt: start + seconds * 1_000_000, duration: done ? seconds * 1_000_000 : nil,
                errors: index % 2, help: 0, normTime: 15_000_000,
                steps: [.init(step: "pick", index: 1, startedAt: start, duration: done ? seconds * 1_000_000 : nil,
                              errors: index % 2)],
                errorRecords: index % 2 == 1 ? [.init(step: "pick", index: 1, at: start + 1_000_000, kind: "wrong_input",
                                                      input: "bin-2", clearedBy: "acknowledge", clearedAt: start + 2_500_000)] : [])))
        }
        try journal.record(writes, station: "s")
    }

    func levels() -> Levels { Levels(journal: journal, clock: clock) }
    func exports() -> Exports { Exports(journal: journal, clock: clock) }
    func reports() -> WorkerReports { WorkerReports(journal: journal, clock: clock) }
    func names() -> DisplayNames { DisplayNames(journal: journal, clock: clock) }
    func retention() -> Retention { Retention(journal: journal, clock: clock) }
    func auditTrail() -> AuditTrail { AuditTrail(journal: journal) }

    func auditRows() throws -> [Journal.AuditEntry] { try journal.auditLog() }

    /// Runs the `oss` built beside this test bundle; its exit status and standard output.
    func oss(_ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        let process = Process()
        process.executableURL = FileManager.default.fileExists(atPath: beside.path)
            ? beside : URL(fileURLWithPath: Repository.root + "/.build/debug/oss")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output))
    }
}
