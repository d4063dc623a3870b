import Foundation
import Testing
import TestSupport

/// `oss export --format xlsx` as a user runs it: local date cells in the
/// zone of TZ, a private file, standard output only when it is not a
/// terminal, write errors and inputs as for every output.
@Suite("oss export --format xlsx")
struct ExportXLSXCommandTests {
    /// A journal of demo-1's shift: one cycle of W042 from 08:00:00.500Z.
    static func journal(_ temp: TemporaryDirectory) throws -> String {
        let journal = temp.path + "/j.db"
        let simulated = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                                "--journal", journal, "--start", "2026-03-02T08:00:00Z")
        #expect(simulated.status == 0, "\(simulated.stderr)")
        return journal
    }

    @Test func datesAreLocalToTZAndTheFileIsPrivate() throws {
        let temp = TemporaryDirectory()
        let journal = try Self.journal(temp)
        let file = temp.path + "/cycles.xlsx"
        let run = try oss(["export", "--journal", journal, "--what", "cycles", "--format", "xlsx", "--out", file],
                          environment: ["TZ": "Europe/Amsterdam"])
        #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "per-worker data is readable by its owner only")
        let book = try WorkbookReader(path: file)
        #expect(book.sheetNames == ["cycles"] && book.freezePanes == "A2")
        #expect(book.rows.first?.map(\.value) == [
            "worker", "product", "cycle", "started_at (Europe/Amsterdam)", "ended_at (Europe/Amsterdam)", "duration_s",
            "level", "errors", "help", "norm_time_s", "productivity",
        ].map { .string($0) })
        #expect(book.rows.count == 2)
        #expect(book.rows.last?.map(\.value) == [
            .string("W042"), .string("bike-light"), .integer(1), .dateTime("2026-03-02T09:00:00.500000"),
            .dateTime("2026-03-02T09:00:38.000000"), .float(37.5), .integer(1), .integer(4), .integer(1), .integer(30),
            .float(0.8),
        ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).allSatisfy { !$0.hasSuffix(".part") })
    }

    @Test func standardOutputTakesTheWorkbookUnlessItIsATerminal() throws {
        let temp = TemporaryDirectory()
        let journal = try Self.journal(temp)
        let file = temp.path + "/redirected.xlsx"
        FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        let redirected = try oss(["export", "--journal", journal, "--what", "steps", "--format", "xlsx"], standardOutput: handle)
        try handle.close()
        #expect(redirected.status == 0, "\(redirected.stderr)")
        #expect(try WorkbookReader(path: file).rows.count > 1)

        // On a terminal (a pseudo-terminal made by Python's pty module): refused, nothing written.
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss").path
        let oss = FileManager.default.fileExists(atPath: binary) ? binary : Repository.root + "/.build/debug/oss"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: WorkbookReader.python)
        process.arguments = ["-c", "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)",
                             oss, "export", "--journal", journal, "--what", "steps", "--format", "xlsx"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let shown = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(shown)")
        #expect(shown.contains("--format xlsx writes a binary workbook; give --out FILE.xlsx"), "\(shown)")
        #expect(!shown.contains("PK"), "no zip bytes on the terminal")
    }

    @Test func writeErrorsAndInputsAreRefusedAsForCSV() throws {
        let temp = TemporaryDirectory()
        let journal = try Self.journal(temp)
        let full = try oss("export", "--journal", journal, "--what", "cycles", "--format", "xlsx", "--out", "/dev/full")
        #expect(full.status == 1 && full.stderr.contains("/dev/full") && full.stderr.contains("No space left"), "\(full.stderr)")
        // (That export was audited: the journal changes only by its audit row.)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let over = try oss("export", "--journal", journal, "--what", "cycles", "--format", "xlsx", "--out", journal)
        #expect(over.status == 1 && over.stderr.contains("it is also an input of this command"), "\(over.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        let dialect = try oss("export", "--journal", journal, "--what", "cycles", "--format", "xlsx", "--dialect", "excel-nl",
                              "--out", temp.path + "/x.xlsx")
        #expect(dialect.status == 1 && dialect.stderr.contains("--dialect excel-nl is for --format csv; xlsx has one spelling"),
                "\(dialect.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/x.xlsx"))
    }

    /// libxlsxwriter's folder cannot be made: a clear message, exit 1, no output file.
    @Test func aTemporaryFolderThatCannotBeMadeIsAClearError() throws {
        let temp = TemporaryDirectory()
        let journal = try Self.journal(temp)
        let out = temp.path + "/x.xlsx"
        let run = try oss(["export", "--journal", journal, "--what", "cycles", "--format", "xlsx", "--out", out],
                          environment: ["TMPDIR": temp.path + "/missing"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("error: cannot write the xlsx export: cannot create the workbook's temporary files: "
                                    + "No such file or directory"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).allSatisfy { !$0.hasSuffix(".part") })
    }

    @Test func helpListsTheFormats() throws {
        let help = try oss("export", "--help")
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.status == 0)
        #expect(text.contains("csv, json or xlsx"))
        #expect(text.contains("xlsx: one sheet named after --what"), "\(text)")
        let document = try String(contentsOfFile: Repository.root + "/docs/files.md", encoding: .utf8)
        #expect(document.contains("`--format xlsx`"))
    }
}
