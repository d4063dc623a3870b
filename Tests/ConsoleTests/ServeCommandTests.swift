import Foundation
import Testing

/// `oss serve` as an administrator starts it: the line it prints, what it
/// refuses, and a clean stop on SIGTERM and SIGINT.
@Suite("oss serve", .serialized)
struct ServeCommandTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func printsWhereItListensAndStopsCleanly(signal: Int32) throws {
        let fixture = try ConsoleFixture()
        let (process, line) = try Self.startServe(["--journal", fixture.journalPath, "--listen", "127.0.0.1:0"])
        let match = line.firstMatch(of: /^listening on http:\/\/127\.0\.0\.1:(\d+)\n/)
        #expect(match != nil, "\(line)")
        if let port = match.map({ String($0.1) }) {
            let status = try Self.curlStatus("http://127.0.0.1:\(port)/api/session")
            #expect(status == "401")
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func servesHTTPSWithACertificateAndSendsSecureCookies() throws {
        let fixture = try ConsoleFixture()
        let cert = fixture.temp.path + "/cert.pem", key = fixture.temp.path + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                             "-subj", "/CN=localhost"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0, "openssl (Debian openssl) makes a test certificate")
        let (process, line) = try Self.startServe(["--journal", fixture.journalPath, "--listen", "0.0.0.0:0", "--tls-cert", cert, "--tls-key", key])
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let match = line.firstMatch(of: /^listening on https:\/\/0\.0\.0\.0:(\d+)\n/)
        #expect(match != nil, "\(line)")
        guard let port = match.map({ String($0.1) }) else { return }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sk", "-D", "-", "-o", "/dev/null", "--max-time", "10", "-d",
                          "name=ada.admin&password=correct+horse+battery", "https://127.0.0.1:\(port)/login"]
        let headers = Pipe()
        curl.standardOutput = headers
        try curl.run()
        curl.waitUntilExit()
        let text = String(decoding: headers.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 303"), "\(text)")
        #expect(text.contains("Secure") && text.contains("oss_session="))
        #expect(text.lowercased().contains("strict-transport-security"))
    }

    @Test func refusesWhatItMustNot() throws {
        let fixture = try ConsoleFixture()
        let exposed = try ConsoleFixture.oss(["serve", "--journal", fixture.journalPath, "--listen", "0.0.0.0:0"])
        #expect(exposed.status == 64)
        #expect(exposed.errors.contains("--tls-cert"))
        let missing = try ConsoleFixture.oss(["serve", "--journal", fixture.temp.path + "/none.db", "--listen", "127.0.0.1:0"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("none.db"))
        #expect(!FileManager.default.fileExists(atPath: fixture.temp.path + "/none.db"), "serve creates no journal")
        let (first, line) = try Self.startServe(["--journal", fixture.journalPath, "--listen", "127.0.0.1:0"])
        defer {
            kill(first.processIdentifier, SIGTERM)
            first.waitUntilExit()
        }
        let port = try #require(line.firstMatch(of: /:(\d+)\n/)).1
        let taken = try ConsoleFixture.oss(["serve", "--journal", fixture.journalPath, "--listen", "127.0.0.1:\(port)"])
        #expect(taken.status == 1)
        #expect(taken.errors.contains("cannot listen on http://127.0.0.1:\(port): Address already in use"), "\(taken.errors)")
        let badTLS = try ConsoleFixture.oss(["serve", "--journal", fixture.journalPath, "--listen", "127.0.0.1:0",
                                              "--tls-cert", fixture.temp.path + "/no.pem", "--tls-key", fixture.temp.path + "/no.key"])
        #expect(badTLS.status == 1)
        #expect(badTLS.errors.contains("TLS"))
        #expect(!badTLS.errors.contains("NIOSSL"), "our words, not the library's")
    }

    /// Starts `oss serve` with `arguments` and reads its first line (empty if it ended first).
    static func startServe(_ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ConsoleFixture.ossPath)
        process.arguments = ["serve"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        return (process, line)
    }

    static func curlStatus(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
