import Foundation
@testable import Journal
import Operations
import Testing
import TestSupport

@Suite("Exports")
struct ExportsTests {
    @Test(arguments: JournalExport.Table.allCases)
    func theBytesAreThoseOfTheCommandLine(table: JournalExport.Table) throws {
        let fixture = try OperationsFixture()
        for format in ExportFormat.allCases {
            for filter in [[], ["--worker", "W1", "--since", "2026-03-02T12:00:00Z", "--until", "2026-03-05"],
                           ["--include-abandoned", "--with-names"]] {
                try fixture.names().apply(try NameChange(worker: "W9", name: "Ann, \"de\" Vries"), by: .localUser("jan"))
                let request = try ExportRequest(
                    table: table, format: format, worker: filter.contains("--worker") ? "W1" : nil,
                    since: filter.contains("--since") ? "2026-03-02T12:00:00Z" : nil,
                    until: filter.contains("--until") ? "2026-03-05" : nil,
                    includeAbandoned: filter.contains("--include-abandoned"), withNames: filter.contains("--with-names"),
                    destination: "stdout")
                let bytes = try fixture.exports().export(request, by: fixture.assessor)
                let command = try fixture.oss(["export", "--journal", fixture.journal.path, "--what", table.rawValue,
                                               "--format", format.rawValue] + filter)
                #expect(command.status == 0)
                // A workbook carries no time of its making: xlsx too is the same bytes.
                #expect(bytes == command.output, "\(table) \(format) \(filter)")
                #expect(bytes.count > 40, "rows were exported")
            }
        }
    }

    @Test func theAuditRowNamesTheActorAndIsWrittenBeforeTheFirstByte() throws {
        let fixture = try OperationsFixture()
        let request = try ExportRequest(table: .cycles, format: .csv, worker: "W1", since: "2026-03-01", withNames: true,
                                        destination: "download")
        var rowsAtFirstByte: [Journal.AuditEntry]?
        // The output runs inside the export's read: another connection looks.
        let onlooker = try Journal(path: fixture.journal.path, create: false)
        try fixture.exports().export(request, by: fixture.assessor) { _ in
            if rowsAtFirstByte == nil { rowsAtFirstByte = try onlooker.auditLog() }
        }
        let expected = Journal.AuditEntry(at: fixture.clock.wallMicros(), action: "export",
                                          details: "what=cycles format=csv worker=W1 since=2026-03-01 with-names out=download",
                                          by: "anna.assessor")
        #expect(rowsAtFirstByte == [expected])
        #expect(try fixture.auditRows() == [expected])
    }

    /// The excel-nl dialect: the same bytes from the operation as from
    /// `oss export --dialect excel-nl` (both in the station's zone), and
    /// the audit row says which dialect went out.
    @Test(arguments: JournalExport.Table.allCases)
    func excelNLBytesAreThoseOfTheCommandLineAndAudited(table: JournalExport.Table) throws {
        let fixture = try OperationsFixture()
        let request = try ExportRequest(table: table, format: .csv, dialect: .excelNL, includeAbandoned: true,
                                        destination: "stdout")
        let bytes = try fixture.exports().export(request, by: fixture.assessor)
        let command = try fixture.oss(["export", "--journal", fixture.journal.path, "--what", table.rawValue,
                                       "--dialect", "excel-nl", "--include-abandoned"])
        #expect(command.status == 0)
        #expect(bytes == command.output)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.suffix(2) == [13, 10])
        let audit = try fixture.auditRows()
        let expected = "what=\(table.rawValue) format=csv dialect=excel-nl include-abandoned out=stdout"
        #expect(audit.count == 2 && audit.allSatisfy { $0.details == expected }, "the operation's row and the command's")
    }

    /// JSON has one spelling: a request for it carries no dialect, so the
    /// audit row does not claim one.
    @Test func aJSONRequestHasNoDialect() throws {
        let request = try ExportRequest(table: .cycles, format: .json, dialect: .excelNL, destination: "stdout")
        #expect(request.dialect == .standard)
    }

    @Test func namesAreNeverExportedWithoutWithNames() throws {
        let fixture = try OperationsFixture()
        try fixture.names().apply(try NameChange(worker: "W1", name: "Jan Jansen"), by: .localUser("admin"))
        for table in JournalExport.Table.allCases {
            for format in [ExportFormat.csv, .json] {  // xlsx: XLSXExportTests
                let plain = try ExportRequest(table: table, format: format, includeAbandoned: true, destination: "stdout")
                let named = try ExportRequest(table: table, format: format, includeAbandoned: true, withNames: true,
                                              destination: "stdout")
                let without = String(decoding: try fixture.exports().export(plain, by: fixture.assessor), as: UTF8.self)
                let with = String(decoding: try fixture.exports().export(named, by: fixture.assessor), as: UTF8.self)
                #expect(!without.contains("Jan Jansen") && !without.contains("name"), "\(table) \(format)")
                #expect(with.contains("Jan Jansen"), "\(table) \(format)")
            }
        }
    }

    @Test func aRefusedExportWritesNoAuditRow() throws {
        let fixture = try OperationsFixture()
        #expect(throws: OperationError.emptyPeriod(since: "2026-03-03", until: "2026-03-02")) {
            try ExportRequest(table: .cycles, format: .csv, since: "2026-03-03", until: "2026-03-02", destination: "stdout")
        }
        #expect(throws: OperationError.invalidTime(.since, "March")) {
            try ExportRequest(table: .cycles, format: .csv, since: "March", destination: "stdout")
        }
        #expect(throws: OperationError.invalidID(.worker, "-W1", problem: "starts with '-'")) {
            try ExportRequest(table: .cycles, format: .csv, worker: "-W1", destination: "stdout")
        }
        #expect(try fixture.auditRows().isEmpty)
    }

    @Test func theOutputsErrorPassesThroughUnchanged() throws {
        struct Gone: Error, Equatable {}
        let fixture = try OperationsFixture()
        let request = try ExportRequest(table: .steps, format: .json, destination: "download")
        #expect(throws: Gone()) { try fixture.exports().export(request, by: fixture.assessor) { _ in throw Gone() } }
        #expect(try fixture.auditRows().count == 1, "it was audited before the first byte")
    }
}
