import Benchmarks
import Foundation
import JSONLines
import Testing
import TestSupport

/// `oss serve --postgres`: the console over the whole site, as an
/// administrator starts it after two stations synced.
@Suite("oss serve --postgres", .serialized)
struct ServeSiteCommandTests {
    static let fietslamp = Repository.root + "/stations/fietslamp-1"

    @Test func showsEveryStationAndExportsAsTheCommandLineDoes() throws {
        let temp = TemporaryDirectory()
        let server = try ScratchPostgres()
        let inpak = temp.path + "/inpak.db", fiets = temp.path + "/fiets.db"
        try SyncCommandTests.simulatedJournal(inpak, hours: 1, in: temp)
        _ = temp.write("fiets.jsonl", try generatedScript(station: Self.fietslamp, hours: 1))
        let simulated = try oss("simulate", "--station", Self.fietslamp, "--events", temp.path + "/fiets.jsonl", "--journal", fiets,
                                "--start", "2026-03-02T08:00:00Z")
        #expect(simulated.status == 0, "\(simulated.stderr)")
        for journal in [inpak, fiets] {
            let sync = try oss("sync", "--journal", journal, "--postgres", server.url)
            #expect(sync.status == 0, "\(sync.stderr)")
        }
        let added = try oss(["user", "add", "--postgres", server.url, "--name", "ada.assessor", "--role", "assessor",
                             "--password-stdin"], standardInput: Data("correct horse battery\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")

        let serve = try OSSProcess.start(["serve", "--postgres", server.url, "--listen", "127.0.0.1:0"])
        var line = ""
        for _ in 0..<300 where !line.contains("\n") {
            line = serve.standardOutput()
            if !serve.process.isRunning { break }
            usleep(50_000)
        }
        let port = try #require(line.firstMatch(of: /^listening on http:\/\/127\.0\.0\.1:(\d+)\n/), "\(serve.standardError())").1
        let base = "http://127.0.0.1:\(port)"
        let curl = try ExternalTool("curl", package: "curl")
        let jar = temp.path + "/cookies"
        let login = try curl.run(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20", "-c", jar,
                                  "-d", "name=ada.assessor&password=correct+horse+battery", base + "/login"])
        #expect(login.output == "303", "a login with the site's account")

        let stations = try curl.run(["-s", "--max-time", "20", "-b", jar, base + "/api/stations"])
        guard case .array(let rows) = try JSONParser.parse(stations.output) else {
            Issue.record("not an array: \(stations.output)")
            return
        }
        let ids = rows.compactMap { row -> String? in
            guard case .object(let object) = row, case .string(let id)? = object["station"] else { return nil }
            return id
        }
        #expect(ids == ["fietslamp-1", "inpak-2"], "\(stations.output)")

        let download = try curl.run(["-s", "--max-time", "60", "-b", jar, base + "/api/export/cycles.csv"])
        let command = try oss("export", "--postgres", server.url, "--what", "cycles")
        #expect(command.status == 0, "\(command.stderr)")
        #expect(download.output == command.stdout && command.stdout.split(separator: "\n").count > 20)

        let workers = try curl.run(["-s", "--max-time", "20", "-b", jar, base + "/api/workers"])
        #expect(workers.output.contains("\"advice\": null") && !workers.output.contains("\"advice\": 1"), "\(workers.output.prefix(300))")

        // The admin's accounts page works at the site (it lists the site's accounts, no names).
        let admin = try oss(["user", "add", "--postgres", server.url, "--name", "anna.admin", "--role", "admin", "--password-stdin"],
                            standardInput: Data("correct horse battery\n".utf8))
        #expect(admin.status == 0, "\(admin.stderr)")
        let adminJar = temp.path + "/admin-cookies"
        _ = try curl.run(["-s", "-o", "/dev/null", "--max-time", "20", "-c", adminJar,
                          "-d", "name=anna.admin&password=correct+horse+battery", base + "/login"])
        let accounts = try curl.run(["-s", "--max-time", "20", "-b", adminJar, "-w", "\n%{http_code}", base + "/accounts"])
        #expect(accounts.output.hasSuffix("\n200") && accounts.output.contains("ada.assessor"), "\(accounts.output.suffix(200))")

        for page in ["/", "/workers", "/levels", "/exports", "/audit", "/purge", "/api/levels", "/api/audit"] {
            let status = try curl.run(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20", "-b", adminJar, base + page])
            #expect(status.output == "200", "\(page): \(status.output)")
        }

        kill(serve.identifier, SIGTERM)
        #expect(serve.wait() == 0, "\(serve.standardError())")
        let audit = try server.psql("SELECT count(*) FROM audit WHERE journal IS NULL AND action = 'export'")
        #expect(audit == "2", "the download and the command are both audited centrally")
    }

    @Test func refusesBothPlacesAndAMissingSchema() throws {
        let server = try ScratchPostgres()
        let both = try oss("serve", "--postgres", server.url, "--journal", "/tmp/none.db", "--listen", "127.0.0.1:0")
        #expect(both.status == 64 && both.stderr.contains("not both"))
        let empty = try oss("serve", "--postgres", server.url, "--listen", "127.0.0.1:0")
        #expect(empty.status == 1 && empty.stderr.contains("run oss sync"), "\(empty.stderr)")
        let secret = try oss("serve", "--postgres", "postgresql://u:hunter22@localhost/site", "--listen", "127.0.0.1:0")
        #expect(secret.status != 0 && !secret.stderr.contains("hunter22"))
    }
}
