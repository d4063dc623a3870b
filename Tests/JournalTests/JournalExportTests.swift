import Foundation
@testable import Journal
import JSONLines
import StationEngine
import Testing
import TestSupport

@Suite("JournalExport")
struct JournalExportTests {
    /// W1: lamp cycle 1 with a wrong pick and help (finished), then cap cycles 1 (finished) and
    /// 2 (abandoned at logout). W2 on the next day: one cap cycle.
    private func journal() throws -> JournalFixture {
        var f = try JournalFixture()
        try f.at(0, .badge("W1"))
        try f.at(1, .product("lamp"))
        try f.press(2, "bin-2")           // wrong_input at pick
        try f.press(3.5, "confirm")       // cleared after 1.5 s
        try f.press(4, "help")
        try f.press(5, "bin-1")           // pick done: 4.0 s
        try f.at(6, .input("torque", .tool(ok: true)))
        try f.at(7, .input("torque", .tool(ok: true)))
        try f.at(8, .input("scanner", .text("LMP-001")))
        try f.press(9, "bin-3")
        try f.press(31, "confirm")        // cycle done: 30.0 s, norm 60
        try f.at(32, .product("cap"))     // abandons lamp cycle 2
        try f.press(34.0004, "bin-2")     // cap cycle 1: 2.0004 s
        try f.at(40, .logout)             // abandons cap cycle 2
        try f.at(86_400, .badge("W2"))
        try f.at(86_401, .product("cap"))
        try f.press(86_406, "bin-2")
        return f
    }

