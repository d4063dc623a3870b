@testable import Journal
import StationEngine
import Testing
import TestSupport

@Suite("CSVExportStream")
struct CSVExportStreamTests {
    /// The CSV built the slow way, from exported values, as the reference.
    private func reference(_ export: JournalExport, _ table: JournalExport.Table, names: [String: String]?,
                           filter: JournalExport.Filter) throws -> String {
        var columns = JournalExport.columns(table)
        if names != nil { columns.insert("name", at: 1) }
        var out = columns.joined(separator: ",") + "\n"
        for var row in try export.rows(table, filter: filter) {
            if let names, case .text(let worker) = row[0] { row.insert(names[worker].map(JournalExport.Value.text) ?? .missing, at: 1) }
            out += row.map(JournalExport.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    private func journal() throws -> JournalFixture {
        var f = try JournalFixture()
        try f.at(0, .badge("W1"))
        try f.at(1, .product("lamp"))
        try f.press(2, "bin-2")           // an error, cleared
        try f.press(3.2505, "confirm")
        try f.press(4, "bin-1")
        try f.at(5, .product("cap"))      // abandons the lamp cycle: NULL durations
        try f.press(6, "bin-2")
        try f.at(7, .logout)
        try f.at(8, .badge("W2"))
        try f.at(9, .product("cap"))
        try f.capCycle(start: 9, duration: 0.0005)  // rounds half up to 0.001
        try f.journal.setName(worker: "W1", name: "Jansen, \"Piet\"")
        return f
    }

    @Test(arguments: [JournalExport.Table.cycles, .steps, .errors])
    func streamedCSVEqualsTheValueByValueCSV(table: JournalExport.Table) throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        let names = try f.journal.names()
        for filter in [JournalExport.Filter(), .init(includeAbandoned: true), .init(worker: "W2")] {
            for withNames in [false, true] {
                let streamed = try export.render(table, format: .csv, filter: filter, withNames: withNames)
                let expected = try reference(export, table, names: withNames ? names : nil, filter: filter)
                #expect(streamed == expected, "\(table) with names \(withNames)")
            }
        }
    }

    @Test func aNameWithCommaAndQuotesIsQuotedOnce() throws {
        let f = try journal()
        let csv = try JournalExport(journal: f.journal).render(.cycles, format: .csv, filter: .init(), withNames: true)
        #expect(csv.split(separator: "\n")[1].hasPrefix(#"W1,"Jansen, ""Piet""",cap,1,"#))
    }

    @Test func outputComesInPiecesOfBoundedSize() throws {
        var f = try JournalFixture()
        try f.at(0, .badge("W1"))
        try f.at(1, .product("cap"))
        for cycle in 0..<3000 { try f.capCycle(start: 1 + Double(cycle), duration: 1) }
        var pieces: [Int] = []
        try JournalExport(journal: f.journal).write(.steps, format: .csv, filter: .init()) { pieces.append($0.count) }
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0 <= CSVExportStream.flushSize + 4096 })
        #expect(pieces.reduce(0, +) == (try JournalExport(journal: f.journal).render(.steps, format: .csv, filter: .init())).utf8.count)
    }
}
