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

    /// Hostile text in every text column (ids from badges, scanners and
    /// station files): the streamed CSV neutralises formulas exactly as the
    /// value path does, and JSON keeps the text as it is.
    @Test func formulaCellsAreNeutralisedAlikeInBothPaths() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        let hostile = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "=1,2"]
        for (i, text) in hostile.enumerated() {
            let start = Int64(i + 1) * 100_000_000
            try journal.record(CycleRecord(
                station: "s", worker: text, product: text, number: 1, level: 1, status: .done, startedAt: start,
                endedAt: start + 5_000_000, duration: 5_000_000, errors: 1, help: 0, normTime: 4_000_000,
                steps: [.init(step: text, index: 1, startedAt: start, duration: 5_000_000, errors: 1)],
                errorRecords: [.init(step: text, index: 1, at: start + 2_000_000, kind: text, input: text, clearedBy: text,
                                     clearedAt: start + 1_000_000)]))
            try journal.setName(worker: text, name: text)
        }
        let export = JournalExport(journal: journal)
        let names = try journal.names()
        for table in [JournalExport.Table.cycles, .steps, .errors] {
            for withNames in [false, true] {
                let streamed = try export.render(table, format: .csv, filter: .init(), withNames: withNames)
                #expect(streamed == (try reference(export, table, names: withNames ? names : nil, filter: .init())))
                for line in streamed.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() where !line.isEmpty {
                    // No cell, quoted or not, starts with a formula character.
                    for cell in line.split(separator: ",") {
                        let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                        if let first = text.utf8.first, CSVExportStream.startsFormula(first) {
                            #expect(Double(text) != nil, "\(table): cell \(cell) would be run as a formula")
                        }
                    }
                }
            }
        }
        let errors = try export.render(.errors, format: .csv, filter: .init())
        #expect(errors.contains(",-1.000\n"), "a negative number is not a text cell")
        let json = try export.render(.cycles, format: .json, filter: .init())
        #expect(json.contains(#""worker": "=HYPERLINK(\"http://x\")""#) || json.contains(#""worker":"=HYPERLINK(\"http://x\")""#))
    }
}
