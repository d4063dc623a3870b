import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONLines
import Journal
import LinuxSystem
import Operations
import TestSupport

/// A journal made by `oss simulate` of the reference station (one station,
/// worker W042 on bike-light), three console accounts, and the console on
/// it, driven through HummingbirdTesting's router client.
final class ConsoleFixture: @unchecked Sendable {
    static let password = "correct horse battery"
    let temp = TemporaryDirectory()
    let journalPath: String
    let journal: Journal
    let clock = ManualClock(monotonic: 1_000_000, wallAtZero: 1_767_225_600_000_000)
    let console: Console

    init(simulate: Bool = true) throws {
        journalPath = temp.path + "/journal.db"
        if simulate {
            let result = try Self.oss(["simulate", "--station", Repository.demo1, "--events", Repository.demo1 + "/events.jsonl",
                                       "--journal", journalPath, "--start", "2026-03-02T08:00:00Z"])
            precondition(result.status == 0, "oss simulate failed: \(result.errors)")
        }
        journal = try Journal(path: journalPath)
        let accounts = Accounts(journal: journal)
        for (name, role) in [("sam.supervisor", Role.supervisor), ("anna.assessor", .assessor), ("ada.admin", .admin)] {
            try accounts.add(AccountName(name), role: role, password: Password(Self.password), by: .localUser("test"))
        }
        console = Console(workshop: JournalWorkshop(journal: journal, clock: clock), settings: try ConsoleSettings(), clock: clock)
    }

    /// Runs `body` with a browser on the console's router.
    func withBrowser<T>(_ body: @Sendable (TestBrowser) async throws -> T) async throws -> T {
        let application = Application(router: console.router())
        return try await application.test(.router) { client in try await body(TestBrowser(client: client)) }
    }

    /// The `oss` built beside the tests: status, standard output bytes, standard error text.
    static func oss(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: [UInt8], errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ossPath)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output), String(decoding: errors, as: UTF8.self))
    }

    static var ossPath: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss").path
        return FileManager.default.fileExists(atPath: beside) ? beside : Repository.root + "/.build/debug/oss"
    }
}

/// A client that keeps cookies like a browser and remembers the CSRF token.
final class TestBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let expired = line.lowercased().contains("max-age=0") || line.contains("Expires=Thu, 01 Jan 1970")
            cookies[String(pair[0])] = expired || pair[1].isEmpty ? nil : String(pair[1])
        }
        return response
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(.get, uri, headers: headers)
    }

    /// Posts a form (`application/x-www-form-urlencoded`).
    func postForm(_ uri: String, _ fields: [(String, String)], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, uri, headers: headers, body: body)
    }

    func postJSON(_ uri: String, _ json: String, csrf: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return try await send(.post, uri, headers: headers, body: json)
    }

    /// Logs in and answers the session's CSRF token.
    @discardableResult
    func logIn(_ name: String, password: String = ConsoleFixture.password) async throws -> String {
        let response = try await postForm("/login", [("name", name), ("password", password)])
        precondition(response.status == .seeOther, "login of \(name) answered \(response.status)")
        return try await csrf()
    }

    func csrf() async throws -> String {
        let response = try await get("/api/session")
        guard case .object(let object)? = try? JSONParser.parse(String(buffer: response.body)),
              case .string(let token)? = object["csrf"] else { return "" }
        return token
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
