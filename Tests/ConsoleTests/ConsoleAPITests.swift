@testable import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONLines
import Operations
import TestSupport
import Testing

/// The JSON API's shapes and its promises: the same export bytes as the
/// command line, and a level that reaches the station's next cycle.
@Suite("Console API", .serialized)
struct ConsoleAPITests {
    @Test func stationsHaveTheContractsShape() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            try await browser.logIn("sam.supervisor")
            let response = try await browser.get("/api/stations")
            #expect(response.status == .ok)
            guard case .array(let rows)? = try? JSONParser.parse(String(buffer: response.body)), case .object(let row)? = rows.first else {
                Issue.record("not an array of objects: \(String(buffer: response.body))")
                return
            }
            #expect(row.keys == ["station", "name", "worker", "product", "step", "state", "open_error", "updated_at"])
            #expect(row["station"] == .string("demo-1"))
            #expect(row["state"] == .string("idle"))
        }
    }

    @Test func aLevelSetHereIsInTheHistoryAndUsedByTheNextCycle() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("sam.supervisor")
            let set = try await browser.postJSON("/api/levels", #"{"worker":"W042","product":"bike-light","level":3,"reason":"werkt zelfstandig"}"#,
                                                 csrf: token)
            #expect(set.status == .ok)
            #expect(String(buffer: set.body) == #"{"worker": "W042", "product": "bike-light", "level": 3}"#)
            let history = try await browser.get("/api/levels?worker=W042&product=bike-light")
            guard case .array(let rows)? = try? JSONParser.parse(String(buffer: history.body)), case .object(let newest)? = rows.first else {
                Issue.record("no history: \(String(buffer: history.body))")
                return
            }
            #expect(newest.keys == ["worker", "product", "level", "set_by", "set_at", "reason"])
            #expect(newest["set_by"] == .string("sam.supervisor"))
            #expect(newest["level"].map { if case .number(let n) = $0 { n.literal } else { "" } } == "3")
            #expect(newest["reason"] == .string("werkt zelfstandig"))
            #expect(try await browser.get("/api/levels?worker=W999").body.readableBytes == 2, "[] for a worker without changes")
        }
        // The station's next run on the same journal starts W042's cycles at level 3.
        let run = try ConsoleFixture.oss(["simulate", "--station", Repository.demo1, "--events",
                                          Repository.demo1 + "/events.jsonl", "--journal", fixture.journalPath, "--trace", "-"])
        #expect(run.status == 0, "\(run.errors)")
        let starts = String(decoding: run.output, as: UTF8.self).split(separator: "\n").filter { $0.contains("\"cycle_start\"") }
        #expect(!starts.isEmpty)
        #expect(starts.allSatisfy { $0.contains("\"level\": 3") }, "\(starts)")
    }

    @Test func exportsAreTheSameBytesAsTheCommandLine() async throws {
        let fixture = try ConsoleFixture()
        let cases: [(String, [String])] = [
            ("cycles.csv", []), ("steps.csv", []), ("errors.json", []), ("summary.csv", []), ("cycles.xlsx", []), ("steps.xlsx", []),
            ("cycles.csv?dialect=excel-nl", ["--dialect", "excel-nl"]),
            ("cycles.json?worker=W042&since=2026-03-01&until=2026-03-03", ["--worker", "W042", "--since", "2026-03-01", "--until", "2026-03-03"]),
            ("cycles.csv?include_abandoned=1", ["--include-abandoned"]),
            ("cycles.csv?with_names=1", ["--with-names"]),
        ]
        try await fixture.withBrowser { browser in
            try await browser.logIn("ada.admin")
            for (file, options) in cases {
                let name = String(file.prefix { $0 != "?" })
                let parts = name.split(separator: ".")
                let response = try await browser.get("/api/export/" + file)
                #expect(response.status == .ok, "\(file)")
                let cli = try ConsoleFixture.oss(["export", "--journal", fixture.journalPath, "--what", String(parts[0]),
                                                  "--format", String(parts[1])] + options)
                #expect(cli.status == 0)
                let same = Array(response.body.readableBytesView) == cli.output
                #expect(same, "\(file): console and oss export differ")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(name)\"")
            }
            let audit = try await browser.get("/api/audit")
            guard case .array(let rows)? = try? JSONParser.parse(String(buffer: audit.body)), case .object(let newest)? = rows.first else {
                Issue.record("no audit")
                return
            }
            #expect(newest.keys == ["at", "account", "what", "detail"])
            #expect(rows.contains { row in
                guard case .object(let object) = row else { return false }
                return object["account"] == .string("ada.admin") && object["what"] == .string("export")
            }, "the export is audited with the console account")
        }
    }

    @Test func exportRouteRefusesWhatIsNotAnExport() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            try await browser.logIn("anna.assessor")
            for path in ["/api/export/cycles", "/api/export/cycles.pdf", "/api/export/workers.csv", "/api/export/..%2F..%2Fetc%2Fpasswd",
                         "/api/export/cycles.csv.csv", "/api/export/%2e%2e.csv", "/api/export/../../etc/passwd"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound || response.status == .badRequest, "\(path): \(response.status)")
                #expect(!String(buffer: response.body).contains("root:"), "\(path)")
            }
            for query in ["dialect=excel", "format=xlsx&dialect=excel-nl", "since=yesterday", "until=2026-01-01&since=2026-02-01",
                          "worker=%00", "with_names=yes", "bogus=1", "worker=a&worker=b"] {
                let file = query.hasPrefix("format=") ? "cycles.xlsx?" + query.dropFirst(12) : "cycles.csv?" + query
                let response = try await browser.get("/api/export/" + file)
                #expect(response.status == .badRequest, "\(query): \(response.status)")
            }
        }
    }
}