    @Test func cyclesHaveTheContractColumnsAndValues() throws {
        let f = try journal()
        let csv = try JournalExport(journal: f.journal).render(.cycles, format: .csv, filter: .init())
        #expect(csv == """
            worker,product,cycle,started_at,ended_at,duration_s,level,errors,help,norm_time_s,productivity
            W1,lamp,1,2026-03-02T08:00:01.000Z,2026-03-02T08:00:31.000Z,30.000,1,1,1,60.000,2.000
            W1,cap,1,2026-03-02T08:00:32.000Z,2026-03-02T08:00:34.000Z,2.000,1,0,0,10.000,4.999
            W2,cap,1,2026-03-03T08:00:01.000Z,2026-03-03T08:00:06.000Z,5.000,1,0,0,10.000,2.000

            """)
    }

    @Test func stepsAndErrorsHaveTheContractColumnsAndValues() throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        let steps = try export.render(.steps, format: .csv, filter: .init(worker: "W1", product: "lamp"))
        #expect(steps == """
            worker,product,cycle,step,index,started_at,duration_s,errors,help
            W1,lamp,1,pick,1,2026-03-02T08:00:01.000Z,4.000,1,1
            W1,lamp,1,screws,2,2026-03-02T08:00:05.000Z,2.000,0,0
            W1,lamp,1,serial,3,2026-03-02T08:00:07.000Z,1.000,0,0
            W1,lamp,1,seal,4,2026-03-02T08:00:08.000Z,1.000,0,0
            W1,lamp,1,check,5,2026-03-02T08:00:09.000Z,22.000,0,0

            """)
        let errors = try export.render(.errors, format: .csv, filter: .init())
        #expect(errors == """
            worker,product,cycle,step,at,kind,input,cleared_by,cleared_after_s
            W1,lamp,1,pick,2026-03-02T08:00:02.000Z,wrong_input,bin-2,acknowledge,1.500

            """)
    }

    /// The default dialect's summary, pinned byte for byte as the other
    /// tables are above (the excel-nl dialect must never change it).
    @Test func summaryHasTheContractSpelling() throws {
        let f = try journal()
        let csv = try JournalExport(journal: f.journal).render(.summary, format: .csv, filter: .init())
        #expect(csv == """
            worker,product,cycles,median_s,p90_s,norm_time_s,productivity,first_pass_yield,errors_per_100,help_per_100,level
            W1,cap,1,2.000,2.000,10.000,4.999,1.000,0.000,0.000,1
            W1,lamp,1,30.000,30.000,60.000,2.000,0.000,100.000,100.000,1
            W2,cap,1,5.000,5.000,10.000,2.000,1.000,0.000,0.000,1

            """)
    }

    @Test func abandonedCyclesOnlyOnRequest() throws {
        let f = try journal()
        let rows = try JournalExport(journal: f.journal).rows(.cycles, filter: .init(includeAbandoned: true))
        #expect(rows.count == 5)
        let abandoned = rows.filter { $0[5] == .missing }
        #expect(abandoned.count == 2)
        #expect(abandoned.allSatisfy { $0[10] == .missing && $0[4] != .missing })
    }

    @Test func filtersByWorkerProductAndTime() throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        func cycles(_ filter: JournalExport.Filter) throws -> [String] {
            try export.rows(.cycles, filter: filter).map { row in
                guard case .text(let w) = row[0], case .text(let p) = row[1] else { return "?" }
                return "\(w)/\(p)"
            }
        }
        #expect(try cycles(.init(worker: "W2")) == ["W2/cap"])
        #expect(try cycles(.init(product: "cap")) == ["W1/cap", "W2/cap"])
        #expect(try cycles(.init(since: UTCTime.parse("2026-03-03"))) == ["W2/cap"])
        #expect(try cycles(.init(until: UTCTime.parse("2026-03-03"))) == ["W1/lamp", "W1/cap"])
        #expect(try cycles(.init(since: UTCTime.parse("2026-03-02T08:00:32Z"), until: UTCTime.parse("2026-03-02T08:00:33Z"))) == ["W1/cap"])
        #expect(try cycles(.init(worker: "nobody")) == [])
    }

    @Test func jsonIsAnArrayOfObjectsWithTheSameKeys() throws {
        let f = try journal()
        let json = try JournalExport(journal: f.journal).render(.errors, format: .json, filter: .init(includeAbandoned: true))
        guard case .array(let rows) = try JSONParser.parse(json) else { Issue.record("not an array"); return }
        #expect(rows.count == 1)
        guard case .object(let row) = rows[0] else { Issue.record("not an object"); return }
        #expect(row.keys == JournalExport.columns(.errors))
        guard case .number(let clearedAfter)? = row["cleared_after_s"], case .number(let cycle)? = row["cycle"] else {
            Issue.record("numbers expected: \(row)")
            return
        }
        #expect(clearedAfter.literal == "1.500")
        #expect(cycle.literal == "1")
        let empty = try JournalExport(journal: f.journal).render(.errors, format: .json, filter: .init(worker: "nobody"))
        #expect(try JSONParser.parse(empty) == .array([]))
    }

    @Test func csvQuotingFollowsRFC4180() {
        #expect(JournalExport.csvField(.text("plain")) == "plain")
        #expect(JournalExport.csvField(.text("a,b")) == "\"a,b\"")
        #expect(JournalExport.csvField(.text("say \"hi\"")) == "\"say \"\"hi\"\"\"")
        #expect(JournalExport.csvField(.text("two\nlines")) == "\"two\nlines\"")
        #expect(JournalExport.csvField(.missing) == "")
    }

    @Test func secondsHaveThreeDecimalsRoundedHalfUp() {
        #expect(JournalExport.seconds(37_500_000) == .decimal("37.500"))
        #expect(JournalExport.seconds(1_234_567) == .decimal("1.235"))
        #expect(JournalExport.seconds(499) == .decimal("0.000"))
        #expect(JournalExport.seconds(nil) == .missing)
    }

    /// OWASP: a text cell a spreadsheet would run as a formula gets a
    /// leading `'`; numbers, including negative ones, are left alone.
    @Test func formulaCellsAreNeutralised() {
        for text in ["=1+1", "+31 6", "-W1", "@SUM(A1)", "\tW1", "\rW1"] {
            #expect(JournalExport.csvField(.text(text)).hasPrefix("'") || JournalExport.csvField(.text(text)).hasPrefix("\"'"))
        }
        #expect(JournalExport.csvField(.text("=1,2")) == "\"'=1,2\"")
        #expect(JournalExport.csvField(.text("W=1")) == "W=1")
        #expect(JournalExport.csvField(.decimal("-1.500")) == "-1.500")
        #expect(JournalExport.csvField(.integer(-3)) == "-3")
    }

    /// Figures from a tampered or absurd journal never trap: Int64's ends
    /// used to overflow in the rounding, huge ratios in the conversion.
    @Test func extremeFiguresFormatWithoutTrapping() {
        #expect(JournalExport.seconds(.max) == .decimal("9223372036854.776"))
        #expect(JournalExport.seconds(.min) == .decimal("-9223372036854.776"))
        #expect(JournalExport.fixed3(9.2e21) == "9200000000000000000000.000")
        let huge = JournalExport.fixed3(-1e300)
        #expect(huge.hasPrefix("-10000000000000000525047602552044202487") && huge.hasSuffix(".000") && huge.count == 306)
        #expect(JournalExport.difference(.min, 1) == nil)
    }

    // MARK: The excel-nl dialect

    private static let amsterdam = LocalTime(zone: TimeZone(identifier: "Europe/Amsterdam")!)

    /// What a spreadsheet with Dutch settings reads: BOM stripped, CRLF
    /// lines, `;` cells, numbers with a decimal comma (and `.` as the
    /// thousands separator, which is why a decimal point would be wrong),
    /// local times in the zone the header names. Each cell becomes a
    /// number, an instant (whole seconds), a text or nil.
    private enum Cell: Equatable { case number(Double), instant(Int64), text(String), empty }

    private func readAsDutchSpreadsheet(_ csv: String) throws -> (columns: [String], rows: [[Cell]]) {
        #expect(csv.hasPrefix("\u{FEFF}"), "a UTF-8 BOM")
        let bytes = Array(csv.utf8)
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $1 != 10 || $0 == 13 }, "every line ends in CRLF")
        #expect(!csv.contains("\""), "no quoted cells in this journal")
        let numbers = NumberFormatter()
        numbers.locale = Locale(identifier: "nl_NL")
        numbers.numberStyle = .decimal
        var lines = String(csv.dropFirst()).components(separatedBy: "\r\n")
        #expect(lines.removeLast() == "")
        let header = lines.removeFirst().components(separatedBy: ";")
        var columns: [String] = [], zones: [TimeZone?] = []
        for title in header {
            let parts = title.components(separatedBy: " (")
            columns.append(parts[0])
            zones.append(parts.count == 2 ? TimeZone(identifier: String(parts[1].dropLast())) : nil)
        }
        let rows = lines.map { line in
            zip(line.components(separatedBy: ";"), zones).map { cell, zone -> Cell in
                if cell.isEmpty { return .empty }
                if let zone {
                    let times = DateFormatter()
                    times.locale = Locale(identifier: "nl_NL")
                    times.timeZone = zone
                    times.dateFormat = "yyyy-MM-dd HH:mm:ss"
                    return times.date(from: cell).map { .instant(Int64($0.timeIntervalSince1970)) } ?? .text(cell)
                }
                if cell.first?.isNumber == true || cell.first == "-", let number = numbers.number(from: cell) {
                    return .number(number.doubleValue)
                }
                return .text(cell)
            }
        }
        return (columns, rows)
    }

    /// The JSON export read the same way: numbers, UTC times floored to
    /// whole seconds, texts, nulls.
    private func readJSON(_ json: String, timeColumns: Set<String>) throws -> (columns: [String], rows: [[Cell]]) {
        guard case .array(let objects) = try JSONParser.parse(json) else { Issue.record("not an array"); return ([], []) }
        var columns: [String] = []
        let rows = objects.map { object -> [Cell] in
            guard case .object(let members) = object else { return [] }
            columns = members.keys
            return members.members.map { key, value -> Cell in
                switch value {
                case .number(let number): return .number(number.doubleValue)
                case .string(let text) where timeColumns.contains(key):
                    return UTCTime.parse(text).map { .instant(Int64((Double($0) / 1e6).rounded(.down))) } ?? .text(text)
                case .string(let text): return .text(text)
                default: return .empty
                }
            }
        }
        return (columns, rows)
    }

    @Test(arguments: JournalExport.Table.allCases)
    func excelNLReadTheDutchWayGivesTheValuesOfTheJSONExport(table: JournalExport.Table) throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        let filter = JournalExport.Filter(includeAbandoned: true)
        let csv = try export.render(table, format: .csv, dialect: .excelNL, zone: Self.amsterdam, filter: filter)
        let json = try export.render(table, format: .json, filter: filter)
        let timeColumns = Set(JournalExport.timeColumns(table).map { JournalExport.columns(table)[$0] })
        let spreadsheet = try readAsDutchSpreadsheet(csv)
        let expected = try readJSON(json, timeColumns: timeColumns)
        #expect(spreadsheet.columns == JournalExport.columns(table))
        #expect(spreadsheet.rows.count == expected.rows.count)
        #expect(!expected.rows.isEmpty)
        for (row, (got, want)) in zip(spreadsheet.rows, expected.rows).enumerated() {
            #expect(got == want, "\(table) row \(row)")
        }
        // The values that made the issue: a decimal and a local time.
        if table == .cycles {
            #expect(csv.contains(";30,000;1;1;1;60,000;2,000\r\n"))
            #expect(csv.contains("W1;lamp;1;2026-03-02 09:00:01;2026-03-02 09:00:31;30,000;"))
        }
    }

    /// The rows for typed formats (xlsx) are the rows of CSV and JSON, the
    /// times as instants, and with names the name after the worker.
    @Test(arguments: JournalExport.Table.allCases)
    func typedRowsAreTheRowsWithInstants(table: JournalExport.Table) throws {
        let f = try journal()
        try f.journal.setName(worker: "W1", name: "Jan")
        let export = JournalExport(journal: f.journal)
        let filter = JournalExport.Filter(includeAbandoned: true)
        var typed: [[JournalExport.Value]] = []
        try export.forEachTypedRow(table, filter: filter, withNames: true) { typed.append($0) }
        let rows = try export.rows(table, filter: filter)
        #expect(typed.count == rows.count && !rows.isEmpty)
        for (withName, plain) in zip(typed, rows) {
            var row = withName
            let name = row.remove(at: 1)
            #expect(name == (plain[0] == .text("W1") ? .text("Jan") : .missing))
            #expect(row.map { value -> JournalExport.Value in
                if case .time(let micros) = value { return .text(UTCTime.format(micros)) }
                return value
            } == plain)
        }
        let header = JournalExport.header(table, zone: Self.amsterdam, withNames: true)
        #expect(header.count == JournalExport.columns(table).count + 1 && header[1] == "name")
        #expect(header.filter { $0.hasSuffix(" (Europe/Amsterdam)") }.count == JournalExport.timeColumns(table).count)
    }

    @Test func excelNLNamesTheZoneInTheHeaderOfEachTimeColumn() throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        let csv = try export.render(.errors, format: .csv, dialect: .excelNL, zone: Self.amsterdam, filter: .init(),
                                    withNames: true)
        #expect(csv == "\u{FEFF}worker;name;product;cycle;step;at (Europe/Amsterdam);kind;input;cleared_by;cleared_after_s\r\n"
                    + "W1;;lamp;1;pick;2026-03-02 09:00:02;wrong_input;bin-2;acknowledge;1,500\r\n")
        let cycles = try export.render(.cycles, format: .csv, dialect: .excelNL, zone: Self.amsterdam, filter: .init())
        #expect(cycles.hasPrefix("\u{FEFF}worker;product;cycle;started_at (Europe/Amsterdam);ended_at (Europe/Amsterdam);"))
    }

    /// JSON has one spelling: the dialect does not touch it.
    @Test func jsonIgnoresTheDialect() throws {
        let f = try journal()
        let export = JournalExport(journal: f.journal)
        #expect(try export.render(.cycles, format: .json, dialect: .excelNL, zone: Self.amsterdam, filter: .init())
                    == export.render(.cycles, format: .json, filter: .init()))
    }

    @Test func excelNLQuotesOnSemicolonsAndStillNeutralisesFormulas() {
        #expect(JournalExport.field(.text("=1;2"), dialect: .excelNL) == "\"'=1;2\"")
        #expect(JournalExport.field(.text("=SUM(A1)"), dialect: .excelNL) == "'=SUM(A1)")
        #expect(JournalExport.field(.text("a,b"), dialect: .excelNL) == "a,b")
        #expect(JournalExport.field(.text("say \"hi\""), dialect: .excelNL) == "\"say \"\"hi\"\"\"")
        #expect(JournalExport.field(.decimal("-1.500"), dialect: .excelNL) == "-1,500")
        #expect(JournalExport.field(.integer(-3), dialect: .excelNL) == "-3")
    }

    @Test func excelNLNeutralisesFormulasInAWholeExport() throws {
        let temp = TemporaryDirectory()
        let journal = try Journal(path: temp.path + "/j.db")
        try journal.record(CycleRecord(
            station: "s", worker: "=HYPERLINK(\"http://x\")", product: "@SUM(A1)", number: 1, level: 1, status: .done,
            startedAt: 1_000_000, endedAt: 6_000_000, duration: 5_000_000, errors: 0, help: 0, normTime: 4_000_000,
            steps: [], errorRecords: []))
        let csv = try JournalExport(journal: journal).render(.cycles, format: .csv, dialect: .excelNL, zone: Self.amsterdam,
                                                             filter: .init())
        #expect(csv.contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\";'@SUM(A1);1;1970-01-01 01:00:01;"))
    }
}
