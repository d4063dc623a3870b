import Foundation
import JSONLines
import Testing
import TestSupport

@Suite("oss command", .serialized)
struct OSSCommandTests {
    @Test func validateAcceptsTheShippedStations() throws {
        let run = try oss("validate", Repository.root + "/stations")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("fietslamp-1: ok (2 products)"))
        #expect(run.stdout.contains("inpak-2: ok (1 product)"))
    }

    @Test(arguments: [
        ("show: [bin-1]", "show: [bin-7]", "lamp.yaml", "steps[0].show[0]: unknown zone 'bin-7'"),
        ("done: { input: bin-3 }", "done: { input: bin-8 }", "lamp.yaml", "steps[3].done.input: unknown input 'bin-8'"),
        ("    max_s: 10", "    max_seconds: 10", "lamp.yaml", "steps[0].max_seconds: unknown key 'max_seconds'"),
    ])
    func validateRefusesBrokenProductsWithFileAndLine(old: String, new: String, file: String, message: String) throws {
        let fixture = StationFixture(products: ["lamp": StationFixture.productYAML.replacingOccurrences(of: old, with: new)])
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 1)
        #expect(run.isClean)
        let line = try #require(run.stderr.split(separator: "\n").first { $0.contains(message) })
        #expect(line.contains("/products/\(file):"), "\(line)")
        #expect(line.range(of: #"\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(line)")
    }

    @Test(arguments: [
        ("name: Test station", "name: [Test station", "YAML syntax error"),
        ("    - { table: [0, 800],    pixel: [70, 770] }\n", "", "exactly 4 calibration points, found 3"),
        ("key: BTN_1", "key: BTN_FOO", "unknown key code 'BTN_FOO'"),
    ])
    func validateRefusesBrokenStationFilesWithFileAndLine(old: String, new: String, message: String) throws {
        let fixture = StationFixture(station: StationFixture.stationYAML.replacingOccurrences(of: old, with: new))
        let run = try oss("validate", fixture.stationPath + "/station.yaml")
        #expect(run.status == 1)
        #expect(run.isClean)
        let line = try #require(run.stderr.split(separator: "\n").first { $0.contains(message) })
        #expect(line.range(of: #"station\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(line)")
    }

    @Test func validateOfOneProductFileShowsOnlyItsProblems() throws {
        let fixture = StationFixture(products: [
            "lamp": StationFixture.productYAML,
            "cap": StationFixture.otherProductYAML.replacingOccurrences(of: "input: bin-2", with: "input: bin-22"),
        ])
        let good = try oss("validate", fixture.stationPath + "/products/lamp.yaml")
        #expect(good.status == 0, "\(good.stderr)")
        let bad = try oss("validate", fixture.stationPath + "/products/cap.yaml")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("cap.yaml:"))
    }

    @Test func validateWarnsAtTheFileAndLineOfATextThatDoesNotFitAtTheMinimumSize() throws {
        // A serial number has no hyphenation point and is wider than the panel even at the minimum size.
        let long = "Controleer nummer " + String(repeating: "1234567890", count: 5)
        let fixture = StationFixture(products: ["lamp": StationFixture.productYAML.replacingOccurrences(
            of: #"text: { nl: "Pak uit bak 1", en: "Take from bin 1" }"#, with: #"text: { nl: "\#(long)", en: "Take from bin 1" }"#)])
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 0, "\(run.stderr)")
        let warning = try #require(run.stderr.split(separator: "\n").first { $0.contains("steps[0].text.nl") }, "\(run.stderr)")
        #expect(warning.range(of: #"/products/lamp\.yaml:6:\d+: warning: steps\[0\]\.text\.nl: the text does not fit the panel even at the minimum text size \(\d+ px, capitals 10 mm tall\): "1234567890\d+" broken between letters"#,
                              options: .regularExpression) != nil, "\(warning)")
        #expect(!run.stderr.contains("steps[1].text"), "\(run.stderr)")
        // The shorter English text of the same step fits.
        #expect(!run.stderr.contains("steps[0].text.en"), "\(run.stderr)")
    }

    @Test func anErrorTextThatDoesNotFitIsReportedAtTheLabelItNames() throws {
        let label = "bak " + String(repeating: "1234567890", count: 5)
        let fixture = StationFixture(station: StationFixture.stationYAML.replacingOccurrences(
            of: "bin-2:   { board: { sensor: 2 } }", with: #"bin-2:   { board: { sensor: 2 }, label: { nl: "\#(label)" } }"#)
            .replacingOccurrences(of: "key: BTN_0 }", with: #"key: BTN_0 }, label: { nl: "de groene knop" }"#))
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 0, "\(run.stderr)")
        // Once, at the label with the long number; not at the button's label in the same sentence.
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("does not fit") }
        #expect(warnings.count == 1, "\(run.stderr)")
        let warning = try #require(warnings.first, "\(run.stderr)")
        #expect(warning.range(of: #"/station\.yaml:\d+:\d+: warning: inputs\.bin-2\.label\.nl: the text does not fit"#,
                              options: .regularExpression) != nil, "\(warning)")
    }

    @Test func validateWarnsAboutALanguageWithoutHyphenationPatterns() throws {
        let fixture = StationFixture(products: ["lamp": StationFixture.productYAML.replacingOccurrences(
            of: #"en: "Take from bin 1" }"#, with: #"en: "Take from bin 1", xx: "Xxx" }"#)])
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 0, "\(run.stderr)")
        let warning = try #require(run.stderr.split(separator: "\n").first { $0.contains("'xx'") }, "\(run.stderr)")
        #expect(warning.contains("/products/lamp.yaml:6:"), "\(warning)")
        #expect(warning.contains("warning: steps[0].text.xx: no hyphenation patterns for 'xx'"), "\(warning)")
        #expect(!run.stderr.contains("patterns for 'nl'") && !run.stderr.contains("patterns for 'en'"), "\(run.stderr)")
    }

    @Test func validateOfAMissingPathFails() throws {
        let run = try oss("validate", "/nonexistent/station")
        #expect(run.status == 1)
        #expect(run.stderr.contains("no such file or folder"))
    }

    @Test func simulateWritesTheReferenceTraceToStandardOutput() throws {
        let temp = TemporaryDirectory()
        let run = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                          "--journal", temp.path + "/j.db", "--trace", "-")
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try String(contentsOfFile: Repository.demo1 + "/expected-trace.jsonl", encoding: .utf8)
        let got = run.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(got.count == expected.split(separator: "\n").count)
        #expect(!got.contains(nil))
    }

    @Test func simulateRunsNothingWhenTheScriptHasABadLine() throws {
        let temp = TemporaryDirectory()
        let script = temp.write("s.jsonl", """
            {"t": 0, "login": "W1"}
            {"t": 1, "product": "lamp"}
            {"t": 2, "input": "bin-1", "ok": tru}
            """)
        let fixture = StationFixture()
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script,
                          "--journal", temp.path + "/j.db", "--trace", temp.path + "/t.jsonl")
        #expect(run.status == 1)
        #expect(run.isClean)
        #expect(run.stderr.contains("s.jsonl:3: error: invalid JSON"))
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/j.db"), "nothing is run, no journal is written")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/t.jsonl"))
    }

    @Test func simulateRefusesAnInvalidStation() throws {
        let fixture = StationFixture(station: StationFixture.stationYAML.replacingOccurrences(of: "zones:", with: "zonse:"))
        let temp = TemporaryDirectory()
        let script = temp.write("s.jsonl", #"{"t": 0, "login": "W1"}"#)
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", temp.path + "/j.db")
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown key 'zonse'"))
    }

    @Test func exportAfterSimulateHasTheContractColumns() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        _ = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                    "--journal", journal, "--start", "2026-03-02T08:00:00Z")
        let cycles = try oss("export", "--journal", journal, "--what", "cycles", "--format", "csv")
        #expect(cycles.status == 0, "\(cycles.stderr)")
        #expect(cycles.stdout == """
            worker,product,cycle,started_at,ended_at,duration_s,level,errors,help,norm_time_s,productivity
            W042,bike-light,1,2026-03-02T08:00:00.500Z,2026-03-02T08:00:38.000Z,37.500,1,4,1,30.000,0.800

            """)
        let out = temp.path + "/errors.json"
        let errors = try oss("export", "--journal", journal, "--what", "errors", "--format", "json", "--worker", "W042",
                             "--out", out)
        #expect(errors.status == 0)
        guard case .array(let rows) = try JSONParser.parse(String(contentsOfFile: out, encoding: .utf8)) else {
            Issue.record("not a JSON array")
            return
        }
        #expect(rows.count == 4)
    }

    /// The zone comes from TZ (else /etc/localtime) and is named in the header.
    @Test func exportExcelNLHasLocalTimesInTheZoneOfTZ() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        _ = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                    "--journal", journal, "--start", "2026-03-02T08:00:00Z")
        let cycles = try oss(["export", "--journal", journal, "--what", "cycles", "--dialect", "excel-nl"],
                             environment: ["TZ": "Europe/Amsterdam"])
        #expect(cycles.status == 0, "\(cycles.stderr)")
        #expect(cycles.stdout == "\u{FEFF}worker;product;cycle;started_at (Europe/Amsterdam);ended_at (Europe/Amsterdam);"
                    + "duration_s;level;errors;help;norm_time_s;productivity\r\n"
                    + "W042;bike-light;1;2026-03-02 09:00:00;2026-03-02 09:00:38;37,500;1;4;1;30,000;0,800\r\n")
    }

    /// `oss export --help` names every table's columns, the dialects, and
    /// a document that exists and describes them.
    @Test func exportHelpListsColumnsAndDialectsAndARealDocument() throws {
        let help = try oss("export", "--help")
        #expect(help.status == 0)
        // Words as the help shows them, however it wraps; columns listed `a, b`.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: ", ", with: ",")
        let columns = [
            "cycles": "worker,product,cycle,started_at,ended_at,duration_s,level,errors,help,norm_time_s,productivity",
            "steps": "worker,product,cycle,step,index,started_at,duration_s,errors,help",
            "errors": "worker,product,cycle,step,at,kind,input,cleared_by,cleared_after_s",
            "summary": "worker,product,cycles,median_s,p90_s,norm_time_s,productivity,first_pass_yield,errors_per_100,"
                + "help_per_100,level",
        ]
        for (table, names) in columns {
            #expect(text.contains("\(table): \(names)"), "\(table)")
        }
        #expect(text.contains("standard:") && text.contains("excel-nl:"))
        #expect(text.contains("docs/files.md,section \"Export\""))
        let document = try String(contentsOfFile: Repository.root + "/docs/files.md", encoding: .utf8)
        let section = document.components(separatedBy: "\n## ").first { $0.hasPrefix("Export") } ?? ""
        #expect(section.contains("excel-nl"))
        for (table, names) in columns {
            #expect(section.contains(names), "\(table) in docs/files.md")
        }
    }

    @Test(arguments: [
        (["--what", "workers"], "--what 'workers' is not one of"),
        (["--what", "cycles", "--format", "xml"], "--format 'xml' is not one of"),
        (["--what", "cycles", "--since", "yesterday"], "--since 'yesterday' is not a date"),
        (["--what", "cycles", "--dialect", "excel-fr"], "--dialect 'excel-fr' is not one of: standard, excel-nl"),
        (["--what", "cycles", "--format", "json", "--dialect", "excel-nl"], "--dialect excel-nl is for --format csv"),
    ])
    func exportRefusesBadOptions(extra: [String], message: String) throws {
        let temp = TemporaryDirectory()
        _ = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                    "--journal", temp.path + "/j.db")
        let process = try oss(["export", "--journal", temp.path + "/j.db"] + extra)
        #expect(process.status != 0)
        #expect(process.stderr.contains(message), "\(process.stderr)")
        #expect(process.isClean)
    }

    @Test func exportToAFileEqualsStandardOutputAndIsPrivate() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        _ = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                    "--journal", journal, "--start", "2026-03-02T08:00:00Z")
        for what in ["cycles", "steps", "errors", "summary"] {
            let stdout = try oss("export", "--journal", journal, "--what", what)
            let file = temp.path + "/\(what).csv"
            let written = try oss("export", "--journal", journal, "--what", what, "--out", file)
            #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == stdout.stdout)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "per-worker data is readable by its owner only")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).allSatisfy { !$0.hasSuffix(".part") })
        let refused = try oss("export", "--journal", journal, "--what", "cycles", "--out", temp.path + "/missing/x.csv")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot write") && refused.stderr.contains("missing/x.csv"), "\(refused.stderr)")
    }

    @Test func exportOfAMissingJournalFails() throws {
        let run = try oss("export", "--journal", "/nonexistent/j.db", "--what", "cycles")
        #expect(run.status == 1)
        #expect(run.stderr.contains("does not exist"))
    }

    @Test func demoWritesJournalTraceAndSummary() throws {
        let temp = TemporaryDirectory()
        let run = try oss("demo", "--station", Repository.root + "/stations/fietslamp-1", in: temp.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Cycle times against the norm"))
        #expect(run.stdout.contains("Errors per step"))
        #expect(FileManager.default.fileExists(atPath: temp.path + "/demo-out/journal.db"))
        let trace = try String(contentsOfFile: temp.path + "/demo-out/trace.jsonl", encoding: .utf8)
        #expect(trace.contains(#""type": "cycle_done""#))
    }

    @Test func levelSetIsUsedAtEveryCycleStartOfThatWorkerOnly() throws {
        let fixture = StationFixture()
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        let missing = try oss("level", "set", "--journal", journal, "--worker", "W1", "--product", "cap", "2")
        #expect(missing.status == 1 && missing.stderr.contains("does not exist"), "a level is never set in a new journal")
        #expect(!FileManager.default.fileExists(atPath: journal))
        let first = try oss("simulate", "--station", fixture.stationPath, "--events", temp.write("w.jsonl", #"{"t": 0, "login": "W2"}"#),
                            "--journal", journal)
        #expect(first.status == 0, "\(first.stderr)")
        let unknown = try oss("level", "set", "--journal", journal, "--worker", "W1", "--product", "kap", "2")
        #expect(unknown.status == 1 && unknown.stderr.contains("product kap is unknown"), "\(unknown.stderr)")
        let set = try oss("level", "set", "--journal", journal, "--station", fixture.stationPath, "--worker", "W1",
                          "--product", "cap", "--by", "S001", "--reason", "works fast", "2")
        #expect(set.status == 0, "\(set.stderr)")
        let script = temp.write("s.jsonl", """
            {"t": 0, "login": "W1"}
            {"t": 1, "product": "cap"}
            {"t": 2, "input": "bin-2"}
            {"t": 3, "input": "bin-2"}
            {"t": 4, "login": "W2"}
            {"t": 5, "product": "cap"}
            {"t": 6, "input": "bin-2"}
            """)
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", journal, "--trace", "-")
        #expect(run.status == 0, "\(run.stderr)")
        let starts = run.stdout.split(separator: "\n").filter { $0.contains("cycle_start") }
        #expect(starts.filter { $0.contains("\"W1\"") }.count == 3)
        #expect(starts.filter { $0.contains("\"W1\"") }.allSatisfy { $0.contains("\"level\": 2") })
        #expect(starts.filter { $0.contains("\"W2\"") }.allSatisfy { $0.contains("\"level\": 1") })
        let show = try oss("level", "show", "--journal", journal, "--worker", "W1")
        #expect(show.stdout.contains("W1  cap  level 2") && show.stdout.contains("for S001  (works fast)"), "\(show.stdout)")
        let bad = try oss("level", "set", "--journal", journal, "--worker", "W1", "--product", "cap", "4")
        #expect(bad.status != 0 && bad.stderr.contains("LEVEL must be 1"))
    }

    @Test func everyExportIsAuditedWithItsFilters() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        _ = try oss("simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl", "--journal", journal)
        #expect(try oss("audit", "--journal", journal).stdout.contains("Nothing has been exported"))
        _ = try oss("export", "--journal", journal, "--what", "summary", "--format", "json", "--worker", "W042")
        _ = try oss("export", "--journal", journal, "--what", "errors", "--since", "2020-01-01")
        let audit = try oss("audit", "--journal", journal)
        #expect(audit.status == 0)
        let lines = audit.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("export  what=summary format=json worker=W042"))
        #expect(lines[1].contains("what=errors format=csv since=2020-01-01"))
    }

    @Test func reportIsWrittenAndAudited() throws {
        let temp = TemporaryDirectory()
        let journal = temp.path + "/j.db"
        _ = try oss("simulate", "--station", Repository.root + "/stations/fietslamp-1", "--events",
                    Repository.root + "/stations/fietslamp-1/scripts/demo-shift.jsonl", "--journal", journal)
        let run = try oss("report", "--journal", journal, "--worker", "W101", "--out", temp.path + "/w101.html")
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: temp.path + "/w101.html", encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("W101") && !html.contains("W205"))
        #expect(try oss("audit", "--journal", journal).stdout.contains("report  worker=W101"))
        #expect(html.contains("<html lang=\"nl\">") && html.contains("Vaardigheidsrapport") && html.contains("class=\"learning-curve\""))

        let english = try oss("report", "--journal", journal, "--worker", "W101", "--lang", "en", "--out", temp.path + "/en.html")
        #expect(english.status == 0, "\(english.stderr)")
        #expect(try String(contentsOfFile: temp.path + "/en.html", encoding: .utf8).contains("<html lang=\"en\">"))
        let own = try oss("report", "--journal", journal, "--worker", "W101", "--for-worker", "--out", temp.path + "/own.html")
        #expect(own.status == 0, "\(own.stderr)")
        let page = try String(contentsOfFile: temp.path + "/own.html", encoding: .utf8)
        #expect(page.contains("Jouw voortgang") && !page.contains("%") && !page.lowercased().contains("norm"))

        let german = try oss("report", "--journal", journal, "--worker", "W101", "--lang", "de", "--out", temp.path + "/de.html")
        #expect(german.status != 0 && german.stderr.contains("error: --lang 'de' is not one of: nl, en"), "\(german.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/de.html"))
        #expect(try oss("report", "--help").stdout.contains("--for-worker"))
    }

    @Test func runStopsCleanlyOnSIGTERM() throws {
        let fixture = StationFixture()
        let temp = TemporaryDirectory()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "--station", fixture.stationPath, "--journal", temp.path + "/j.db",
                             "--frames", temp.path + "/frames", "--no-realtime"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "UMOCKDEV_DIR")
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        usleep(1_500_000)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("waiting for devices of:"), "missing devices are reported: \(stderr)")
        #expect(stderr.contains("stopped: journal"), "\(stderr)")
        // The missing board blocks the station before any trace event: a picture without an event, after event 0.
        #expect(FileManager.default.fileExists(atPath: temp.path + "/frames/000000-01.png"))
    }

    @Test func runRefusesAMissingFramebufferClearly() throws {
        let fixture = StationFixture()
        let temp = TemporaryDirectory()
        let run = try oss("run", "--station", fixture.stationPath, "--journal", temp.path + "/j.db", "--fb", "/nonexistent/fb0",
                          "--no-realtime")
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent/fb0") && run.stderr.contains("--frames"))
    }

    @Test func benchJSONIsOneObjectOfNumbers() throws {
        let run = try oss("bench", "--json", "--quick", "--only", "full-frame", "--station", Repository.root + "/stations/fietslamp-1")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1, "nothing but the object on standard output")
        guard case .object(let object) = try JSONParser.parse(run.stdout.trimmingCharacters(in: .newlines)) else {
            Issue.record("not a JSON object: \(run.stdout)")
            return
        }
        #expect(object.keys.count == 17)
        guard case .number(let redraw)? = object["full_frame_ms"], case .number(let copy)? = object["memcpy_frame_ms"],
              case .number(let replay)? = object["replay_events_per_s"] else {
            Issue.record("missing figures: \(run.stdout)")
            return
        }
        #expect(redraw.doubleValue > 0 && copy.doubleValue > 0, "the part that ran has figures")
        #expect(replay.doubleValue == 0, "parts left out report 0")
    }

    /// The console part end to end: `oss serve` as its own process, wrk (Debian) asking GET /api/workers.
    @Test func benchMeasuresTheConsoleUnderWrk() throws {
        let run = try oss("bench", "--json", "--quick", "--only", "console", "--station", Repository.root + "/stations/fietslamp-1")
        #expect(run.status == 0, "\(run.stderr)")
        guard case .object(let object) = try JSONParser.parse(run.stdout.trimmingCharacters(in: .newlines)) else {
            Issue.record("not a JSON object: \(run.stdout)")
            return
        }
        for key in ["console_requests_per_s", "console_p99_ms", "event_to_frame_p99_under_console_load", "event_to_frame_p99_beside_console"] {
            guard case .number(let value)? = object[key] else { Issue.record("\(key) missing"); continue }
            #expect(value.doubleValue > 0, "\(key) was measured")
        }
        guard case .number(let replay)? = object["replay_events_per_s"] else { return }
        #expect(replay.doubleValue == 0, "parts left out report 0")
    }

    @Test func benchRefusesAnUnknownPart() throws {
        let run = try oss("bench", "--only", "everything")
        #expect(run.status == 1)
        #expect(run.stderr.contains("--only 'everything' is not one of: event-to-frame, full-frame, replay, export, console"), "\(run.stderr)")
        #expect(run.isClean)
    }

    @Test func everySubcommandHasHelp() throws {
        for command in ["demo", "validate", "simulate", "export", "calibrate", "devices", "run", "level", "audit", "report", "bench"] {
            let run = try oss(command, "--help")
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE"), "\(command)")
        }
    }
}
